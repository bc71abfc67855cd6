import RWLoss

/// Bounds on what the viewer computes maps for.
public enum MapLimits {
  /// Most classes K.
  public static let maxClasses = 256
  /// Most map values K × N held in memory (4 GiB of float32).
  public static let maxValues = 1 << 30
}

/// Everything a map computation needs, captured by value so it can run on a background queue.
public struct MapJob: Sendable {
  /// Results of older generations are dropped.
  public var generation: Int
  public var options: MapOptions
  public var dims: [Int]
  public var spacing: [Double]
  /// Ground-truth labels (NIfTI order).
  public var labels: [Int32]
  public var classCount: Int
  /// Units to compute first (the visible slice), then all others in order.
  public var priority: [Int]

  public init(
    generation: Int, options: MapOptions, dims: [Int], spacing: [Double], labels: [Int32],
    classCount: Int,
    priority: [Int]
  ) {
    self.generation = generation
    self.options = options
    self.dims = dims
    self.spacing = spacing
    self.labels = labels
    self.classCount = classCount
    self.priority = priority
  }

  /// Number of units (slices along the map axis, or 1 in 3D).
  public var unitCount: Int { options.unitAxis.map { dims[$0] } ?? 1 }
}

/// Computes RW maps unit by unit; implemented with the loss core (and by test doubles).
public protocol MapSource: Sendable {
  /// The K channels over one unit, channel-major; within a channel the unit's voxels in NIfTI
  /// order (i fastest), the unit's fixed axis skipped. Throws a one-line error.
  func computeUnit(_ unit: Int, job: MapJob) throws -> [Float]
}
