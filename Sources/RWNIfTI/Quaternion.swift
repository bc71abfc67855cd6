import RWVolume

/// Quaternion parameters of an affine, as nibabel's `set_qform` derives them.
struct QformParameters {
  var b: Double, c: Double, d: Double
  var qfac: Double
  /// |zooms| along i, j, k.
  var zooms: [Double]
  var offset: [Double]

  /// Splits the 3×3 part into zooms (column norms) and a rotation; a negative determinant is
  /// moved into qfac = −1 by flipping the third column; the rotation is made exactly
  /// orthonormal (polar decomposition through `SVD3`), then converted to a unit quaternion
  /// with a ≥ 0 (Shepperd's method).
  init(affine: Affine) {
    var r = affine.linear3x3
    var zooms = [0.0, 0.0, 0.0]
    for c in 0..<3 {
      var z = (r[c] * r[c] + r[3 + c] * r[3 + c] + r[6 + c] * r[6 + c]).squareRoot()
      if z == 0 { z = 1 }
      zooms[c] = z
      for k in 0..<3 { r[3 * k + c] /= z }
    }
    let det =
      r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2]
      * (r[3] * r[7] - r[4] * r[6])
    var qfac = 1.0
    if det < 0 {
      qfac = -1
      for k in 0..<3 { r[3 * k + 2] = -r[3 * k + 2] }
    }
    // Nearest rotation U·Vᵀ.
    let svd = SVD3(r)
    var rot = [Double](repeating: 0, count: 9)
    for k in 0..<3 {
      for i in 0..<3 { for j in 0..<3 { rot[3 * i + j] += svd.u[3 * i + k] * svd.v[3 * j + k] } }
    }
    // Shepperd: pick the largest of w, x, y, z to divide by.
    let m00 = rot[0]
    let m11 = rot[4]
    let m22 = rot[8]
    let tr = m00 + m11 + m22
    var w: Double
    var x: Double
    var y: Double
    var z: Double
    if tr > 0 {
      let s = (tr + 1).squareRoot() * 2
      w = s / 4
      x = (rot[7] - rot[5]) / s
      y = (rot[2] - rot[6]) / s
      z = (rot[3] - rot[1]) / s
    } else if m00 > m11 && m00 > m22 {
      let s = (1 + m00 - m11 - m22).squareRoot() * 2
      w = (rot[7] - rot[5]) / s
      x = s / 4
      y = (rot[1] + rot[3]) / s
      z = (rot[2] + rot[6]) / s
    } else if m11 > m22 {
      let s = (1 + m11 - m00 - m22).squareRoot() * 2
      w = (rot[2] - rot[6]) / s
      x = (rot[1] + rot[3]) / s
      y = s / 4
      z = (rot[5] + rot[7]) / s
    } else {
      let s = (1 + m22 - m00 - m11).squareRoot() * 2
      w = (rot[3] - rot[1]) / s
      x = (rot[2] + rot[6]) / s
      y = (rot[5] + rot[7]) / s
      z = s / 4
    }
    if w < 0 {
      w = -w
      x = -x
      y = -y
      z = -z
    }
    let n = (w * w + x * x + y * y + z * z).squareRoot()
    b = x / n
    c = y / n
    d = z / n
    self.qfac = qfac
    self.zooms = zooms
    offset = affine.translation
  }
}
