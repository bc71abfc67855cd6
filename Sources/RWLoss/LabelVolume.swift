/// A ground-truth label map on a voxel grid, NIfTI order (i fastest): `i + nx*(j + ny*k)`.
public struct LabelVolume: Sendable {
  /// Voxel counts along i, j, k.
  public let dims: [Int]
  /// Voxel spacing in mm along i, j, k.
  public let spacing: [Double]
  /// One class index per voxel, each in `0..<classCount`.
  public let labels: [Int32]
  /// Number of classes K (max label + 1 unless given explicitly).
  public let classCount: Int

  /// Number of voxels.
  public var voxelCount: Int { dims[0] * dims[1] * dims[2] }

  /// Creates a label volume from integer labels; `classes` defaults to max label + 1.
  public init(dims: [Int], spacing: [Double] = [1, 1, 1], labels: [Int32], classes: Int? = nil)
    throws
  {
    guard dims.count == 3, dims.allSatisfy({ $0 > 0 }) else {
      throw RWLossError("labels", "dimensions must be three positive numbers, got \(dims)")
    }
    guard spacing.count == 3, spacing.allSatisfy({ $0.isFinite && $0 > 0 }) else {
      throw RWLossError("labels", "spacing must be three positive numbers, got \(spacing)")
    }
    guard labels.count == dims[0] * dims[1] * dims[2] else {
      throw RWLossError("labels", "\(labels.count) values do not fill a \(dims) grid")
    }
    var mx: Int32 = 0
    for l in labels {
      if l < 0 { throw RWLossError("labels", "label \(l) is negative") }
      if l > mx { mx = l }
    }
    let k = classes ?? Int(mx) + 1
    guard k >= 1, Int(mx) < k else {
      throw RWLossError("labels", "label \(mx) does not fit \(k) classes")
    }
    self.dims = dims
    self.spacing = spacing
    self.labels = labels
    self.classCount = k
  }

  /// Creates a label volume from float values (as read from NIfTI); every value must be a
  /// class label (`LabelValues`), else the error names the first voxel that is not.
  public init(
    dims: [Int], spacing: [Double] = [1, 1, 1], values: [Float], classes: Int? = nil
  ) throws {
    let labels = try LabelValues.labels(values, dims: dims, what: "labels")
    try self.init(dims: dims, spacing: spacing, labels: labels, classes: classes)
  }
}
