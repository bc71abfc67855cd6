/// Text of a number for messages and labels, for any Double: integers without decimals, others
/// rounded to `decimals` (at most 6) with trailing zeros dropped (so tiny values read "0");
/// magnitudes of 1e9 and above in exponent form ("1.5e20"); "nan", "inf" and "-inf" spelled
/// out. Only Double arithmetic before any integer conversion, so it never traps.
public func compactNumber(_ x: Double, decimals: Int = 3) -> String {
  guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
  let d = min(6, max(0, decimals))
  let a = abs(x)
  let sign = x < 0 ? "-" : ""
  if a >= 1e9 {
    var m = a
    var e = 0
    while m >= 10 {
      m /= 10
      e += 1
    }
    var text = trimmedFixed(m, 3)
    if text == "10" {  // 9.9996 rounds up a decade
      text = "1"
      e += 1
    }
    return sign + text + "e" + String(e)
  }
  let text = trimmedFixed(a, d)
  return (text == "0" ? "" : sign) + text
}

/// `a` (non-negative, below 1e9) with `d` decimals, trailing zeros and a bare point dropped.
private func trimmedFixed(_ a: Double, _ d: Int) -> String {
  var p = 1.0
  for _ in 0..<d { p *= 10 }
  let r = (a * p).rounded()  // below 1e15: exact in Double, safe to convert
  let whole = Int64(r / p)
  let frac = Int64(r - Double(whole) * p)
  var out = String(whole)
  if d > 0 && frac > 0 {
    var f = String(frac)
    while f.count < d { f = "0" + f }
    while f.hasSuffix("0") { f.removeLast() }
    out += "." + f
  }
  return out
}

/// `x` with `d` decimals ("nan", "inf", "-inf" spelled out); magnitudes too large for exact
/// fixed point (|x|·10^d ≥ 1e15) in exponent form with `d` mantissa decimals.
public func fixed(_ x: Double, _ d: Int) -> String {
  if !x.isFinite { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
  let d = max(0, min(9, d))
  var p = 1.0
  for _ in 0..<d { p *= 10 }
  let r = (abs(x) * p).rounded()
  guard r < 1e15 else { return scientific(x, mantissaDecimals: d) }
  let neg = x < 0 && r != 0
  let whole = Int64(r / p)  // r < 1e15: exact, in range
  var frac = String(Int64(r - Double(whole) * p))
  while frac.count < d { frac = "0" + frac }
  return (neg ? "-" : "") + String(whole) + (d > 0 ? "." + frac : "")
}

/// `x` as `m.mmmeE` with `mantissaDecimals` decimals ("4.55e6", "-2.5e-3"; 0 decimals "5e6").
public func scientific(_ x: Double, mantissaDecimals d: Int) -> String {
  if !x.isFinite { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
  if x == 0 { return "0" }
  let d = max(0, min(9, d))
  var m = abs(x)
  var e = 0
  while m >= 10 {
    m /= 10
    e += 1
  }
  while m < 1 {
    m *= 10
    e -= 1
  }
  var p = 1.0
  for _ in 0..<d { p *= 10 }
  if (m * p).rounded() >= 10 * p {  // 9.996 with 2 decimals: the next decade
    m /= 10
    e += 1
  }
  return (x < 0 ? "-" : "") + fixed(m, d) + "e" + String(e)
}
