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
  public static let identity = AxisReorientation(
    sourceAxis: [0, 1, 2], flipped: [false, false, false])

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

  /// The source axis read along each target axis, e.g. "(-j, i, k)": the target's i axis runs
  /// along the file's j axis, reversed.
  public var description: String {
    let names = ["i", "j", "k"]
    let axes = (0..<3).map { j in (flipped[j] ? "-" : "") + names[sourceAxis[j]] }
    return "(" + axes.joined(separator: ", ") + ")"
  }
}
