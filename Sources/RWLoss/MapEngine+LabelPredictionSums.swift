#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension MapEngine {
  /// The per-slice sums of a label-prediction evaluation from its per-voxel results, in the
  /// blocks, rows and order of `evaluatePerClass` (its class pass and its conclusions pass share
  /// no slot, so one pass adds the same numbers in the same order).
  func labelPredictionSums(
    _ pred: [Int32], voxels: inout LabelPredictionVoxels, domains: PerClassDomains,
    voxelOutputs: Bool, completed: (@Sendable (CompletedPlanes) -> Void)? = nil
  ) -> LossField {
    let shape = fullShape
    let dims = labels.dims
    let k = classCount
    let n = labels.voxelCount
    let (nx, ny, nz) = (dims[0], dims[1], dims[2])
    let nq = Self.streamQuantities
    let values = PerClassValues(options)
    let planesPerBlock = max(1, (nz + 15) / 16)
    let blocks = (nz + planesPerBlock - 1) / planesPerBlock
    let presentCount = domains.presentList.map(\.count)
    var alongIJ = [Double](repeating: 0, count: (nx + ny) * k * nq)
    var alongK = [Double](repeating: 0, count: nz * k * nq)
    var flags = [UInt8](repeating: 0, count: voxelOutputs ? n : 0)
    var vloss = [Float](repeating: 0, count: voxelOutputs ? n : 0)
    var parts = [[Double]](repeating: [], count: blocks)
    let lab = labels.labels
    parts.withSharedMutable { slots in
      flags.withSharedMutable { fl in
        vloss.withSharedMutable { vl in
          alongK.withSharedMutable { ka in
            voxels.mlSquared.withShared { mp in
              voxels.predictedSquared.withShared { qp in
                voxels.bViolation.withShared { bp in
                  lab.withShared { lp in
                    pred.withShared { pp in
                      WorkerPool.forEachChunk(nz, size: planesPerBlock) { b, planes in
                        var part = [Double](repeating: 0, count: (nx + ny) * k * nq)
                        var rowAcc = [Double](repeating: 0, count: k * nq)
                        part.withUnsafeMutableBufferPointer { acc in
                          rowAcc.withUnsafeMutableBufferPointer { ra in
                            let colA = acc.baseAddress.unsafelyUnwrapped
                            let rowA = ra.baseAddress.unsafelyUnwrapped
                            for kk in planes {
                              for j in 0..<ny {
                                ra.update(repeating: 0)
                                let row = nx * (j + ny * kk)
                                for i in 0..<nx {
                                  let t = row + i
                                  let d: Int
                                  switch shape.domainAxis {
                                  case .some(2): d = kk
                                  case .some(1): d = j
                                  case .some(0): d = i
                                  default: d = 0
                                  }
                                  let c = Int(lp[t])
                                  let p = Int(pp[t])
                                  let mlD = Double(mp[t]).squareRoot()
                                  let zc = values.inside(mlD)
                                  let l = p == c ? zc : values.outside(Double(qp[t]).squareRoot())
                                  // The other classes' smallest value: the nearest other class,
                                  // or 0 from an absent class's channel.
                                  var minO = presentCount[d] >= 2 ? values.outside(mlD) : .infinity
                                  if k > 1 && domains.hasZero(d, c) { minO = min(minO, 0) }
                                  let pc: Double = p == c ? 1 : 0
                                  let f = Self.voxelFlags(
                                    k: k, zc: zc, minO: minO, bViolation: bp[t] != 0,
                                    minOP: p == c ? .infinity : l, l: l, pc: pc)
                                  if voxelOutputs {
                                    vl[t] = Float(l)
                                    fl[t] = f
                                  }
                                  // The class pass's quantities: rw, pY, pSum, ySum.
                                  let pa = p * nq
                                  let ca = c * nq
                                  rowA[pa] += l
                                  rowA[pa + 2] += 1
                                  if p == c { rowA[ca + 1] += 1 }
                                  rowA[ca + 3] += 1
                                  let col = colA + i * k * nq
                                  col[pa] += l
                                  col[pa + 2] += 1
                                  if p == c { col[ca + 1] += 1 }
                                  col[ca + 3] += 1
                                  let logp = log(pc + 1e-15)
                                  let fo = 1 - pc + 1e-15
                                  let focal = -(fo * fo) * logp
                                  let lowest = min(zc, minO)
                                  Self.addTruthTerms(
                                    rowA + ca, ce: -logp, focal: focal, lowest: lowest, flags: f)
                                  Self.addTruthTerms(
                                    col + ca, ce: -logp, focal: focal, lowest: lowest, flags: f)
                                }
                                let jRow = colA + (nx + j) * k * nq
                                let kRow = kk * k * nq
                                for x in 0..<(k * nq) {
                                  jRow[x] += rowA[x]
                                  ka[kRow + x] += rowA[x]
                                }
                              }
                            }
                          }
                        }
                        slots[b] = part
                        completed?(CompletedPlanes(planes: planes, classCount: k, alongK: ka))
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    for part in parts where !part.isEmpty {
      for x in 0..<alongIJ.count { alongIJ[x] += part[x] }
    }
    let profiles = [
      Self.profile(.i, dims: dims, k: k, sums: alongIJ[0..<(nx * k * nq)]),
      Self.profile(.j, dims: dims, k: k, sums: alongIJ[(nx * k * nq)...]),
      Self.profile(.k, dims: dims, k: k, sums: alongK[...]),
    ]
    return LossField(
      options: options, classCount: k, dims: dims, voxelLoss: vloss, voxelFlags: flags,
      profiles: profiles)
  }
}
