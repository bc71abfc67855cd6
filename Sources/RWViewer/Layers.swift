import RWVolume

/// The three inputs the viewer can show.
public enum LayerRole: String, Sendable, CaseIterable, Hashable {
  case image, groundTruth, prediction

  /// Short name used in messages ("image", "labels", "prediction").
  public var noun: String {
    switch self {
    case .image: return "image"
    case .groundTruth: return "labels"
    case .prediction: return "prediction"
    }
  }
}

/// A loaded intensity image, with its automatic window per channel.
public struct ImageLayer: Sendable {
  public var path: String
  public var volume: Volume
  /// 1st and 99th percentile of each channel (the automatic window).
  public var autoWindows: [WindowLevel]

  public init(path: String, volume: Volume, autoWindows: [WindowLevel]) {
    self.path = path
    self.volume = volume
    self.autoWindows = autoWindows
  }
}

/// A label map (ground truth or an argmax), one class index per voxel.
public struct LabelLayer: Sendable {
  public var path: String
  public var grid: VoxelGrid
  public var labels: [Int32]
  /// The labels that occur, ascending.
  public var present: [Int32]

  public init(path: String, grid: VoxelGrid, labels: [Int32]) {
    self.path = path
    self.grid = grid
    self.labels = labels
    var seen = Set<Int32>()
    for l in labels { seen.insert(l) }
    present = seen.sorted()
  }
}

/// How the values of a prediction file are read.
public enum PredictionFormat: String, Sendable, CaseIterable {
  /// Decide as `rwview stats` does: one channel is a label map; several channels summing to 1
  /// in [0, 1] are probabilities, other channels logits.
  case auto
  case labels, probabilities, logits
}

/// A prediction: per-class probabilities (when the file has them) and the argmax labels.
public struct PredictionLayer: Sendable {
  public var path: String
  public var grid: VoxelGrid
  /// How the file was read (never `.auto`).
  public var kind: PredictionFormat
  /// Number of classes K.
  public var classCount: Int
  /// Channel-major probabilities, `K * N` (nil for a label map: one-hot).
  public var probabilities: [Float]?
  /// Argmax class per voxel.
  public var labels: [Int32]
  /// Classes that occur in `labels` (all K for probabilities), ascending.
  public var present: [Int32]
  /// The raw logits when the file held logits (the loss core redoes the softmax in float64).
  public var logits: [Float]?

  public init(
    path: String, grid: VoxelGrid, kind: PredictionFormat, classCount: Int, probabilities: [Float]?, labels: [Int32]
  ) {
    self.path = path
    self.grid = grid
    self.kind = kind
    self.classCount = classCount
    self.probabilities = probabilities
    self.labels = labels
    if probabilities != nil {
      present = (0..<classCount).map { Int32($0) }
    } else {
      var seen = Set<Int32>()
      for l in labels { seen.insert(l) }
      present = seen.sorted()
    }
  }

  /// Probability of class `c` at voxel `v`.
  @inline(__always) public func probability(_ c: Int, _ v: Int) -> Float {
    if let p = probabilities { return p[c * grid.voxelCount + v] }
    return labels[v] == Int32(c) ? 1 : 0
  }
}

/// An intensity window: values at or below `low` are black, at or above `high` white.
public struct WindowLevel: Equatable, Sendable {
  public var low: Float
  public var high: Float

  public init(low: Float, high: Float) {
    self.low = low
    self.high = high
  }

  /// Centre of the window.
  public var level: Float { (low + high) / 2 }
  /// Width of the window.
  public var width: Float { high - low }
}
