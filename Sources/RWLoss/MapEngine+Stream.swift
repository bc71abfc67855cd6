import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The closed-form maps' per-domain values: every class's outside value and own-class scale.
struct ClosedFormValues {
  /// Outside value of class k in domain d at `d*K + k`.
  var outside: [Double]
  /// Own-class scale (rrw, rrw-ci), value (rw-ac, wce) or unused (hd-dtm) at `d*K + k`.
  var inside: [Double]
  /// Multi-label distances when the map needs them, else empty.
  var distances: [Float]
}

extension MapEngine {
  /// Quantities summed per slice and class, in `StreamAccumulator` order.
  static let streamQuantities = 12

  /// The per-domain constants of a closed-form map (`hasClosedFormLoss`), as the channels use
  /// them: `Z_k = outside` off class k, `Z_c = distance * inside` (rrw, rrw-ci), `distance`
  /// (hd-dtm) or `inside` (rw-ac, wce) on it.
  func closedFormValues(region r: RegionMaps) -> ClosedFormValues {
    let k = classCount
    let nd = r.shape.domainCount
    let kind = options.kind
    let needsDistance = kind == .rrw || kind == .rrwCI || kind == .hdDTM
    let ml = needsDistance ? r.multiLabelDistances() : []
    var outV = [Double](repeating: 0, count: nd * k)
    var inV = [Double](repeating: 0, count: nd * k)
    for d in 0..<nd {
      let present = (0..<k).filter { r.counts[d * k + $0] > 0 }.count
      for c in 0..<k {
        let i = d * k + c
        switch kind {
        case .rrw, .rrwCI:
          outV[i] = kind == .rrw ? 1 : options.ratio[c]
          inV[i] = -1 / (r.maxInsideDistance(domain: d, class: c) + 1e-15)
        case .rwAC:
          outV[i] = 1
          inV[i] = 0
        case .wce:
          outV[i] = 0
          if let w = options.weights {
            inV[i] = -w[c]
          } else {
            let nk = r.counts[i]
            inV[i] = nk > 0 ? -Double(r.shape.domainSize) / Double(present * nk) : 0
          }
        default:
          outV[i] = 0
          inV[i] = 1
        }
      }
    }
    return ClosedFormValues(outside: outV, inside: inV, distances: ml)
  }

