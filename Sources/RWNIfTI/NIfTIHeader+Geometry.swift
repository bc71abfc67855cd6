import RWVolume

/// Geometry as nibabel reads it: zooms, qform, sform, the chosen affine, orientation.
extension NIfTIHeader {
  /// Number of dimensions, `dim[0]` (validated by `dataLayout()`).
  public var ndim: Int { dim[0] }

  /// The shape `dim[1] … dim[ndim]` (empty if `dim[0]` is out of 1...7).
  public var shape: [Int] { (1...7).contains(dim[0]) ? Array(dim[1...dim[0]]) : [] }

  /// `pixdim` after nibabel's load-time fixes: `pixdim[1...3]` zero → 1, negative → |value|,
  /// qfac (`pixdim[0]`) not ±1 → 1. NaN is left as it is.
  public var fixedPixdim: [Double] {
    var p = pixdim
    for i in 1...3 {
      if p[i] == 0 { p[i] = 1 } else if p[i] < 0 { p[i] = -p[i] }
    }
    if p[0] != 1 && p[0] != -1 { p[0] = 1 }
    return p
  }

  /// nibabel's `get_zooms()`: fixed `pixdim[1...ndim]`.
  public var zooms: [Double] {
    let p = fixedPixdim
    return (1...7).contains(dim[0]) ? Array(p[1...dim[0]]) : [1]
  }

  /// qfac as nibabel uses it (±1; anything else reads as 1).
  public var qfac: Double { fixedPixdim[0] }

  /// The xform codes nibabel knows (0...4; NIfTI 2019 added 5, template_other).
  static func validXformCode(_ c: Int) -> Bool { (0...5).contains(c) }

  /// qform_code after nibabel's fix (an unknown code reads as 0).
  public var effectiveQformCode: Int { Self.validXformCode(qformCode) ? qformCode : 0 }
  /// sform_code after nibabel's fix (an unknown code reads as 0).
  public var effectiveSformCode: Int { Self.validXformCode(sformCode) ? sformCode : 0 }

  /// nibabel's `get_qform()`: from the quaternion, whatever `qform_code` says.
  ///
  /// b, c, d are widened to float64; w² = 1 − (b²+c²+d²); |w²| below 3 float32 epsilons gives
  /// a = 0 (3 float64 epsilons for NIfTI-2), a negative w² beyond that is an error (returned as nil, see `qformProblem`).
  /// R follows nibabel's `quat2mat` (s = 2/N), the 3×3 part is R·diag(p1, p2, qfac·p3), and the
  /// translation is (qoffset_x, qoffset_y, qoffset_z).
  public var qform: Affine? {
    guard let q = quaternion else { return nil }
    let r = Self.quaternionMatrix(q)
    let p = fixedPixdim
    let vox = [p[1], p[2], p[3] * qfac]
    var m = [Double](repeating: 0, count: 16)
    for i in 0..<3 {
      for j in 0..<3 { m[4 * i + j] = r[3 * i + j] * vox[j] }
    }
    m[3] = qoffsetX
    m[7] = qoffsetY
    m[11] = qoffsetZ
    m[15] = 1
    return Affine(rowMajor: m)
  }

  /// Why `qform` is nil, or nil when it is valid.
  public var qformProblem: String? {
    quaternion == nil
      ? "quaternion (b, c, d) has length > 1: w² = \(1 - (quaternB * quaternB + quaternC * quaternC + quaternD * quaternD))"
      : nil
  }

  /// The unit quaternion (a, b, c, d) as nibabel's `fillpositive` completes it, or nil.
  var quaternion: [Double]? {
    let b = quaternB
    let c = quaternC
    let d = quaternD
    let w2 = 1.0 - (b * b + c * c + d * d)
    // nibabel: 3 float32 epsilons for NIfTI-1 (float32 fields), 3 float64 epsilons for NIfTI-2.
    let thresh = version == 2 ? 3.0 * Double.ulpOfOne : 3.0 * Double(Float.ulpOfOne)
    let a: Double
    if abs(w2) < thresh {
      a = 0
    } else if w2 < 0 {
      return nil
    } else {
      a = w2.squareRoot()
    }
    return [a, b, c, d]
  }

  /// nibabel's `quat2mat` for (w, x, y, z), row-major 3×3.
  static func quaternionMatrix(_ q: [Double]) -> [Double] {
    let w = q[0]
    let x = q[1]
    let y = q[2]
    let z = q[3]
    let nq = w * w + x * x + y * y + z * z
    if nq < Double.ulpOfOne { return [1, 0, 0, 0, 1, 0, 0, 0, 1] }
    let s = 2.0 / nq
    let sx = x * s
    let sy = y * s
    let sz = z * s
    let wX = w * sx
    let wY = w * sy
    let wZ = w * sz
    let xX = x * sx
    let xY = x * sy
    let xZ = x * sz
    let yY = y * sy
    let yZ = y * sz
    let zZ = z * sz
    return [
      1.0 - (yY + zZ), xY - wZ, xZ + wY,
      xY + wZ, 1.0 - (xX + zZ), yZ - wX,
      xZ - wY, yZ + wX, 1.0 - (xX + yY),
    ]
  }

