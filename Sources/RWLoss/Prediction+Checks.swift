extension Prediction {
  /// The first value of channel-major `data` (C channels on a grid of `dims`) that is NaN or
  /// infinite, as an error naming its voxel and channel; nil when all are finite.
  static func nonFinite(_ data: [Float], dims: [Int], channels: Int) -> RWLossError? {
    guard let t = data.firstIndex(where: { !$0.isFinite }) else { return nil }
    let n = max(1, data.count / max(1, channels))
    let at = LabelValues.voxelText(t % n, dims: dims)
    return RWLossError(
      "prediction", "value \(data[t]) at voxel \(at) channel \(t / n) is not finite")
  }

  /// The first voxel of channel-major `data` that is not a probability vector: a value outside
  /// [0, 1], or (for two or more channels) channels that do not sum to 1 within
  /// `simplexTolerance`; nil when every voxel is one.
  static func simplexProblem(_ data: [Float], dims: [Int], channels k: Int) -> RWLossError? {
    let n = data.count / max(1, k)
    if let t = data.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
      let at = LabelValues.voxelText(t % n, dims: dims)
      return RWLossError(
        "prediction",
        "value \(data[t]) at voxel \(at) channel \(t / n) is not a probability (outside [0, 1]); "
          + "read logits as kind logits")
    }
    guard k > 1 else { return nil }
    for t in 0..<n {
      var s = 0.0
      for c in 0..<k { s += Double(data[c * n + t]) }
      if abs(s - 1) > simplexTolerance {
        let at = LabelValues.voxelText(t, dims: dims)
        return RWLossError(
          "prediction",
          "the \(k) channels at voxel \(at) sum to \(s), not 1 within \(simplexTolerance): not "
            + "probabilities; read logits as kind logits")
      }
    }
    return nil
  }
}
