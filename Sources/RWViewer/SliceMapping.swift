import RWVolume

/// How one plane of a volume is laid out on screen: which voxel axes run across and down,
/// whether they are flipped, and the letters at the pane edges.
///
/// Conventions: axial and coronal show the patient's right on the screen's left in radiological
/// mode (left on the left in neurological mode); axial has anterior at the top; coronal and
/// sagittal have superior at the top; sagittal has anterior on the left.
public struct SliceMapping: Equatable, Sendable {
  public var plane: Plane
  /// Voxel axis stacked by the plane (the slice index runs along it).
  public var sliceAxis: Int
  /// Voxel axis running left → right on screen, and whether screen-right is decreasing index.
  public var hAxis: Int
  public var hFlip: Bool
  /// Voxel axis running top → bottom on screen, and whether screen-down is decreasing index.
  public var vAxis: Int
  public var vFlip: Bool
  /// Voxel counts along the horizontal and vertical axes.
  public var width: Int
  public var height: Int
  /// Voxel spacing (mm) along the horizontal and vertical axes.
  public var spacingH: Double
  public var spacingV: Double
  /// Letters at the left, right, top and bottom edges.
  public var leftLetter: Character
  public var rightLetter: Character
  public var topLetter: Character
  public var bottomLetter: Character

  /// Builds the mapping of `plane` for a grid of `dims`/`spacing` whose voxel axes point as
  /// `affine` says (nibabel's orientation, `Affine.completeOrientation()`).
  public init(plane: Plane, dims: [Int], spacing: [Double], affine: Affine, radiological: Bool) {
    self.plane = plane
    // World direction of screen-right and screen-down: (world axis, sign).
    let right: (Int, Int)
    let down: (Int, Int)
    switch plane {
    case .axial:
      right = (0, radiological ? -1 : 1)
      down = (1, -1)
    case .coronal:
      right = (0, radiological ? -1 : 1)
      down = (2, -1)
    case .sagittal:
      right = (1, -1)
      down = (2, -1)
    }
    let o = affine.completeOrientation()
    func voxelAxis(_ world: Int) -> Int { o.firstIndex { $0.axis == world } ?? world }
    sliceAxis = voxelAxis(plane.normalWorldAxis)
    hAxis = voxelAxis(right.0)
    vAxis = voxelAxis(down.0)
    hFlip = o[hAxis].sign != right.1
    vFlip = o[vAxis].sign != down.1
    width = dims[hAxis]
    height = dims[vAxis]
    spacingH = spacing[hAxis] > 0 && spacing[hAxis].isFinite ? spacing[hAxis] : 1
    spacingV = spacing[vAxis] > 0 && spacing[vAxis].isFinite ? spacing[vAxis] : 1
    rightLetter = Affine.directionLetter(axis: right.0, sign: right.1)
    leftLetter = Affine.directionLetter(axis: right.0, sign: -right.1)
    bottomLetter = Affine.directionLetter(axis: down.0, sign: down.1)
    topLetter = Affine.directionLetter(axis: down.0, sign: -down.1)
  }

  /// Voxel index along `hAxis` of display column `u` (0-based, left to right).
  @inline(__always) public func hIndex(_ u: Int) -> Int { hFlip ? width - 1 - u : u }
  /// Voxel index along `vAxis` of display row `v` (0-based, top to bottom).
  @inline(__always) public func vIndex(_ v: Int) -> Int { vFlip ? height - 1 - v : v }
  /// Display column of voxel index `i` along `hAxis` (the inverse of `hIndex`).
  @inline(__always) public func column(ofIndex i: Int) -> Int { hFlip ? width - 1 - i : i }
  /// Display row of voxel index `i` along `vAxis`.
  @inline(__always) public func row(ofIndex i: Int) -> Int { vFlip ? height - 1 - i : i }
}
