#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One region (usually a slice) on which the descent simulator runs: the true class of every
/// voxel, the map values `Z_k(x)` and the starting logits, all voxel-major (`t * K + k`).
public struct DescentProblem: Sendable {
  /// K.
  public let classCount: Int
  /// Voxels in the region.
  public let voxelCount: Int
  /// True class per voxel.
  public let labels: [Int32]
  /// `Z_k(x)` at `t * K + k`.
  public let maps: [Double]
  /// Starting logits at `t * K + k`.
  public let startLogits: [Double]

  /// Where the logits start.
  public enum Start: String, Sendable, Hashable, CaseIterable {
    /// `log(max(P, floor))` of the current prediction.
    case prediction
    /// All logits 0 (uniform probabilities).
    case uniform
  }

  /// Builds a problem from channel-major inputs: `mapChannels[k]` and, for `.prediction`,
  /// `probabilities` (`K * n`, channel-major). Logits are `log(max(P, floor))`.
  public init(
    labels: [Int32], classCount k: Int, mapChannels: [[Float]], probabilities: [Double]?,
    start: Start, floor: Double = 1e-6
  ) throws {
    let n = labels.count
    guard k >= 1, mapChannels.count == k, mapChannels.allSatisfy({ $0.count == n }) else {
      throw RWLossError("simulator", "needs \(k) map channels of \(n) voxels")
    }
    for l in labels where l < 0 || Int(l) >= k {
      throw RWLossError("simulator", "label \(l) is outside 0..<\(k)")
    }
    var z = [Double](repeating: 0, count: n * k)
    for c in 0..<k {
      let ch = mapChannels[c]
      for t in 0..<n { z[t * k + c] = Double(ch[t]) }
    }
    var x = [Double](repeating: 0, count: n * k)
    if start == .prediction {
      guard let p = probabilities, p.count == n * k else {
        throw RWLossError(
          "simulator", "starting from the prediction needs \(k) probability channels of \(n) voxels"
        )
      }
      let f = max(floor, 1e-300)
      for c in 0..<k {
        for t in 0..<n {
          let v = p[c * n + t]
          x[t * k + c] = log(v.isFinite ? max(v, f) : f)
        }
      }
    }
    classCount = k
    voxelCount = n
    self.labels = labels
    maps = z
    startLogits = x
  }

  /// The problem of slice `index` perpendicular to `axis` under `engine`'s map, starting from
  /// `prediction` (or uniform logits).
  public static func slice(
    engine: MapEngine, prediction: Prediction?, axis: VolumeAxis, index: Int,
    start: Start, floor: Double = 1e-6
  ) throws -> DescentProblem {
    let k = engine.classCount
    let labels = MapEngine.extractSlice(
      engine.labels.labels, dims: engine.labels.dims, axis: axis, index: index)
    let z = try (0..<k).map { try engine.sliceChannel(class: $0, axis: axis, index: index) }
    var p: [Double]? = nil
    if start == .prediction {
      guard let pr = prediction else {
        throw RWLossError("simulator", "starting from the prediction needs a prediction")
      }
      guard pr.dims == engine.labels.dims, pr.classCount == k else {
        throw RWLossError("prediction", "does not match the labels' grid and classes")
      }
      p = try pr.sliceProbabilities(axis: axis, index: index)
    }
    return try DescentProblem(
      labels: labels, classCount: k, mapChannels: z, probabilities: p, start: start, floor: floor)
  }
}
