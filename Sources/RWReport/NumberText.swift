import RWVolume

/// Numbers as short text for reports.
public enum NumberText {
  /// Six significant digits: fixed point between 1e-4 and 1e6, else `m.mmmmeE`; "n/a" for NaN
  /// and infinities.
  public static func short(_ v: Double) -> String {
    guard v.isFinite else { return "n/a" }
    if v == 0 { return "0" }
    let a = abs(v)
    if a >= 1e6 || a < 1e-4 { return scientific(v, mantissaDecimals: 4) }
    return RWVolume.fixed(v, max(0, 5 - integerDigits(a)))
  }

  /// Digits before the decimal point (at least 1).
  static func integerDigits(_ x: Double) -> Int {
    var n = 1
    var y = x
    while y >= 10 {
      y /= 10
      n += 1
    }
    return n
  }
}
