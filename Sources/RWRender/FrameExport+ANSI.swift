extension FrameExport {
  /// Appends the decimal digits of `v`.
  @inline(__always)
  static func appendNumber(_ out: inout [UInt8], _ v: Int) {
    if v >= 100 { out.append(UInt8(48 + v / 100)) }
    if v >= 10 { out.append(UInt8(48 + (v / 10) % 10)) }
    out.append(UInt8(48 + v % 10))
  }

  /// Appends ";38;…" / ";48;…" selecting `color` in `mode` (nothing for the default colour).
  static func appendColor(
    _ out: inout [UInt8], _ color: CellColor, background: Bool, mode: RenderCaps.ColorMode
  ) {
    guard case .rgb(let c) = color else { return }
    switch mode {
    case .trueColor:
      out += background ? Array(";48;2;".utf8) : Array(";38;2;".utf8)
      appendNumber(&out, Int(c.r))
      out.append(59)
      appendNumber(&out, Int(c.g))
      out.append(59)
      appendNumber(&out, Int(c.b))
    case .palette256:
      out += background ? Array(";48;5;".utf8) : Array(";38;5;".utf8)
      appendNumber(&out, Int(ColorQuantize.xterm256(c)))
    case .palette8:
      out.append(59)
      appendNumber(&out, (background ? 40 : 30) + Int(ColorQuantize.basic8Index(c)))
    case .monochrome: return
    }
  }

  /// Appends the full SGR sequence for a cell's colours and style (starting from a reset).
  static func appendSGR(_ out: inout [UInt8], _ cell: Cell, mode: RenderCaps.ColorMode) {
    out += [0x1B, 0x5B, 0x30]  // ESC [ 0
    if cell.style.contains(.bold) { out += [59, 49] }
    if cell.style.contains(.dim) { out += [59, 50] }
    if cell.style.contains(.underline) { out += [59, 52] }
    if cell.style.contains(.reverse) { out += [59, 55] }
    appendColor(&out, cell.fg, background: false, mode: mode)
    appendColor(&out, cell.bg, background: true, mode: mode)
    out.append(0x6D)  // m
  }

  /// Whether a cell shows as the default state (after a reset) in `mode`.
  static func isPlain(_ cell: Cell, mode: RenderCaps.ColorMode) -> Bool {
    cell.style.isEmpty
      && (mode == .monochrome || (cell.fg == .terminalDefault && cell.bg == .terminalDefault))
  }

  /// The grid as text with SGR escapes for `caps.colorMode` (24-bit, 256, 8 colours or style
  /// only). Each row ends with a reset and a newline; a run of cells with equal attributes shares
  /// one escape.
  public static func ansi(_ grid: CellGrid, caps: RenderCaps) -> String {
    let mode = caps.colorMode
    var out: [UInt8] = []
    out.reserveCapacity(grid.width * grid.height * 8)
    for y in 0..<grid.height {
      var plain = true  // the terminal state at the row start: reset
      var current = Cell.blank
      for x in 0..<grid.width {
        let cell = grid.cells[y * grid.width + x]
        let same =
          cell.style == current.style
          && (mode == .monochrome || (cell.fg == current.fg && cell.bg == current.bg))
        if x == 0 || !same {
          let p = isPlain(cell, mode: mode)
          if !(p && plain) { appendSGR(&out, cell, mode: mode) }
          plain = p
          current = cell
        }
        utf8(&out, cell.char)
      }
      if !plain { out += [0x1B, 0x5B, 0x30, 0x6D] }
      out.append(10)
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends the UTF-8 encoding of a scalar.
  @inline(__always)
  static func utf8(_ out: inout [UInt8], _ s: Unicode.Scalar) {
    let v = s.value
    if v < 0x80 {
      out.append(UInt8(v))
    } else if v < 0x800 {
      out += [UInt8(0xC0 | (v >> 6)), UInt8(0x80 | (v & 0x3F))]
    } else if v < 0x10000 {
      out += [UInt8(0xE0 | (v >> 12)), UInt8(0x80 | ((v >> 6) & 0x3F)), UInt8(0x80 | (v & 0x3F))]
    } else {
      out += [
        UInt8(0xF0 | (v >> 18)), UInt8(0x80 | ((v >> 12) & 0x3F)), UInt8(0x80 | ((v >> 6) & 0x3F)),
        UInt8(0x80 | (v & 0x3F)),
      ]
    }
  }
}
