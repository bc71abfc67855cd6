/// A 4×4 voxel-to-world affine in float64, stored row-major.
public struct Affine: Equatable, Sendable, CustomStringConvertible {
  /// The 16 entries, row-major: `m[4*r + c]`.
  public var m: [Double]

  /// Creates an affine from 16 row-major entries.
  public init(rowMajor m: [Double]) {
    precondition(m.count == 16, "an affine has 16 entries")
    self.m = m
  }

  /// The identity affine.
  public static let identity = Affine(rowMajor: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])

  /// Entry at row `r`, column `c`.
  public subscript(r: Int, c: Int) -> Double {
    get { m[4 * r + c] }
    set { m[4 * r + c] = newValue }
  }

  /// The rows as arrays (row-major 4×4, as JSON wants it).
  public var rows: [[Double]] { (0..<4).map { r in Array(m[(4 * r)..<(4 * r + 4)]) } }

  /// World coordinates (mm) of a (possibly fractional) voxel index.
  public func apply(_ i: Double, _ j: Double, _ k: Double) -> (x: Double, y: Double, z: Double) {
    (
      m[0] * i + m[1] * j + m[2] * k + m[3],
      m[4] * i + m[5] * j + m[6] * k + m[7],
      m[8] * i + m[9] * j + m[10] * k + m[11]
    )
  }

  /// Matrix product `self * other`.
  public static func * (a: Affine, b: Affine) -> Affine {
    var out = [Double](repeating: 0, count: 16)
    for r in 0..<4 {
      for c in 0..<4 {
        var s = 0.0
        for k in 0..<4 { s += a.m[4 * r + k] * b.m[4 * k + c] }
        out[4 * r + c] = s
      }
    }
    return Affine(rowMajor: out)
  }

  public var description: String {
    rows.map { "[" + $0.map { String($0) }.joined(separator: ", ") + "]" }.joined(separator: "\n")
  }
}