  /// nibabel's `get_sform()`: the srow rows, whatever `sform_code` says.
  public var sform: Affine { Affine(rowMajor: srowX + srowY + srowZ + [0, 0, 0, 1]) }

  /// nibabel's fallback (`get_base_affine`): `diag(-p1, p2, p3)` with the volume centre at
  /// world 0. Missing dimensions count as n = 1, p = 1.
  public var fallbackAffine: Affine {
    let p = fixedPixdim
    let n = Swift.max(0, Swift.min(dim[0], 7))
    var shape = [1, 1, 1]
    var z = [1.0, 1.0, 1.0]
    for i in 0..<Swift.min(n, 3) {
      shape[i] = dim[i + 1]
      z[i] = p[i + 1]
    }
    z[0] = -z[0]
    var m = [Double](repeating: 0, count: 16)
    for i in 0..<3 {
      m[5 * i] = z[i]
      let origin = Double(shape[i] - 1) / 2.0
      m[4 * i + 3] = -origin * z[i]
    }
    m[15] = 1
    return Affine(rowMajor: m)
  }

  /// True when SPM's origin is usable: non-zero and each entry within (−dim, 2·dim) (int16
  /// arithmetic, as nibabel's numpy does).
  var analyzeOriginUsable: Bool {
    let o = analyzeOrigin.prefix(3).map { Int16(truncatingIfNeeded: $0) }
    let d = dim[1...3].map { Int16(truncatingIfNeeded: $0) }
    guard o.contains(where: { $0 != 0 }) else { return false }
    for i in 0..<3 where !(o[i] > 0 &- d[i] && o[i] < d[i] &* 2) { return false }
    return true
  }

  /// nibabel's `Spm99AnalyzeHeader.get_origin_affine`: diag(−p1, p2, p3) (float32 zooms), with
  /// translation `−(origin − 1)·zooms` (int16 × float32 in float32) when the origin is usable,
  /// else `−((dim − 1)/2)·zooms` (float64) with dims taken from `dim[1...3]`.
  public var analyzeAffine: Affine {
    let p = fixedPixdim
    var z = [Float(p[1]), Float(p[2]), Float(p[3])]
    z[0] = -z[0]
    var m = [Double](repeating: 0, count: 16)
    let usable = analyzeOriginUsable
    for i in 0..<3 {
      m[5 * i] = Double(z[i])
      if usable {
        let o = Int16(truncatingIfNeeded: analyzeOrigin[i]) &- 1
        m[4 * i + 3] = Double(Float(0 &- o) * z[i])
      } else {
        let origin = Double(Int16(truncatingIfNeeded: dim[i + 1]) &- 1) / 2.0
        m[4 * i + 3] = -origin * Double(z[i])
      }
    }
    m[15] = 1
    return Affine(rowMajor: m)
  }

  /// Spatial and temporal units as nibabel names them.
  public var unitNames: (space: String, time: String) {
    let space: [Int: String] = [0: "unknown", 1: "meter", 2: "mm", 3: "micron"]
    let time: [Int: String] = [
      0: "unknown", 8: "sec", 16: "msec", 24: "usec", 32: "hz", 40: "ppm", 48: "rads",
    ]
    return (space[xyztUnits & 7] ?? "unknown", time[xyztUnits & 56] ?? "unknown")
  }

  /// nibabel's name for `intent_code`.
  public var intentDecoded: String {
    // nibabel 5.4 `intent_codes` labels, verbatim (trailing space included).
    let names: [Int: String] = [
      0: "none", 2: "correlation", 3: "t test", 4: "f test", 5: "z score", 6: "chi2", 7: "beta",
      8: "binomial", 9: "gamma", 10: "poisson", 11: "normal", 12: "non central f test",
      13: "non central chi2", 14: "logistic", 15: "laplace", 16: "uniform",
      17: "non central t test",
      18: "weibull", 19: "chi", 20: "inverse gaussian", 21: "extreme value 1", 22: "p value",
      23: "log p value", 24: "log10 p value", 1001: "estimate", 1002: "label", 1003: "neuroname",
      1004: "general matrix", 1005: "symmetric matrix", 1006: "displacement vector", 1007: "vector",
      1008: "pointset", 1009: "triangle", 1010: "quaternion", 1011: "dimensionless",
      2001: "time series",
      2002: "node index", 2003: "rgb vector", 2004: "rgba vector", 2005: "shape",
      2006: "fnirt disp field",
      2007: "fnirt cubic spline coef", 2008: "fnirt dct coef", 2009: "fnirt quad spline coef",
      2016: "topup cubic spline coef ", 2017: "topup quad spline coef", 2018: "topup field",
      3000: "ConnUnknown", 3001: "ConnDense", 3002: "ConnDenseSeries", 3003: "ConnParcels",
      3004: "ConnParcelSries", 3006: "ConnDenseScalar", 3007: "ConnDenseLabel",
      3008: "ConnParcelScalr",
      3009: "ConnParcelDense", 3010: "ConnDenseParcel", 3011: "ConnPPSr", 3012: "ConnPPSc",
    ]
    return names[intentCode] ?? "unknown code \(intentCode)"
  }
}
