/// Formats a number compactly: integers without decimals, others with up to 3 significant decimals.
func fmtNum(_ x: Double) -> String {
  if !x.isFinite { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
  if x == x.rounded() && abs(x) < 1e9 { return String(Int(x)) }
  var s = String(format3(x))
  while s.hasSuffix("0") { s.removeLast() }
  if s.hasSuffix(".") { s.removeLast() }
  return s
}

/// `x` with three decimals, without Foundation's String(format:).
func format3(_ x: Double) -> String { fixed(x, 3) }

/// `x` with `d` decimals.
func fixed(_ x: Double, _ d: Int) -> String {
  if !x.isFinite { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
  var p = 1.0
  for _ in 0..<d { p *= 10 }
  let r = (abs(x) * p).rounded()
  let neg = x < 0 && r != 0
  let whole = Int(r / p)
  var frac = String(Int(r.truncatingRemainder(dividingBy: p)))
  while frac.count < d { frac = "0" + frac }
  return (neg ? "-" : "") + String(whole) + (d > 0 ? "." + frac : "")
}

/// `parts` joined by `separator`, keeping only whole parts: in order, each part that still fits
/// in `width` cells is added and any that does not is left out (never cut in half).
func fitParts(_ parts: [String], width: Int, separator: String = "  ") -> String {
  var out = ""
  for p in parts where !p.isEmpty {
    let next = out.isEmpty ? p : out + separator + p
    if next.unicodeScalars.count <= width { out = next }
  }
  return out
}
