extension Prediction {
  /// Tolerance of the probability test: each voxel's channels must sum to 1 within this.
  public static let simplexTolerance = 1e-3

  /// Builds a prediction from volume data of `shape` ((X,Y,Z), (X,Y,Z,C) or (X,Y,Z,1,C)) by the
  /// one prediction-kind rule every command and the viewer use. Returns a notice saying what
  /// was read.
  ///
  /// The rule, on the C channels:
  /// - kind `forced` (else detected): one channel is a label map; several channels are
  ///   probabilities when every value is in [0, 1] and each voxel's values sum to 1 (within
  ///   `simplexTolerance`), otherwise logits.
  /// - One channel read as probabilities is the foreground probability p of a binary problem
  ///   (classes 0 and 1 with P = (1 - p, p)); one channel read as logits is a binary logit x
  ///   (the two-class logits (0, x), whose softmax is the sigmoid of x).
  /// - A label map must have one channel; a trailing axis of length 1 is not a class axis.
  /// - Probabilities and logits must be finite (the error names the first voxel and channel
  ///   that is not); probabilities asked for must be in [0, 1] and sum to 1 within
  ///   `simplexTolerance` at every voxel (else the first voxel that does not is named).
  ///
  /// `classCount` fixes K (a label map may then hold any label below it); nil takes K from the
  /// data (largest label + 1, or the channels).
  public static func make(
    shape: [Int], data: [Float], classCount: Int?, forced: PredictionKind? = nil
  ) throws -> (prediction: Prediction, notice: String) {
    let channels = try channelCount(shape: shape)
    let dims = Array(shape.prefix(3))
    guard data.count == dims.reduce(1, *) * channels else {
      throw RWLossError("prediction", "\(data.count) values do not fill shape \(shape)")
    }
    // Probabilities and logits must be finite; forced probabilities must be probabilities.
    if forced != .labels && (forced != nil || channels > 1),
      let e = nonFinite(data, dims: dims, channels: channels)
    {
      throw e
    }
    if forced == .probs, let e = simplexProblem(data, dims: dims, channels: channels) { throw e }
    let kind =
      forced
      ?? (channels == 1
        ? .labels : looksLikeProbabilities(data, channels: channels) ? .probs : .logits)
    let made: Prediction
    let notice: String
    switch (kind, channels) {
    case (.labels, 1):
      let labels: [Int32]
      do {
        labels = try LabelValues.labels(data, dims: dims, what: "prediction")
      } catch let e as RWLossError
        where forced == nil && data.contains(where: LabelValues.isFraction)
      {
        let hint = "one channel is read as a label map; read a probability map as kind probs"
        throw RWLossError(e.thing, "\(e.problem) (\(hint))")
      }
      let k = classCount ?? Int(labels.max() ?? 0) + 1
      made = try Prediction(dims: dims, classCount: k, labels: labels)
      notice = "one channel read as a hard label map (one-hot)"
    case (.labels, _):
      throw RWLossError("prediction", "a label map has one channel, got shape \(shape)")
    case (.probs, 1):
      made = try Prediction(dims: dims, classCount: 2, probabilities: binaryProbabilities(data))
      notice = "one channel read as the foreground probability of a binary problem"
    case (.logits, 1):
      made = try Prediction(
        dims: dims, classCount: 2, logits: [Float](repeating: 0, count: data.count) + data)
      notice = "one channel read as a binary logit (sigmoid applied)"
    case (.probs, _):
      made = try Prediction(dims: dims, classCount: channels, probabilities: data)
      notice = "\(channels) channels read as probabilities"
    case (.logits, _):
      made = try Prediction(dims: dims, classCount: channels, logits: data)
      notice = "\(channels) channels read as logits (softmax applied)"
    }
    guard let k = classCount else { return (made, notice) }
    return (try made.withClassCount(k), notice)
  }

  /// The channel count C of a prediction shape (X,Y,Z), (X,Y,Z,C) or (X,Y,Z,1,C).
  static func channelCount(shape: [Int]) throws -> Int {
    guard shape.count >= 3 else {
      throw RWLossError("prediction", "needs at least 3 dimensions, got \(shape)")
    }
    let extra = Array(shape.dropFirst(3))
    switch extra.count {
    case 0: return 1
    case 1: return extra[0]
    case 2 where extra[0] == 1: return extra[1]
    default:
      throw RWLossError("prediction", "shape \(shape) is not (X,Y,Z), (X,Y,Z,K) or (X,Y,Z,1,K)")
    }
  }

  /// `(1 - p, p)` as two channels.
  static func binaryProbabilities(_ p: [Float]) -> [Float] {
    var out = [Float](repeating: 0, count: 2 * p.count)
    for (t, v) in p.enumerated() {
      out[t] = 1 - v
      out[p.count + t] = v
    }
    return out
  }

  /// Values in [0, 1] summing to 1 (within `simplexTolerance`) at every voxel.
  static func looksLikeProbabilities(_ data: [Float], channels k: Int) -> Bool {
    let n = data.count / max(1, k)
    for v in data where !(v >= 0 && v <= 1) { return false }
    for t in 0..<n {
      var s = 0.0
      for c in 0..<k { s += Double(data[c * n + t]) }
      if abs(s - 1) > simplexTolerance { return false }
    }
    return true
  }
}
