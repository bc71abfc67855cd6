#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Prediction {
  /// Float64 probabilities of the slice `index` perpendicular to `axis`, channel-major
  /// (`K * sliceSize`, lower remaining axis fastest, as `MapEngine.extractSlice`).
  ///
  /// From logits the softmax is redone in float64 (as `MapEngine.evaluate` does), else the
  /// stored probabilities (or a label map's one-hot) are widened.
  public func sliceProbabilities(axis: VolumeAxis, index: Int) throws -> [Double] {
    let a = axis.rawValue
    guard index >= 0 && index < dims[a] else {
      throw RWLossError("slice", "index \(index) is outside 0..<\(dims[a]) along \(axis.name)")
    }
    let n = voxelCount
    let k = classCount
    let others = [0, 1, 2].filter { $0 != a }
    let u = others[0]
    let w = others[1]
    let strides = [1, dims[0], dims[0] * dims[1]]
    let m = dims[u] * dims[w]
    var out = [Double](repeating: 0, count: k * m)
    let base = index * strides[a]
    var q = 0
    for y in 0..<dims[w] {
      for x in 0..<dims[u] {
        let t = base + x * strides[u] + y * strides[w]
        if let lg = logits {
          var mx = -Double.infinity
          for c in 0..<k { mx = max(mx, Double(lg[c * n + t])) }
          var s = 0.0
          for c in 0..<k { s += exp(Double(lg[c * n + t]) - mx) }
          for c in 0..<k { out[c * m + q] = exp(Double(lg[c * n + t]) - mx) / s }
        } else {
          for c in 0..<k { out[c * m + q] = Double(probability(c, at: t)) }
        }
        q += 1
      }
    }
    return out
  }
}

extension MapEngine {
  /// `dl/dX_cls` on the slice `index` perpendicular to `axis` (the gradient of the per-voxel RW
  /// loss with respect to class `cls`'s logit, SPEC §2), lower remaining axis fastest.
  public func sliceGradient(prediction: Prediction, class cls: Int, axis: VolumeAxis, index: Int)
    throws -> [Double]
  {
    guard prediction.dims == labels.dims, prediction.classCount == classCount else {
      throw RWLossError("prediction", "does not match the labels' grid and classes")
    }
    let k = classCount
    let p = try prediction.sliceProbabilities(axis: axis, index: index)
    let m = p.count / k
    let z = try (0..<k).map { try sliceChannel(class: $0, axis: axis, index: index) }
    var out = [Double](repeating: 0, count: m)
    var pv = [Double](repeating: 0, count: k)
    var zv = [Double](repeating: 0, count: k)
    var g = [Double](repeating: 0, count: k)
    for t in 0..<m {
      for c in 0..<k {
        pv[c] = p[c * m + t]
        zv[c] = Double(z[c][t])
      }
      pv.withUnsafeBufferPointer { pp in
        zv.withUnsafeBufferPointer { zp in
          g.withUnsafeMutableBufferPointer { gp in
            guard let pb = pp.baseAddress, let zb = zp.baseAddress, let gb = gp.baseAddress else {
              return
            }
            LogitGradient.rw(p: pb, z: zb, classCount: k, into: gb)
          }
        }
      }
      out[t] = g[cls]
    }
    return out
  }
}
