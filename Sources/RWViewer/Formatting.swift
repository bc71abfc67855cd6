import RWVolume

/// Numbers as the viewer shows them. Every function here takes any Double (NaN, ±Inf, ±3e38,
/// denormals) and never converts an out-of-range value to an integer.

/// A value with about 4 significant digits, at most 9 characters (11 beyond 1e±100): integers below 1e6 whole,
/// 1000 and above with one decimal, 1 and above with three, smaller with four; 1e6 and above
/// (and non-zero values below 1e-4) in exponent form ("4.534e6").
func fmtValue(_ x: Double) -> String {
  if !x.isFinite { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
  let a = abs(x)
  if a >= 1e6 || (a < 1e-4 && a > 0) { return scientific(x, mantissaDecimals: 3) }
  if x == x.rounded() { return fixed(x, 0) }
  if a >= 1000 { return fixed(x, 1) }
  if a >= 1 { return fixed(x, 3) }
  return fixed(x, 4)
}

/// The most precise text of `x` that fits in `width` characters, nil when none does: `fmtValue`
/// first, then fewer decimals while at least two significant digits remain, then exponent form
/// with fewer mantissa digits ("4.55e6", "5e6"). A number is shown whole or not at all.
func fitNumber(_ x: Double, width: Int) -> String? {
  let first = fmtValue(x)
  if first.count <= width { return first }
  guard x.isFinite, x != 0 else { return nil }
  let a = abs(x)
  if !first.contains("e") {
    // Fixed point with fewer decimals, while two significant digits are left.
    var digits = 0  // integer digits of the value
    var y = a
    while y >= 1 {
      y /= 10
      digits += 1
    }
    let current = first.split(separator: ".").dropFirst().first?.count ?? 0
    var d = current - 1
    while d >= 0 {
      let keptSignificant = digits > 0 ? digits + d : d + leadingZerosExponent(a)
      let text = fixed(x, d)
      if keptSignificant >= 2 && text.count <= width { return text }
      d -= 1
    }
  }
  for d in stride(from: 3, through: 0, by: -1) {
    let text = scientific(x, mantissaDecimals: d)
    if text.count <= width { return text }
  }
  return nil
}

/// For 0 < a < 1: how many significant digits `d` decimals show beyond the leading zeros
/// (0.0248 has one leading zero: 3 decimals show 2 significant digits, so this returns -1).
private func leadingZerosExponent(_ a: Double) -> Int {
  var zeros = 0
  var y = a
  while y < 0.1 && y > 0 {
    y *= 10
    zeros += 1
  }
  return -zeros
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

/// `parts` in display order, chosen by priority (lower first) while they fit in `width` cells
/// with `separator` between them; a part that does not fit is left out whole.
func fitParts(_ parts: [(priority: Int, text: String)], width: Int, separator: String = "  ")
  -> String
{
  var kept = [Bool](repeating: false, count: parts.count)
  var used = 0
  for n in parts.indices.sorted(by: { parts[$0].priority < parts[$1].priority })
  where !parts[n].text.isEmpty {
    let need = (used == 0 ? 0 : separator.unicodeScalars.count) + parts[n].text.unicodeScalars.count
    if used + need <= width {
      kept[n] = true
      used += need
    }
  }
  return parts.indices.filter { kept[$0] }.map { parts[$0].text }.joined(separator: separator)
}

/// `build` applied to the most precise texts of `values` that make the whole line fit in
/// `width` cells (every number shortened alike), nil when even the shortest forms do not fit.
func fitNumbers(_ values: [Double], width: Int, _ build: ([String]) -> String) -> String? {
  for each in stride(from: 9, through: 1, by: -1) {
    let texts = values.map { fitNumber($0, width: each) }
    guard texts.allSatisfy({ $0 != nil }) else { continue }
    let line = build(texts.map { $0! })
    if line.unicodeScalars.count <= width { return line }
  }
  return nil
}

/// The longest prefix of whole space-separated words of `text` that fits in `width` cells (so
/// a number in a message is never cut); `text` itself when it fits.
func wordPrefix(_ text: String, width: Int) -> String {
  if text.unicodeScalars.count <= width { return text }
  var out = ""
  for word in text.split(separator: " ", omittingEmptySubsequences: false) {
    let next = out.isEmpty ? String(word) : out + " " + word
    if next.unicodeScalars.count > width { break }
    out = next
  }
  while out.hasSuffix(" ") { out.removeLast() }
  return out
}
