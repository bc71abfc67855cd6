/// Inversion and 3×3 helpers for `Affine`.
extension Affine {
  /// The 3×3 linear part (rotation, zooms, shears), row-major.
  public var linear3x3: [Double] { [m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]] }

  /// The translation column (x, y, z).
  public var translation: [Double] { [m[3], m[7], m[11]] }

  /// Determinant of the 3×3 linear part.
  public var determinant3x3: Double {
    let a = linear3x3
    return a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6])
      + a[2] * (a[3] * a[7] - a[4] * a[6])
  }

  /// The inverse affine (world to voxel), or nil when the 3×3 part is singular or not finite
  /// or the bottom row is not `[0, 0, 0, 1]`.
  public var inverse: Affine? {
    guard m[12] == 0, m[13] == 0, m[14] == 0, m[15] == 1 else { return nil }
    let a = linear3x3
    let det = determinant3x3
    guard det.isFinite, det != 0 else { return nil }
    // Adjugate / determinant.
    let inv: [Double] = [
      (a[4] * a[8] - a[5] * a[7]) / det, (a[2] * a[7] - a[1] * a[8]) / det,
      (a[1] * a[5] - a[2] * a[4]) / det,
      (a[5] * a[6] - a[3] * a[8]) / det, (a[0] * a[8] - a[2] * a[6]) / det,
      (a[2] * a[3] - a[0] * a[5]) / det,
      (a[3] * a[7] - a[4] * a[6]) / det, (a[1] * a[6] - a[0] * a[7]) / det,
      (a[0] * a[4] - a[1] * a[3]) / det,
    ]
    let t = translation
    var out = [Double](repeating: 0, count: 16)
    for r in 0..<3 {
      var s = 0.0
      for c in 0..<3 {
        out[4 * r + c] = inv[3 * r + c]
        s += inv[3 * r + c] * t[c]
      }
      out[4 * r + 3] = -s
    }
    out[15] = 1
    return Affine(rowMajor: out)
  }

  /// True when every entry is finite.
  public var isFinite: Bool { m.allSatisfy { $0.isFinite } }
}
