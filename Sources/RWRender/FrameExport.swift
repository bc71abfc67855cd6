/// Frames as files: ANSI text, plain text and PNG.
public enum FrameExport {
  /// The grid's characters, one line per row, trailing spaces removed when `trim` is set.
  public static func text(_ grid: CellGrid, trim: Bool = true) -> String {
    grid.lines.map { line in
      guard trim else { return line }
      var s = Substring(line)
      while s.last == " " { s = s.dropLast() }
      return String(s)
    }.joined(separator: "\n") + "\n"
  }

  /// Colours used for "terminal default" in pictures of frames.
  public static let defaultForeground = RGB(229, 229, 229)
  public static let defaultBackground = RGB(0, 0, 0)

  /// The grid drawn as an image: each cell is `scale` pixels wide and `2 × scale` tall, so each
  /// half-block pixel becomes a `scale × scale` square.
  ///
  /// Block and shade glyphs are drawn exactly (shades as fg/bg mixes); any other non-space glyph
  /// is drawn as its background with a foreground bar in the cell's middle, standing in for text.
  public static func picture(_ grid: CellGrid, scale: Int = 4) -> PixelImage {
    let s = max(1, scale)
    let cw = s, ch = 2 * s
    var img = PixelImage(width: grid.width * cw, height: grid.height * ch)
    let iw = img.width
    for cy in 0..<grid.height {
      for cx in 0..<grid.width {
        let cell = grid.cells[cy * grid.width + cx]
        var fg = cell.fg.rgbOr(defaultForeground), bg = cell.bg.rgbOr(defaultBackground)
        if cell.style.contains(.reverse) { swap(&fg, &bg) }
        // Which colour each pixel row of the cell takes: top half, bottom half, or text.
        let top: RGB, bottom: RGB
        var textBar = false
        switch cell.char {
        case "▀": top = fg; bottom = bg
        case "▄": top = bg; bottom = fg
        case "█": top = fg; bottom = fg
        case " ": top = bg; bottom = bg
        case "░": top = blend(bg, fg, 0.25); bottom = top
        case "▒": top = blend(bg, fg, 0.5); bottom = top
        case "▓": top = blend(bg, fg, 0.75); bottom = top
        default: top = bg; bottom = bg; textBar = true
        }
        for py in 0..<ch {
          let row = (cy * ch + py) * iw + cx * cw
          let c = py < s ? top : bottom
          for px in 0..<cw { img.pixels[row + px] = c }
          if textBar && py >= ch / 4 && py < ch - ch / 4 {
            for px in 0..<cw where cw < 3 || (px > 0 && px < cw - 1) { img.pixels[row + px] = fg }
          }
        }
      }
    }
    return img
  }

  /// The grid as PNG file bytes (see `picture`).
  public static func png(_ grid: CellGrid, scale: Int = 4) -> [UInt8] {
    PNGEncoder.encode(picture(grid, scale: scale))
  }
}

extension CellColor {
  /// The RGB value, or `fallback` for the terminal default.
  public func rgbOr(_ fallback: RGB) -> RGB {
    if case .rgb(let c) = self { return c }
    return fallback
  }
}
