extension MapEngine {
  /// Whether every channel is "own class: a per-voxel value, other classes: a per-domain
  /// constant", so the RW loss has a closed form from one multi-label transform.
  public var hasClosedFormLoss: Bool { options.kind.info.hasClosedFormLoss }

  /// Per-slice RW loss sums `sum_x l(x)` along i, j and k (index by `VolumeAxis.rawValue`).
  ///
  /// For rrw, rrw-ci, rw-ac, wce and hd-dtm this is one pass over the prediction using the
  /// closed form `l = sum_k P_k o_k + P_c (z_c - o_c)` (o_k: class k's outside value, z_c: the
  /// voxel's own-class value from the multi-label transform) — no per-class channel is made.
  /// Other maps stream their channels through `evaluate`.
  public func rwProfiles(prediction: Prediction) throws -> [[Double]] {
    guard prediction.dims == labels.dims, prediction.classCount == classCount else {
      throw RWLossError("prediction", "does not match the labels' grid and classes")
    }
    guard hasClosedFormLoss else {
      let f = try evaluate(prediction: prediction)
      return VolumeAxis.allCases.map { a in
        let p = f.profile(a)
        return (0..<p.sliceCount).map { p.slice(p.rw, $0) }
      }
    }
    return withFullRegion { r in closedFormProfiles(region: r, prediction: prediction) }
  }

  private func closedFormProfiles(region r: RegionMaps, prediction: Prediction) -> [[Double]] {
    let k = classCount
    let kind = options.kind
    let values = closedFormValues(region: r)
    let outV = values.outside
    let inV = values.inside
    let ml = values.distances
    let allOnes = outV.allSatisfy { $0 == 1 }
    let dims = labels.dims
    let nx = dims[0]
    let ny = dims[1]
    let nz = dims[2]
    let n = labels.voxelCount
    let shape = r.shape
    let outC = outV
    let inC = inV
    // A label map's P is its one-hot: sum_k P_k o_k = o_p and P_c is 1 or 0 (same sums).
    let probs = prediction.probabilities ?? []
    let predLabels = prediction.labelMap ?? []
    let hasLabels = !predLabels.isEmpty
    let hasDistance = !ml.isEmpty
    // One slot of partial sums per worker, merged in worker order (deterministic).
    let workers = WorkerPool.workers(nz)
    var parts = [[[Double]]](repeating: [], count: workers)
    parts.withSharedMutable { slots in
      labels.labels.withShared { lp in
        probs.withShared { pp in
          predLabels.withShared { pl in
            ml.withShared { mp in
              WorkerPool.forEachRange(nz) { w, planes in
                var pi = [Double](repeating: 0, count: nx)
                var pj = [Double](repeating: 0, count: ny)
                var pk = [Double](repeating: 0, count: nz)
                shape.forEachRow(planes: planes) { start, dRow in
                  let j = (start / nx) % ny
                  let kk = start / (nx * ny)
                  var rowSum = 0.0
                  for i in 0..<nx {
                    let t = start + i
                    let d = dRow >= 0 ? dRow : i
                    let c = Int(lp[t])
                    let base = d * k
                    var s = 0.0
                    var pc = 0.0
                    if hasLabels {
                      let q = Int(pl[t])
                      s = outC[base + q]
                      pc = q == c ? 1 : 0
                    } else {
                      if allOnes {
                        for q in 0..<k { s += Double(pp[q * n + t]) }
                      } else {
                        for q in 0..<k { s += Double(pp[q * n + t]) * outC[base + q] }
                      }
                      pc = Double(pp[c * n + t])
                    }
                    let z: Double
                    if hasDistance {
                      let dist = Double(mp[t])
                      z = kind == .hdDTM ? dist : dist * inC[base + c]
                    } else {
                      z = inC[base + c]
                    }
                    let l = s + pc * (z - outC[base + c])
                    rowSum += l
                    pi[i] += l
                  }
                  pj[j] += rowSum
                  pk[kk] += rowSum
                }
                slots[w] = [pi, pj, pk]
              }
            }
          }
        }
      }
    }
    var result = [
      [Double](repeating: 0, count: nx), [Double](repeating: 0, count: ny),
      [Double](repeating: 0, count: nz),
    ]
    for part in parts where !part.isEmpty {
      for a in 0..<3 { for q in 0..<result[a].count { result[a][q] += part[a][q] } }
    }
    return result
  }
}
