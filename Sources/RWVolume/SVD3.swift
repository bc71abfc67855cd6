/// A small singular value decomposition of 3×3 matrices (one-sided Jacobi / Hestenes).
///
/// `a = u · diag(s) · vᵀ`, with `u` and `v` orthogonal (row-major 3×3) and `s ≥ 0`.
/// Accurate to a few ulps for the well-conditioned matrices found in affines; used for the
/// polar decomposition behind `Affine.orientation()`.
public struct SVD3: Sendable {
  /// Left singular vectors as columns, row-major.
  public var u: [Double]
  /// Singular values (not sorted).
  public var s: [Double]
  /// Right singular vectors as columns, row-major.
  public var v: [Double]

  /// Decomposes a row-major 3×3 matrix.
  public init(_ a: [Double]) {
    precondition(a.count == 9)
    var u = a
    var v: [Double] = [1, 0, 0, 0, 1, 0, 0, 0, 1]
    for _ in 0..<60 {
      var rotated = false
      for p in 0..<2 {
        for q in (p + 1)..<3 {
          var alpha = 0.0
          var beta = 0.0
          var gamma = 0.0
          for i in 0..<3 {
            alpha += u[3 * i + p] * u[3 * i + p]
            beta += u[3 * i + q] * u[3 * i + q]
            gamma += u[3 * i + p] * u[3 * i + q]
          }
          if gamma == 0 || abs(gamma) <= 1e-15 * (alpha * beta).squareRoot() { continue }
          rotated = true
          let zeta = (beta - alpha) / (2 * gamma)
          let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
          let c = 1 / (1 + t * t).squareRoot()
          let sn = c * t
          for i in 0..<3 {
            let up = u[3 * i + p]
            let uq = u[3 * i + q]
            u[3 * i + p] = c * up - sn * uq
            u[3 * i + q] = sn * up + c * uq
            let vp = v[3 * i + p]
            let vq = v[3 * i + q]
            v[3 * i + p] = c * vp - sn * vq
            v[3 * i + q] = sn * vp + c * vq
          }
        }
      }
      if !rotated { break }
    }
    var s = [0.0, 0.0, 0.0]
    for j in 0..<3 {
      let norm = (u[j] * u[j] + u[3 + j] * u[3 + j] + u[6 + j] * u[6 + j]).squareRoot()
      s[j] = norm
      if norm > 0 { for i in 0..<3 { u[3 * i + j] /= norm } }
    }
    self.u = u
    self.s = s
    self.v = v
  }
}
