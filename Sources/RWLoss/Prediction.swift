import RWSystem

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a prediction file holds.
public enum PredictionKind: String, Sendable, CaseIterable {
  /// Softmax probabilities, K channels (one channel: a binary problem's foreground).
  case probs
  /// Raw logits, K channels, softmax applied (one channel: a binary logit, sigmoid applied).
  case logits
  /// A hard label map: the probabilities are its one-hot, never stored.
  case labels
}

/// A segmentation network's output on a voxel grid, in NIfTI order (i fastest).
///
/// Probabilities and logits are K channels, channel-major (channel k is a block of N voxels,
/// the (X,Y,Z,K) layout of a 4D NIfTI). A hard label map stays one class index per voxel: its
/// probabilities are the implicit one-hot (`probability(_:at:)` is 1 at the voxel's label and 0
/// elsewhere), so memory does not grow with K.
public struct Prediction: Sendable {
  /// How the values are held.
  public enum Values: Sendable {
    /// `K * N` probabilities, channel-major.
    case probabilities([Float])
    /// `K * N` logits and their softmax (float32), channel-major. The losses redo the softmax
    /// in float64 from the logits.
    case logits([Float], softmax: [Float])
    /// `N` class indices, each in `0..<classCount`.
    case labels([Int32])
  }

  /// Voxel counts along i, j, k.
  public let dims: [Int]
  /// Number of classes K.
  public let classCount: Int
  /// The values.
  public let values: Values

  /// Voxels per channel.
  public var voxelCount: Int { dims[0] * dims[1] * dims[2] }

  /// What the input was.
  public var kind: PredictionKind {
    switch values {
    case .probabilities: return .probs
    case .logits: return .logits
    case .labels: return .labels
    }
  }

  /// The `K * N` float32 probabilities (the softmax of logits), nil for a label map.
  public var probabilities: [Float]? {
    switch values {
    case .probabilities(let p): return p
    case .logits(_, let p): return p
    case .labels: return nil
    }
  }

  /// The logits when the input was logits.
  public var logits: [Float]? {
    if case .logits(let x, _) = values { return x }
    return nil
  }

  /// The class indices when the input was a label map.
  public var labelMap: [Int32]? {
    if case .labels(let l) = values { return l }
    return nil
  }

  /// The float32 probability of class `c` at voxel `t` (one-hot for a label map).
  @inline(__always) public func probability(_ c: Int, at t: Int) -> Float {
    switch values {
    case .probabilities(let p), .logits(_, let p): return p[c * voxelCount + t]
    case .labels(let l): return l[t] == Int32(truncatingIfNeeded: c) ? 1 : 0
    }
  }

  /// Wraps probabilities as given (channel-major); every value must be finite.
  public init(dims: [Int], classCount: Int, probabilities: [Float]) throws {
    try Self.checkShape(dims, classCount, count: probabilities.count, channels: classCount)
    if let e = Self.nonFinite(probabilities, dims: dims, channels: classCount) { throw e }
    self.dims = dims
    self.classCount = classCount
    self.values = .probabilities(probabilities)
  }

  /// Keeps logits (channel-major, every value finite) and their softmax over the channels,
  /// computed in float64.
  public init(dims: [Int], classCount: Int, logits: [Float]) throws {
    try Self.checkShape(dims, classCount, count: logits.count, channels: classCount)
    if let e = Self.nonFinite(logits, dims: dims, channels: classCount) { throw e }
    self.dims = dims
    self.classCount = classCount
    self.values = .logits(logits, softmax: Self.softmax(logits, classCount: classCount))
  }

  /// A hard label map with K classes; every label must be in `0..<classCount`.
  public init(dims: [Int], classCount: Int, labels: [Int32]) throws {
    try Self.checkShape(dims, classCount, count: labels.count, channels: 1)
    if let t = labels.firstIndex(where: { $0 < 0 || Int($0) >= classCount }) {
      let at = LabelValues.voxelText(t, dims: dims)
      throw RWLossError(
        "prediction", "label \(labels[t]) at voxel \(at) is outside 0..<\(classCount)")
    }
    self.dims = dims
    self.classCount = classCount
    self.values = .labels(labels)
  }

  /// A hard label map from float values (as read from a file); every value must be a class
  /// label (`LabelValues`) in `0..<classCount`.
  public init(dims: [Int], classCount: Int, labelMap: [Float]) throws {
    let labels = try LabelValues.labels(labelMap, dims: dims, what: "prediction")
    try self.init(dims: dims, classCount: classCount, labels: labels)
  }

  /// The same prediction with `k` classes: a label map takes any `k` above its largest label
  /// (the ground truth may hold classes the prediction never predicts); probabilities and logits
  /// must already have `k` channels.
  public func withClassCount(_ k: Int) throws -> Prediction {
    if k == classCount { return self }
    guard case .labels(let l) = values else {
      throw RWLossError("prediction", "has \(classCount) classes but the labels have \(k)")
    }
    return try Prediction(dims: dims, classCount: k, labels: l)
  }

  static func checkShape(_ dims: [Int], _ k: Int, count: Int, channels: Int) throws {
    guard dims.count == 3, dims.allSatisfy({ $0 > 0 }) else {
      throw RWLossError("prediction", "dimensions must be three positive numbers, got \(dims)")
    }
    guard k >= 1 else { throw RWLossError("prediction", "needs at least one class, got \(k)") }
    let n = dims[0] * dims[1] * dims[2]
    guard count == n * channels else {
      throw RWLossError("prediction", "\(count) values do not fill \(channels) channels of \(dims)")
    }
  }

  /// Softmax over the channels of channel-major logits, in float64, rounded to float32.
  static func softmax(_ logits: [Float], classCount k: Int) -> [Float] {
    let n = logits.count / k
    let chunk = 4096
    return HugePages.array(count: logits.count) { (out: UnsafeMutableBufferPointer<Float>) in
      let op = out.shared
      logits.withShared { xp in
        WorkerPool.forEachRange((n + chunk - 1) / chunk) { _, parts in
          var e = [Double](repeating: 0, count: k)
          for part in parts {
            let lo = part * chunk
            let hi = min(n, lo + chunk)
            for t in lo..<hi {
              var m = -Double.infinity
              for c in 0..<k { m = max(m, Double(xp[c * n + t])) }
              var s = 0.0
              for c in 0..<k {
                e[c] = exp(Double(xp[c * n + t]) - m)
                s += e[c]
              }
              for c in 0..<k { op[c * n + t] = Float(e[c] / s) }
            }
          }
        }
      }
    }
  }
}
