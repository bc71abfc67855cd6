#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension MapEngine {
  /// Evaluates a prediction against this map set: RW loss, CE, focal, soft-Dice terms, the
  /// lowest reachable loss, the principle (A, B, ties) and the gradient-sign checks, per voxel and
  /// per slice along all three axes, in float64.
  ///
  /// Closed-form maps (`hasClosedFormLoss`) take one parallel pass, classes inner
  /// (`evaluateClosedForm`); the others stream one class channel at a time (K full channels
  /// are never held). Without `voxelOutputs` the field's `voxelLoss` and `voxelFlags` are empty
  /// (what `stats` needs: the profiles only). `progress` gets values in 0...1; `isCancelled` is
  /// checked between blocks or classes; `completed` gets the k-planes whose sums are final, as
  /// they complete (from any thread).
  public func evaluate(
    prediction: Prediction, voxelOutputs: Bool = true,
    progress: (@Sendable (Double) -> Void)? = nil, isCancelled: (@Sendable () -> Bool)? = nil,
    completed: (@Sendable (CompletedPlanes) -> Void)? = nil
  ) throws -> LossField {
    let dims = labels.dims
    guard prediction.dims == dims else {
      throw RWLossError("prediction", "grid \(prediction.dims) does not match the labels' \(dims)")
    }
    let k = classCount
    guard prediction.classCount == k else {
      throw RWLossError(
        "prediction", "has \(prediction.classCount) classes but the labels have \(k)")
    }
    if hasClosedFormLoss {
      return try evaluateClosedForm(
        prediction: prediction, voxelOutputs: voxelOutputs, progress: progress,
        isCancelled: isCancelled, completed: completed)
    }
    if let pl = prediction.labelMap {
      return try evaluateLabelPrediction(
        pl, voxelOutputs: voxelOutputs, progress: progress, isCancelled: isCancelled,
        completed: completed)
    }
    return try evaluatePerClass(
      prediction: prediction, voxelOutputs: voxelOutputs, progress: progress,
      isCancelled: isCancelled, completed: completed)
  }

  /// The gradient of the per-voxel RW loss with respect to the logits, `dl/dX_k = P_k (Z_k - l)`,
  /// channel-major (`K*N`). Materialises K channels: for small volumes, tests and exports.
  public func gradient(prediction: Prediction) throws -> [Double] {
    let n = labels.voxelCount
    let k = classCount
    guard prediction.dims == labels.dims, prediction.classCount == k else {
      throw RWLossError("prediction", "does not match the labels' grid and classes")
    }
    var zs = [Double](repeating: 0, count: n * k)
    zs.withUnsafeMutableBufferPointer { zp in
      for c in 0..<k {
        channelDouble(c, into: UnsafeMutableBufferPointer(rebasing: zp[(c * n)..<((c + 1) * n)]))
      }
    }
    var g = [Double](repeating: 0, count: n * k)
    let terms = prediction.softmaxTerms()
    var p = [Double](repeating: 0, count: n * k)
    var ch = [Double](repeating: 0, count: n)
    for c in 0..<k {
      prediction.probabilityChannel(c, terms: terms, into: &ch)
      for t in 0..<n { p[c * n + t] = ch[t] }
    }
    for t in 0..<n {
      var l = 0.0
      for c in 0..<k { l += p[c * n + t] * zs[c * n + t] }
      for c in 0..<k { g[c * n + t] = p[c * n + t] * (zs[c * n + t] - l) }
    }
    return g
  }
}
