import RWSystem

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Prediction {
  /// Float64 probabilities of one class channel: the softmax redone in float64 from the logits
  /// when there are logits (`terms` from `softmaxTerms`), the one-hot of a label map, else the
  /// stored values.
  func probabilityChannel(
    _ c: Int, terms: (max: [Double], sum: [Double])?, into out: inout [Double]
  ) {
    let n = voxelCount
    if let x = logits, let t = terms {
      for i in 0..<n { out[i] = exp(Double(x[c * n + i]) - t.max[i]) / t.sum[i] }
      return
    }
    switch values {
    case .probabilities(let p), .logits(_, let p):
      for i in 0..<n { out[i] = Double(p[c * n + i]) }
    case .labels(let l):
      let c32 = Int32(truncatingIfNeeded: c)
      for i in 0..<n { out[i] = l[i] == c32 ? 1 : 0 }
    }
  }

  /// Per-voxel max logit and sum of exp(x - max), or nil without logits.
  func softmaxTerms() -> (max: [Double], sum: [Double])? {
    guard let x = logits else { return nil }
    let n = voxelCount
    let k = classCount
    var m = [Double](repeating: -.infinity, count: n)
    var s = [Double](repeating: 0, count: n)
    for c in 0..<k { for i in 0..<n { m[i] = max(m[i], Double(x[c * n + i])) } }
    for c in 0..<k { for i in 0..<n { s[i] += exp(Double(x[c * n + i]) - m[i]) } }
    return (m, s)
  }

  /// The hard label of every voxel: a label map itself, else the first maximum of the float32
  /// probabilities (as numpy's argmax).
  public func argmax() -> [Int32] {
    let n = voxelCount
    switch values {
    case .labels(let l):
      return l
    case .probabilities(let p), .logits(_, let p):
      // Blocks of voxels on the cores, the running maximum in a block-sized scratch (no
      // volume-sized one): the same first maximum as a class-by-class sweep.
      let k = classCount
      let block = 4096
      return [Int32](unsafeUninitializedCapacity: n) { out, initialized in
        HugePages.advise(out)
        let o = out.shared
        p.withShared { pp in
          WorkerPool.forEachChunk(n, size: block) { _, range in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: block) { bestP in
              let lo = range.lowerBound
              for t in range {
                bestP[t - lo] = -.infinity
                o[t] = 0
              }
              for c in 0..<k {
                let base = c * n
                for t in range where pp[base + t] > bestP[t - lo] {
                  bestP[t - lo] = pp[base + t]
                  o[t] = Int32(truncatingIfNeeded: c)
                }
              }
            }
          }
        }
        initialized = n
      }
    }
  }
}
