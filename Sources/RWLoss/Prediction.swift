#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a prediction file holds.
public enum PredictionKind: String, Sendable, CaseIterable {
  /// Softmax probabilities, K channels.
  case probs
  /// Raw logits, K channels (softmax is applied).
  case logits
  /// A hard label map (one-hot is used).
  case labels
}

/// A prediction as per-class probabilities, channel-major (channel k is a block of N voxels),
/// in NIfTI order — the (X,Y,Z,K) layout of a 4D NIfTI.
public struct Prediction: Sendable {
  /// Voxel counts along i, j, k.
  public let dims: [Int]
  /// Number of classes K.
  public let classCount: Int
  /// `K * N` probabilities; channel k at `k*N ..< (k+1)*N`.
  public let probabilities: [Float]
  /// What the input was.
  public let kind: PredictionKind
  /// The logits when the input was logits (the losses redo the softmax in float64 from them).
  public let logits: [Float]?

  /// Voxels per channel.
  public var voxelCount: Int { dims[0] * dims[1] * dims[2] }

  /// Wraps probabilities as given (channel-major).
  public init(dims: [Int], classCount: Int, probabilities: [Float]) throws {
    guard probabilities.count == dims.reduce(1, *) * classCount else {
      throw RWLossError("prediction", "\(probabilities.count) values do not fill \(classCount) channels of \(dims)")
    }
    self.dims = dims
    self.classCount = classCount
    self.probabilities = probabilities
    self.kind = .probs
    self.logits = nil
  }

  /// Applies a softmax over the channels of logits (channel-major), in float64.
  public init(dims: [Int], classCount: Int, logits: [Float]) throws {
    let n = dims.reduce(1, *)
    guard logits.count == n * classCount, classCount >= 1 else {
      throw RWLossError("prediction", "\(logits.count) values do not fill \(classCount) channels of \(dims)")
    }
    var p = [Float](repeating: 0, count: logits.count)
    let k = classCount
    logits.withUnsafeBufferPointer { x in
      p.withUnsafeMutableBufferPointer { o in
        let xp = SendablePointer(x.baseAddress!), op = SendablePointer(o.baseAddress!)
        parallelPlanes((n + 4095) / 4096) { parts in
          let chunk = 4096
          var e = [Double](repeating: 0, count: k)
          for part in parts {
            let lo = part * chunk, hi = min(n, lo + chunk)
            if lo >= hi { continue }
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
    self.dims = dims
    self.classCount = classCount
    self.probabilities = p
    self.kind = .logits
    self.logits = logits
  }

  /// One-hot of a hard label map with K classes.
  public init(dims: [Int], classCount: Int, labelMap: [Float]) throws {
    let n = dims.reduce(1, *)
    guard labelMap.count == n else {
      throw RWLossError("prediction", "\(labelMap.count) labels do not fill \(dims)")
    }
    var p = [Float](repeating: 0, count: n * classCount)
    for (t, v) in labelMap.enumerated() {
      guard v.isFinite, v >= 0, v == v.rounded(), Int(v) < classCount else {
        throw RWLossError("prediction", "value \(v) at voxel \(t) is not a label in 0..<\(classCount)")
      }
      p[Int(v) * n + t] = 1
    }
    self.dims = dims
    self.classCount = classCount
    self.probabilities = p
    self.kind = .labels
    self.logits = nil
  }

  /// Builds a prediction from volume data of `shape` ((X,Y,Z), (X,Y,Z,K) or (X,Y,Z,1,K)),
  /// detecting the kind unless `forced`. Returns a notice saying what was detected.
  public static func make(shape: [Int], data: [Float], classCount: Int?, forced: PredictionKind? = nil)
    throws -> (prediction: Prediction, notice: String)
  {
    guard shape.count >= 3 else { throw RWLossError("prediction", "needs at least 3 dimensions, got \(shape)") }
    let dims = Array(shape.prefix(3))
    let extra = Array(shape.dropFirst(3))
    let channels: Int
    switch extra.count {
    case 0: channels = 1
    case 1: channels = extra[0]
    case 2 where extra[0] == 1: channels = extra[1]
    default:
      throw RWLossError("prediction", "shape \(shape) is not (X,Y,Z), (X,Y,Z,K) or (X,Y,Z,1,K)")
    }
    guard data.count == dims.reduce(1, *) * channels else {
      throw RWLossError("prediction", "\(data.count) values do not fill shape \(shape)")
    }
    let is3D = extra.isEmpty
    let detected: PredictionKind
    if let f = forced {
      detected = f
    } else if is3D {
      detected = .labels
    } else {
      detected = looksLikeProbabilities(data, channels: channels) ? .probs : .logits
    }
    switch detected {
    case .labels:
      guard is3D else { throw RWLossError("prediction", "a label map must be 3D, got shape \(shape)") }
      var mx: Float = 0
      for v in data where v.isFinite && v > mx { mx = v }
      let k = classCount ?? Int(mx) + 1
      let p = try Prediction(dims: dims, classCount: k, labelMap: data)
      return (p, "prediction: 3D volume read as a hard label map (one-hot)")
    case .probs, .logits:
      guard !is3D else { throw RWLossError("prediction", "a 3D volume cannot be \(detected.rawValue); use --pred-kind labels") }
      if let k = classCount, k != channels {
        throw RWLossError("prediction", "has \(channels) channels but the labels have \(k) classes")
      }
      if detected == .probs {
        return (try Prediction(dims: dims, classCount: channels, probabilities: data),
                "prediction: \(channels) channels read as probabilities")
      }
      return (try Prediction(dims: dims, classCount: channels, logits: data),
              "prediction: \(channels) channels read as logits (softmax applied)")
    }
  }

  /// Values in [0, 1] summing to 1 (±1e-3) at every voxel.
  static func looksLikeProbabilities(_ data: [Float], channels k: Int) -> Bool {
    let n = data.count / max(1, k)
    for v in data where !(v >= 0 && v <= 1) { return false }
    for t in 0..<n {
      var s = 0.0
      for c in 0..<k { s += Double(data[c * n + t]) }
      if abs(s - 1) > 1e-3 { return false }
    }
    return true
  }
}

extension Prediction {
  /// Float64 probabilities of one class channel: the softmax redone in float64 from the logits
  /// when there are logits (`maxLogit`/`sumExp` from `softmaxTerms`), else the stored values.
  func probabilityChannel(_ c: Int, terms: (max: [Double], sum: [Double])?, into out: inout [Double]) {
    let n = voxelCount
    if let x = logits, let t = terms {
      for i in 0..<n { out[i] = exp(Double(x[c * n + i]) - t.max[i]) / t.sum[i] }
    } else {
      for i in 0..<n { out[i] = Double(probabilities[c * n + i]) }
    }
  }

  /// Per-voxel max logit and sum of exp(x - max), or nil without logits.
  func softmaxTerms() -> (max: [Double], sum: [Double])? {
    guard let x = logits else { return nil }
    let n = voxelCount, k = classCount
    var m = [Double](repeating: -.infinity, count: n)
    var s = [Double](repeating: 0, count: n)
    for c in 0..<k { for i in 0..<n { m[i] = max(m[i], Double(x[c * n + i])) } }
    for c in 0..<k { for i in 0..<n { s[i] += exp(Double(x[c * n + i]) - m[i]) } }
    return (m, s)
  }
}
