/// The one grid rule: how an input's grid relates to the grid it is compared with.
///
/// Every command (`stats`, `render`, the viewer) brings its second input onto the first's grid
/// with this rule, so they can never disagree:
/// - the same grid: nothing moves;
/// - the same voxels stored with axes flipped or permuted: the `AxisReorientation` that lines
///   them up voxel for voxel;
/// - anything else (another shape, spacing, rotation or origin, or an affine that is not
///   finite): a `GridMismatch` that says, in one line, how the grids differ.
extension VoxelGrid {
  /// How far affine entries may differ, as a fraction of a voxel: direction columns by this
  /// fraction of their own length, the origin by this fraction of the smallest voxel size.
  public static let alignmentTolerance = 1e-3

  /// The reorientation that takes this grid onto `reference`, or the way they differ.
  ///
  /// Only floating-point arithmetic and comparisons: huge or non-finite affine entries give a
  /// mismatch, never a trap.
  public func reorientation(onto reference: VoxelGrid) throws(GridMismatch) -> AxisReorientation {
    let s = affine
    let t = reference.affine
    // Bit-identical geometry is the same grid, even when it is not finite (one broken file
    // read twice still lines up with itself).
    if dims == reference.dims && zip(s.m, t.m).allSatisfy({ $0.bitPattern == $1.bitPattern }) {
      return .identity
    }
    guard s.isFinite, t.isFinite else { throw GridMismatch.notFinite(s, t) }
    let sc = s.columns
    let tc = t.columns
    let tLength = tc.map(vectorLength)
    guard sc.allSatisfy({ vectorLength($0) > 0 }), tLength.allSatisfy({ $0 > 0 && $0.isFinite })
    else { throw GridMismatch.describe(self, reference, failed: .axes) }
    var sourceAxis = [0, 0, 0]
    var flipped = [false, false, false]
    var used = [false, false, false]
    for a in 0..<3 {
      let tol = Self.alignmentTolerance * tLength[a]
      guard
        let b = (0..<3).first(where: { b in
          !used[b] && (isClose(tc[a], sc[b], tol) || isClose(tc[a], sc[b].map { -$0 }, tol))
        })
      else { throw GridMismatch.describe(self, reference, failed: .axes) }
      sourceAxis[a] = b
      flipped[a] = !isClose(tc[a], sc[b], tol)
      used[b] = true
    }
    let r = AxisReorientation(sourceAxis: sourceAxis, flipped: flipped)
    guard r.targetDims(dims) == reference.dims else {
      throw GridMismatch.describe(self, reference, failed: .shape)
    }
    // The reference's voxel 0 must be the source voxel the reorientation reads there.
    var index = [0.0, 0.0, 0.0]
    for a in 0..<3 where flipped[a] { index[sourceAxis[a]] = Double(dims[sourceAxis[a]] - 1) }
    let w = s.apply(index[0], index[1], index[2])
    let originTol = Self.alignmentTolerance * (tLength.min() ?? 1)
    guard isClose([w.x, w.y, w.z], t.translation, originTol) else {
      throw GridMismatch.describe(self, reference, failed: .origin)
    }
    return r
  }
}

extension Affine {
  /// The three direction columns of the 3×3 part: world step (mm) of one voxel along i, j, k.
  var columns: [[Double]] { (0..<3).map { c in (0..<3).map { r in self[r, c] } } }
}

/// Euclidean length without overflow for huge finite entries (scaled by the largest).
func vectorLength(_ v: [Double]) -> Double {
  let m = v.map(abs).max() ?? 0
  guard m > 0, m.isFinite else { return m }
  return m * v.map { ($0 / m) * ($0 / m) }.reduce(0, +).squareRoot()
}

/// True when every entry of `a` is within `tol` of the same entry of `b` (false for NaN).
func isClose(_ a: [Double], _ b: [Double], _ tol: Double) -> Bool {
  zip(a, b).allSatisfy { abs($0 - $1) <= tol }
}
