/// A voxel-axis permutation with flips that maps one grid onto another with the same
/// world geometry (for example an LAS label map shown on an RAS image).
///
/// Target voxel axis `j` reads source axis `sourceAxis[j]`, reversed when `flipped[j]`:
/// `source[sourceAxis[j]] = flipped[j] ? n - 1 - target[j] : target[j]`.
public struct AxisReorientation: Equatable, Sendable, CustomStringConvertible {
  /// For each target axis, the source axis it comes from.
  public var sourceAxis: [Int]
  /// For each target axis, whether it runs opposite to its source axis.
  public var flipped: [Bool]

  /// Creates a reorientation; `sourceAxis` must be a permutation of 0, 1, 2.
  public init(sourceAxis: [Int], flipped: [Bool]) {
    precondition(sourceAxis.sorted() == [0, 1, 2] && flipped.count == 3, "a permutation of 3 axes")
    self.sourceAxis = sourceAxis
    self.flipped = flipped
  }

  /// The reorientation that changes nothing.
  public static let identity = AxisReorientation(sourceAxis: [0, 1, 2], flipped: [false, false, false])

  /// True when applying it would not move any voxel.
  public var isIdentity: Bool { self == .identity }

  /// Target dims for source dims.
  public func targetDims(_ sourceDims: [Int]) -> [Int] { sourceAxis.map { sourceDims[$0] } }

  /// The voxel-to-voxel affine T mapping a target index to its source index (`A_source · T`
  /// is the target affine).
  public func voxelTransform(sourceDims: [Int]) -> Affine {
    var t = Affine(rowMajor: [Double](repeating: 0, count: 16))
    t[3, 3] = 1
    for j in 0..<3 {
      let i = sourceAxis[j]
      t[i, j] = flipped[j] ? -1 : 1
      t[i, 3] = flipped[j] ? Double(sourceDims[i] - 1) : 0
    }
    return t
  }

  public var description: String {
    (0..<3).map { j in (flipped[j] ? "-" : "+") + ["i", "j", "k"][sourceAxis[j]] }.joined(separator: ",")
  }
}

/// Why two grids cannot be matched by permuting and flipping axes.
public struct ReorientationError: Error, CustomStringConvertible, Sendable {
  /// One line describing the difference.
  public var description: String
  public init(_ description: String) { self.description = description }
}

extension Affine {
  /// The axis permutation + flips that make a volume with this affine and `dims` line up with
  /// a volume whose affine is `target`, voxel for voxel.
  ///
  /// Succeeds when `selfᐨ¹ · target` is a signed permutation whose translation moves each
  /// flipped axis by exactly `n − 1` voxels (tolerance `tolerance` in voxel units). Throws a
  /// `ReorientationError` that describes the difference otherwise (oblique rotation, different
  /// spacing, a shifted origin, or a singular affine). The caller must still check that the
  /// resulting `targetDims` equal the other grid's dims.
  public func reorientation(to target: Affine, dims: [Int], tolerance: Double = 1e-3) throws(ReorientationError)
    -> AxisReorientation
  {
    precondition(dims.count == 3)
    guard let inv = self.inverse else { throw ReorientationError("affine is singular or not finite") }
    guard target.isFinite else { throw ReorientationError("target affine is not finite") }
    let t = inv * target  // target voxel -> source voxel
    var sourceAxis = [0, 0, 0]
    var flipped = [false, false, false]
    var used = Set<Int>()
    for j in 0..<3 {
      let col = (0..<3).map { t[$0, j] }
      var best = 0
      for r in 1..<3 where abs(col[r]) > abs(col[best]) { best = r }
      let v = col[best]
      let others = (0..<3).filter { $0 != best }.map { abs(col[$0]) }.max() ?? 0
      if others > tolerance {
        throw ReorientationError(
          "axes are rotated relative to each other (not a permutation/flip; voxel axis \(j) mixes source axes)")
      }
      if abs(abs(v) - 1) > tolerance {
        throw ReorientationError(
          "voxel spacing differs (axis \(j) is \(abs(v)) source voxels long, not 1)")
      }
      if used.contains(best) { throw ReorientationError("two axes map onto the same source axis") }
      used.insert(best)
      sourceAxis[j] = best
      flipped[j] = v < 0
    }
    for j in 0..<3 {
      let i = sourceAxis[j]
      let expect = flipped[j] ? Double(dims[i] - 1) : 0
      let got = t[i, 3]
      if abs(got - expect) > tolerance {
        throw ReorientationError(
          "origins differ by \(String(format2(got - expect))) voxels along source axis \(i)")
      }
    }
    return AxisReorientation(sourceAxis: sourceAxis, flipped: flipped)
  }

  /// Like `reorientation(to:dims:)` but returns nil instead of describing the difference.
  public func reorientationIfPossible(to target: Affine, dims: [Int]) -> AxisReorientation? {
    try? reorientation(to: target, dims: dims)
  }
}

/// Formats a number with at most 4 decimals (no Foundation).
func format2(_ x: Double) -> String {
  let r = (x * 10000).rounded() / 10000
  return String(r)
}
