/// The RW map the viewer shows and its options (as `rwview maps` takes them).
public struct MapSettings: Equatable, Sendable {
  /// Map names the loss core knows.
  public static let names = ["rrw", "rw-ac", "boundary", "boundary-kervadec", "wce", "rrw-ci"]

  /// Map name: rrw, rw-ac, boundary, boundary-kervadec, wce or rrw-ci.
  public var name: String
  /// True for 3D maps over the whole volume; false for 2D maps per slice along `axis`.
  public var threeD: Bool
  /// The slicing axis of 2D maps (0 = i, 1 = j, 2 = k).
  public var axis: Int
  /// Distances in mm (voxel spacing) instead of voxel units.
  public var useSpacing: Bool
  /// Truncate distances to int32 as the Boundary-loss data path did.
  public var int32: Bool
  /// rrw-ci outside values per class.
  public var ratio: [Double]?
  /// wce class weights.
  public var weights: [Double]?
  /// Number of classes K (nil: from the prediction or the labels).
  public var classes: Int?

  public init(
    name: String = "rrw", threeD: Bool = false, axis: Int = 2, useSpacing: Bool = false, int32: Bool = false,
    ratio: [Double]? = nil, weights: [Double]? = nil, classes: Int? = nil
  ) {
    self.name = name
    self.threeD = threeD
    self.axis = axis
    self.useSpacing = useSpacing
    self.int32 = int32
    self.ratio = ratio
    self.weights = weights
    self.classes = classes
  }

  /// Compact description, e.g. "rrw 2d/k voxel".
  public var summary: String {
    let geo = threeD ? "3d" : "2d/" + ["i", "j", "k"][max(0, min(2, axis))]
    return "\(name) \(geo) \(useSpacing ? "mm" : "voxel")" + (int32 ? " int32" : "")
  }

  /// The axis the map is computed per slice along, or nil for one 3D unit.
  public var unitAxis: Int? { threeD ? nil : axis }
}

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
  public var settings: MapSettings
  public var dims: [Int]
  public var spacing: [Double]
  /// Ground-truth labels (NIfTI order).
  public var labels: [Int32]
  public var classCount: Int
  /// Units to compute first (the visible slice), then all others in order.
  public var priority: [Int]

  public init(
    generation: Int, settings: MapSettings, dims: [Int], spacing: [Double], labels: [Int32], classCount: Int,
    priority: [Int]
  ) {
    self.generation = generation
    self.settings = settings
    self.dims = dims
    self.spacing = spacing
    self.labels = labels
    self.classCount = classCount
    self.priority = priority
  }

  /// Number of units (slices along the map axis, or 1 in 3D).
  public var unitCount: Int { settings.unitAxis.map { dims[$0] } ?? 1 }
}

/// Computes RW maps unit by unit; implemented with the loss core (and by test doubles).
public protocol MapSource: Sendable {
  /// The K channels over one unit, channel-major; within a channel the unit's voxels in NIfTI
  /// order (i fastest), the unit's fixed axis skipped. Throws a one-line error.
  func computeUnit(_ unit: Int, job: MapJob) throws -> [Float]
}
