import RWLoss
import RWRender
import RWVolume

/// The three inputs the viewer can show.
public enum LayerRole: String, Sendable, CaseIterable, Hashable {
  case image, groundTruth, prediction
  /// A second model's prediction (`--pred-b`), compared with the first.
  case predictionB

  /// Short name used in messages ("image", "labels", "prediction", "prediction B").
  public var noun: String {
    switch self {
    case .image: return "image"
    case .groundTruth: return "labels"
    case .prediction: return "prediction"
    case .predictionB: return "prediction B"
    }
  }
}

/// A loaded intensity image, with its automatic window per channel.
public struct ImageLayer: Sendable {
  public var path: String
  public var volume: Volume
  /// 1st and 99th percentile of each channel (the automatic window).
  public var autoWindows: [WindowLevel]
  /// Voxels holding NaN or ±Inf (all channels), shown in `WindowLevel.nonFiniteColor`.
  public var nonFiniteCount: Int

  public init(path: String, volume: Volume, autoWindows: [WindowLevel], nonFiniteCount: Int = 0) {
    self.path = path
    self.volume = volume
    self.autoWindows = autoWindows
    self.nonFiniteCount = nonFiniteCount
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

/// A prediction layer: the loss core's `Prediction` (read by its one kind rule) and its argmax.
public struct PredictionLayer: Sendable {
  public var path: String
  public var grid: VoxelGrid
  /// The prediction as the loss core holds it (a label map stays a label map).
  public var prediction: Prediction
  /// Argmax class per voxel (for a label map, the map itself).
  public var labels: [Int32]
  /// Classes that occur in `labels` (all K for probabilities and logits), ascending.
  public var present: [Int32]

  public init(path: String, grid: VoxelGrid, prediction: Prediction) {
    self.path = path
    self.grid = grid
    self.prediction = prediction
    labels = prediction.argmax()
    if prediction.kind == .labels {
      var seen = Set<Int32>()
      for l in labels { seen.insert(l) }
      present = seen.sorted()
    } else {
      present = (0..<prediction.classCount).map { Int32($0) }
    }
  }

  /// How the file was read.
  public var kind: PredictionKind { prediction.kind }
  /// Number of classes K.
  public var classCount: Int { prediction.classCount }
  /// Whether the file held per-class values (probabilities or logits), not only labels.
  public var hasProbabilities: Bool { prediction.kind != .labels }

  /// Probability of class `c` at voxel `v` (one-hot for a label map).
  @inline(__always) public func probability(_ c: Int, _ v: Int) -> Float {
    prediction.probability(c, at: v)
  }
}
