/// The spatial grid of a volume: three voxel axes, their spacing and the voxel-to-world affine.
public struct VoxelGrid: Equatable, Sendable {
  /// Voxel counts along i, j, k (missing axes are 1).
  public var dims: [Int]
  /// Voxel spacing in mm along i, j, k (the NIfTI zooms; missing axes are 1).
  public var spacing: [Double]
  /// The voxel-to-world affine, chosen as nibabel chooses it.
  public var affine: Affine

  /// Creates a grid; `dims` and `spacing` must have three entries.
  public init(dims: [Int], spacing: [Double], affine: Affine) {
    precondition(dims.count == 3 && spacing.count == 3, "a grid has three axes")
    self.dims = dims
    self.spacing = spacing
    self.affine = affine
  }

  /// Number of voxels in one 3D volume.
  public var voxelCount: Int { dims[0] * dims[1] * dims[2] }
}

/// A volume of scaled float32 values in NIfTI order (i fastest), with up to 4 extra axes.
///
/// `shape` has at least three entries and its first three equal `grid.dims`. Entries past the
/// third (time, channels, the 5D vector axis) are flattened into `channels`, each channel a
/// contiguous block of `grid.voxelCount` values.
public struct Volume: Sendable {
  /// The spatial grid.
  public var grid: VoxelGrid
  /// The full shape (3 to 7 entries), e.g. `[X, Y, Z]`, `[X, Y, Z, T]` or `[X, Y, Z, 1, K]`.
  public var shape: [Int]
  /// Scaled values, `count == shape.product`.
  public var data: [Float]

  /// Creates a volume. `shape[0..<3]` must equal `grid.dims` and `data` must fill the shape.
  public init(grid: VoxelGrid, shape: [Int], data: [Float]) {
    precondition(
      shape.count >= 3 && Array(shape.prefix(3)) == grid.dims, "shape must start with the grid dims"
    )
    precondition(data.count == shape.reduce(1, *), "data must fill the shape")
    self.grid = grid
    self.shape = shape
    self.data = data
  }

  /// Number of 3D channels (product of the axes past the third; 1 for a 3D volume).
  public var channels: Int { shape.dropFirst(3).reduce(1, *) }
}
