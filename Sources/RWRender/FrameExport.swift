import RWZlib

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

  /// Cell width in pixels of exported pictures by default (cells are twice as tall): room for
  /// `BitmapFont`'s 5×9 glyphs with a pixel between letters.
  public static let defaultScale = 6

  /// The grid drawn as an image: each cell is `scale` pixels wide and `2 × scale` tall, so each
  /// half-block pixel becomes a `scale × scale` square.
  ///
  /// Block elements are exact fills (▀ ▄ █ and the sparkline eighths ▁…▇; shades ░ ▒ ▓ as
  /// fg/bg mixes), light box lines run through the cell, and other characters are drawn with
  /// `BitmapFont` (bold thickened, underline under the baseline, dim mixed towards the
  /// background). Cells narrower than the font (`scale` < 5) show a bar in place of text.
  public static func picture(_ grid: CellGrid, scale: Int = defaultScale) -> PixelImage {
    let s = max(1, scale)
    let cw = s
    let ch = 2 * s
    var img = PixelImage(width: grid.width * cw, height: grid.height * ch)
    for cy in 0..<grid.height {
      for cx in 0..<grid.width {
        let cell = grid.cells[cy * grid.width + cx]
        var fg = cell.fg.rgbOr(defaultForeground)
        var bg = cell.bg.rgbOr(defaultBackground)
        if cell.style.contains(.reverse) { swap(&fg, &bg) }
        if cell.style.contains(.dim) { fg = blend(bg, fg, 0.6) }
        paint(
          cell, CellCanvas(x: cx * cw, y: cy * ch, width: cw, height: ch, fg: fg, bg: bg),
          into: &img)
      }
    }
    return img
  }

  /// The grid as PNG file bytes (see `picture`).
  public static func png(_ grid: CellGrid, scale: Int = defaultScale) throws(ZlibError)
    -> [UInt8]
  {
    try PNGEncoder.encode(picture(grid, scale: scale))
  }
}

extension CellColor {
  /// The RGB value, or `fallback` for the terminal default.
  public func rgbOr(_ fallback: RGB) -> RGB {
    if case .rgb(let c) = self { return c }
    return fallback
  }
}
