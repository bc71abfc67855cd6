/// A stable text form of a grid for snapshot tests: characters, then colour/style runs.
///
/// ```
/// grid 6x2
///   0|▀▀█ ab|
///   1|      |
/// styles
///   0: 0-2 fg=#e69f00 bg=#000000 | 3-5 fg=default bg=default bold
///   1: 0-5 fg=default bg=default
/// ```
extension CellGrid {
  /// The snapshot text (ends with a newline).
  public var snapshotText: String {
    var out = "grid \(width)x\(height)\n"
    let rowNums = lines
    for (y, line) in rowNums.enumerated() {
      out += Self.pad(y) + "|" + line + "|\n"
    }
    out += "styles\n"
    for y in 0..<height {
      var runs: [String] = []
      var start = 0
      for x in 1...max(1, width)
      where x == width || !Self.sameLook(cells[y * width + x], cells[y * width + start]) {
        guard width > 0 else { break }
        runs.append("\(start)-\(x - 1) " + Self.describe(cells[y * width + start]))
        start = x
      }
      out += Self.pad(y) + ": " + runs.joined(separator: " | ") + "\n"
    }
    return out
  }

  static func pad(_ y: Int) -> String {
    let s = String(y)
    return String(repeating: " ", count: max(0, 3 - s.count)) + s
  }

  static func sameLook(_ a: Cell, _ b: Cell) -> Bool {
    a.fg == b.fg && a.bg == b.bg && a.style == b.style
  }

  /// "fg=#rrggbb bg=default bold reverse".
  public static func describe(_ cell: Cell) -> String {
    var s = "fg=\(hex(cell.fg)) bg=\(hex(cell.bg))"
    if cell.style.contains(.bold) { s += " bold" }
    if cell.style.contains(.dim) { s += " dim" }
    if cell.style.contains(.underline) { s += " underline" }
    if cell.style.contains(.reverse) { s += " reverse" }
    return s
  }

  /// "#rrggbb" or "default".
  public static func hex(_ c: CellColor) -> String {
    guard case .rgb(let v) = c else { return "default" }
    let digits = Array("0123456789abcdef")
    var s = "#"
    for b in [v.r, v.g, v.b] {
      s.append(digits[Int(b >> 4)])
      s.append(digits[Int(b & 15)])
    }
    return s
  }
}