  /// The evaluation of a closed-form map in one parallel pass: fixed blocks of k-planes on the
  /// cores, classes inner, no per-voxel accumulators. Per-slice sums along k are made within a
  /// block; along i and j each block keeps partials, added in block order (the result does not
  /// depend on the number of cores). A label map is its implicit one-hot: O(1) a voxel.
  /// Writes the per-voxel loss and flags only when `voxelOutputs`.
  func evaluateClosedForm(
    prediction: Prediction, voxelOutputs: Bool, progress: (@Sendable (Double) -> Void)?,
    isCancelled: (@Sendable () -> Bool)?, completed: (@Sendable (CompletedPlanes) -> Void)? = nil
  ) throws -> LossField {
    let values = withFullRegion { closedFormValues(region: $0) }
    let shape = fullShape
    let k = classCount
    let dims = labels.dims
    let nx = dims[0]
    let ny = dims[1]
    let nz = dims[2]
    let n = labels.voxelCount
    let nq = Self.streamQuantities
    let kind = options.kind
    let nd = shape.domainCount
    // Per domain and true class: the smallest and largest other class's value (label maps).
    var minOther = [Double](repeating: .infinity, count: nd * k)
    var maxOther = [Double](repeating: -.infinity, count: nd * k)
    for d in 0..<nd {
      for c in 0..<k {
        for q in 0..<k where q != c {
          let v = values.outside[d * k + q]
          if v < minOther[d * k + c] { minOther[d * k + c] = v }
          if v > maxOther[d * k + c] { maxOther[d * k + c] = v }
        }
      }
    }
    let probs = prediction.probabilities ?? []
    let logits = prediction.logits ?? []
    let predLabels = prediction.labelMap ?? []
    let hasLabels = !predLabels.isEmpty
    let hasLogits = !logits.isEmpty
    let hasDistance = !values.distances.isEmpty
    let planesPerBlock = max(1, (nz + 15) / 16)
    let blocks = (nz + planesPerBlock - 1) / planesPerBlock
    let partSize = (nx + ny) * k * nq
    var parts = [[Double]](repeating: [], count: blocks)
    var merged = [Double](repeating: 0, count: partSize)
    // Each block's partial sums are K-sized per row and column: the blocks run in waves of
    // one per worker, each wave added (in block order, as before) and freed before the next,
    // so memory does not grow with K times the blocks.
    let wave = WorkerPool.workers(blocks)
    var alongK = [Double](repeating: 0, count: nz * k * nq)
    var vloss = voxelOutputs ? [Float](repeating: 0, count: n) : []
    var flags = voxelOutputs ? [UInt8](repeating: 0, count: n) : []
    let done = Mutex(0)
    parts.withSharedMutable { slots in
      merged.withSharedMutable { mg in
        alongK.withSharedMutable { ka in
          vloss.withSharedMutable { vl in
            flags.withSharedMutable { fl in
              labels.labels.withShared { lp in
                probs.withShared { pp in
                  logits.withShared { xp in
                    predLabels.withShared { pl in
                      values.distances.withShared { mp in
                        let kernel = ClosedFormKernel(
                          shape: shape, k: k, n: n, kind: kind, hasLabels: hasLabels,
                          hasLogits: hasLogits, hasDistance: hasDistance,
                          voxelOutputs: voxelOutputs, outside: values.outside,
                          inside: values.inside, minOther: minOther, maxOther: maxOther, lp: lp,
                          pp: pp, xp: xp, pl: pl, mp: mp, loss: vl, flags: fl, alongK: ka)
                        for first in stride(from: 0, to: blocks, by: wave) {
                          let count = min(wave, blocks - first)
                          WorkerPool.forEachChunk(count, size: 1) { i, _ in
                            if isCancelled?() == true { return }
                            let b = first + i
                            let planes = (b * planesPerBlock)..<min(nz, (b + 1) * planesPerBlock)
                            slots[b] = kernel.block(planes, partSize: partSize)
                            completed?(CompletedPlanes(planes: planes, classCount: k, alongK: ka))
                            let finished = done.withLock { v in
                              v += 1
                              return v
                            }
                            progress?(Double(finished) / Double(blocks))
                          }
                          for b in first..<(first + count) {
                            let part = slots[b]
                            if !part.isEmpty { for x in 0..<partSize { mg[x] += part[x] } }
                            slots[b] = []
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
      }
    }
    if isCancelled?() == true { throw CancelledError() }
    let profiles = [
      Self.profile(.i, dims: dims, k: k, sums: merged[0..<(nx * k * nq)]),
      Self.profile(.j, dims: dims, k: k, sums: merged[(nx * k * nq)..<partSize]),
      Self.profile(.k, dims: dims, k: k, sums: alongK[...]),
    ]
    return LossField(
      options: options, classCount: k, dims: dims, voxelLoss: vloss, voxelFlags: flags,
      profiles: profiles)
  }

  /// The `VoxelFlag` bits of a voxel from its true class's value `zc`, the other classes'
  /// smallest and largest values, the smallest value among other classes with mass, the loss
  /// and the true class's probability.
  @inline(__always)
  static func voxelFlags(
    k: Int, zc: Double, minO: Double, maxO: Double, minOP: Double, l: Double, pc: Double
  ) -> UInt8 {
    voxelFlags(k: k, zc: zc, minO: minO, bViolation: maxO != minO, minOP: minOP, l: l, pc: pc)
  }

  /// `voxelFlags` with principle B already decided (the other classes' values not all equal).
  @inline(__always)
  static func voxelFlags(
    k: Int, zc: Double, minO: Double, bViolation: Bool, minOP: Double, l: Double, pc: Double
  ) -> UInt8 {
    var f: UInt8 = 0
    if k > 1 {
      if !(zc < minO) { f |= VoxelFlag.aViolation }
      if zc == minO { f |= VoxelFlag.aTie }
      if bViolation { f |= VoxelFlag.bViolation }
      if minOP < l { f |= VoxelFlag.wrongLogitPushedUp }
    }
    if pc > 0 && zc > l { f |= VoxelFlag.gtLogitPushedDown }
    return f
  }

  /// Adds one voxel's by-truth terms (quantities 4...11; `ySum`, 3, is added by the caller) at `a` (its true class's slot).
  @inline(__always)
  static func addTruthTerms(
    _ a: UnsafeMutablePointer<Double>, ce: Double, focal: Double, lowest: Double, flags f: UInt8
  ) {
    a[4] += ce
    a[5] += focal
    a[6] += lowest
    if f & VoxelFlag.aViolation != 0 { a[7] += 1 }
    if f & VoxelFlag.aTie != 0 { a[8] += 1 }
    if f & VoxelFlag.bViolation != 0 { a[9] += 1 }
    if f & VoxelFlag.wrongLogitPushedUp != 0 { a[10] += 1 }
    if f & VoxelFlag.gtLogitPushedDown != 0 { a[11] += 1 }
  }

  /// An `AxisProfile` from sums laid out `(slice * K + class) * 12 + quantity`.
  static func profile(_ axis: VolumeAxis, dims: [Int], k: Int, sums: ArraySlice<Double>)
    -> AxisProfile
  {
    let slices = dims[axis.rawValue]
    var p = AxisProfile(
      axis: axis, sliceCount: slices, classCount: k,
      sliceSize: dims[0] * dims[1] * dims[2] / slices)
    let nq = streamQuantities
    let o = sums.startIndex
    for s in 0..<(slices * k) {
      let b = o + s * nq
      p.rw[s] = sums[b]
      p.pY[s] = sums[b + 1]
      p.pSum[s] = sums[b + 2]
      p.ySum[s] = sums[b + 3]
      p.ce[s] = sums[b + 4]
      p.focal[s] = sums[b + 5]
      p.lowest[s] = sums[b + 6]
      p.aViolations[s] = Int(sums[b + 7])
      p.aTies[s] = Int(sums[b + 8])
      p.bViolations[s] = Int(sums[b + 9])
      p.wrongLogitPushedUp[s] = Int(sums[b + 10])
      p.gtLogitPushedDown[s] = Int(sums[b + 11])
    }
    return p
  }
}

/// One block of k-planes of the closed-form evaluation (`MapEngine.evaluateClosedForm`).
struct ClosedFormKernel: Sendable {
  let shape: RegionShape
  let k: Int
  let n: Int
  let kind: MapKind
  let hasLabels: Bool
  let hasLogits: Bool
  let hasDistance: Bool
  let voxelOutputs: Bool
  /// Per domain and class (`d*K + k`): outside value, own-class scale or value, and the
  /// smallest and largest outside value of the other classes.
  let outside: [Double]
  let inside: [Double]
  let minOther: [Double]
  let maxOther: [Double]
  /// Ground truth, probabilities, logits, predicted labels, multi-label distances.
  let lp: SharedBuffer<Int32>
  let pp: SharedBuffer<Float>
  let xp: SharedBuffer<Float>
  let pl: SharedBuffer<Int32>
  let mp: SharedBuffer<Float>
  /// Outputs: per-voxel loss and flags (when `voxelOutputs`), per-plane sums along k.
  let loss: SharedBuffer<Float>
  let flags: SharedBuffer<UInt8>
  let alongK: SharedBuffer<Double>

  /// The block's sums along i then j (`(slice*K + class)*12 + quantity`); its planes' sums
  /// along k go straight to `alongK` (no other block touches them).
  func block(_ planes: Range<Int>, partSize: Int) -> [Double] {
    let nq = MapEngine.streamQuantities
    let nx = shape.dims[0]
    let ny = shape.dims[1]
    var part = [Double](repeating: 0, count: partSize)
    var row = [Double](repeating: 0, count: k * nq)
    var e = [Double](repeating: 0, count: k)
    part.withUnsafeMutableBufferPointer { acc in
      row.withUnsafeMutableBufferPointer { ra in
        e.withUnsafeMutableBufferPointer { ep in
          let colA = acc.baseAddress.unsafelyUnwrapped
          let rowA = ra.baseAddress.unsafelyUnwrapped
          shape.forEachRow(planes: planes) { start, dRow in
            ra.update(repeating: 0)
            for i in 0..<nx {
              voxel(
                start &+ i, domain: dRow >= 0 ? dRow : i, row: rowA, col: colA + i &* k &* nq, e: ep
              )
            }
            let j = (start / nx) % ny
            let kk = start / (nx * ny)
            let jRow = colA + (nx &+ j) &* k &* nq
            let kRow = kk &* k &* nq
            for x in 0..<(k &* nq) {
              jRow[x] += rowA[x]
              alongK[kRow &+ x] += rowA[x]
            }
          }
        }
      }
    }
    return part
  }

  /// Adds voxel `t`'s terms to its row's and its column's sums.
  @inline(__always)
  func voxel(
    _ t: Int, domain d: Int, row: UnsafeMutablePointer<Double>, col: UnsafeMutablePointer<Double>,
    e: UnsafeMutableBufferPointer<Double>
  ) {
    let nq = MapEngine.streamQuantities
    let c = Int(lp[t])
    let base = d &* k
    let zc: Double
    if hasDistance {
      let dist = Double(mp[t])
      zc = kind == .hdDTM ? dist : dist * inside[base &+ c]
    } else {
      zc = inside[base &+ c]
    }
    var l = 0.0
    var pc = 0.0
    var minO = Double.infinity
    var maxO = -Double.infinity
    var minOP = Double.infinity
    if hasLabels {
      // The implicit one-hot: P is 1 at the predicted class, 0 elsewhere.
      let q = Int(pl[t])
      let z = q == c ? zc : outside[base &+ q]
      l = z
      row[q &* nq] += z
      row[q &* nq &+ 2] += 1
      col[q &* nq] += z
      col[q &* nq &+ 2] += 1
      if q == c {
        pc = 1
        row[q &* nq &+ 1] += 1
        col[q &* nq &+ 1] += 1
      } else {
        minOP = z
      }
      minO = minOther[base &+ c]
      maxO = maxOther[base &+ c]
    } else {
      probabilities(t, into: e)
      for q in 0..<k {
        let p = e[q]
        let z = q == c ? zc : outside[base &+ q]
        let pz = p * z
        l += pz
        row[q &* nq] += pz
        row[q &* nq &+ 2] += p
        col[q &* nq] += pz
        col[q &* nq &+ 2] += p
        if q == c {
          pc = p
          row[q &* nq &+ 1] += p
          col[q &* nq &+ 1] += p
        } else {
          if z < minO { minO = z }
          if z > maxO { maxO = z }
          if p > 0 && z < minOP { minOP = z }
        }
      }
    }
    row[c &* nq &+ 3] += 1
    col[c &* nq &+ 3] += 1
    let f = MapEngine.voxelFlags(
      k: k, zc: zc, minO: minO, maxO: maxO, minOP: minOP, l: l, pc: pc)
    if voxelOutputs {
      loss[t] = Float(l)
      flags[t] = f
    }
    let logp = log(pc + 1e-15)
    let fo = 1 - pc + 1e-15
    let focal = -(fo * fo) * logp
    let lowest = min(zc, minO)
    MapEngine.addTruthTerms(row + c &* nq, ce: -logp, focal: focal, lowest: lowest, flags: f)
    MapEngine.addTruthTerms(col + c &* nq, ce: -logp, focal: focal, lowest: lowest, flags: f)
  }

  /// The float64 probabilities of voxel `t`: the softmax redone from the logits (as
  /// `Prediction.softmaxTerms` and `probabilityChannel` do, same order), else the stored values.
  @inline(__always)
  func probabilities(_ t: Int, into e: UnsafeMutableBufferPointer<Double>) {
    if hasLogits {
      var m = -Double.infinity
      for q in 0..<k { m = max(m, Double(xp[q &* n &+ t])) }
      var s = 0.0
      for q in 0..<k { s += exp(Double(xp[q &* n &+ t]) - m) }
      for q in 0..<k { e[q] = exp(Double(xp[q &* n &+ t]) - m) / s }
    } else {
      for q in 0..<k { e[q] = Double(pp[q &* n &+ t]) }
    }
  }
}
