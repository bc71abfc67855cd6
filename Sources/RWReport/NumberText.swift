/// Numbers as short text for reports.
public enum NumberText {
  /// Six significant digits: fixed point between 1e-4 and 1e6, else `m.mmmmeE`; "n/a" for NaN
  /// and infinities.
  public static func short(_ v: Double) -> String {
    guard v.isFinite else { return "n/a" }
    if v == 0 { return "0" }
    let a = abs(v)
    if a >= 1e6 || a < 1e-4 {
      var e = 0
      var m = a
      while m >= 10 {
        m /= 10
        e += 1
      }
      while m < 1 {
        m *= 10
        e -= 1
      }
      return (v < 0 ? "-" : "") + fixed(m, 4) + "e" + String(e)
    }
    return (v < 0 ? "-" : "") + fixed(a, max(0, 5 - integerDigits(a)))
  }

  /// `a >= 0` with `d` decimals.
  static func fixed(_ a: Double, _ d: Int) -> String {
    var p = 1.0
    for _ in 0..<d { p *= 10 }
    let r = (a * p).rounded()
    let ip = r / p
    let whole = ip.rounded(.towardZero)
    let frac = r - whole * p
    let intText = whole < 9e15 ? String(Int(whole)) : "\(whole)"
    if d == 0 { return intText }
    var fs = frac >= 0 && frac < 9e15 ? String(Int(frac)) : "0"
    while fs.count < d { fs = "0" + fs }
    return intText + "." + fs
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
