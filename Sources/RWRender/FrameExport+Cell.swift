/// Drawing one cell of a frame picture: block elements as exact fills, box lines through the
/// cell, text with `BitmapFont`.
extension FrameExport {
  /// A cell's pixel box in a picture and the colours to draw it with.
  struct CellCanvas {
    var x: Int
    var y: Int
    var width: Int
    var height: Int
    var fg: RGB
    var bg: RGB
  }

  /// Paints `cell` into `img` at `c` (colours already resolved: reverse swapped, dim mixed).
  static func paint(_ cell: Cell, _ c: CellCanvas, into img: inout PixelImage) {
    let ch = cell.char
    let v = ch.value
    switch v {
    case 0x2580:  // ▀ upper half
      fill(&img, c, rows: 0..<(c.height / 2), c.fg, else: c.bg)
    case 0x2581...0x2588:  // ▁ ▂ ▃ ▄ ▅ ▆ ▇ █: the lower n eighths
      let n = Int(v - 0x2580)
      let ink = (n * c.height + 4) / 8
      fill(&img, c, rows: (c.height - ink)..<c.height, c.fg, else: c.bg)
    case 0x2591, 0x2592, 0x2593:  // ░ ▒ ▓ as fg/bg mixes
      let mix = blend(c.bg, c.fg, Float(v - 0x2590) * 0.25)
      fill(&img, c, rows: 0..<c.height, mix, else: mix)
    case 0x20:
      fill(&img, c, rows: 0..<0, c.fg, else: c.bg)
    default:
      if let arms = boxArms(ch) {
        drawBox(&img, c, arms)
      } else if c.width >= BitmapFont.width && c.height >= BitmapFont.height {
        drawGlyph(
          &img, c, BitmapFont.glyph(ch) ?? BitmapFont.replacement, bold: cell.style.contains(.bold))
      } else {
        // Too small for the font: a bar standing in for the text.
        fill(
          &img, c, rows: (c.height / 4)..<(c.height - c.height / 4), c.fg, else: c.bg,
          columns: c.width < 3 ? 0..<c.width : 1..<(c.width - 1))
      }
    }
    if cell.style.contains(.underline) {
      let m = magnification(c)
      let top = glyphOrigin(c, m).y + BitmapFont.bodyHeight * m
      fill(&img, c, rows: min(top, c.height - 1)..<min(c.height, top + m), c.fg, else: nil)
    }
  }

  /// Pixels per font pixel for a cell: 1 up to 11×23-pixel cells, then 2, and so on.
  static func magnification(_ c: CellCanvas) -> Int {
    max(1, min(c.width / (BitmapFont.width + 1), c.height / (BitmapFont.height + 3)))
  }

  /// Where the glyph's top-left pixel goes in the cell: centred across, the body slightly below
  /// the middle so descenders fit.
  static func glyphOrigin(_ c: CellCanvas, _ m: Int) -> (x: Int, y: Int) {
    (
      max(0, (c.width - BitmapFont.width * m) / 2),
      max(0, (c.height - BitmapFont.height * m + 1) / 2)
    )
  }

  /// Fills `rows` (and `columns`) of the cell with `ink`, the rest with `paper` (nil: leave).
  static func fill(
    _ img: inout PixelImage, _ c: CellCanvas, rows: Range<Int>, _ ink: RGB, else paper: RGB?,
    columns: Range<Int>? = nil
  ) {
    let cols = columns ?? 0..<c.width
    for py in 0..<c.height {
      let base = (c.y + py) * img.width + c.x
      let inRow = rows.contains(py)
      for px in 0..<c.width {
        if inRow && cols.contains(px) {
          img.pixels[base + px] = ink
        } else if let p = paper {
          img.pixels[base + px] = p
        }
      }
    }
  }

  static func drawGlyph(_ img: inout PixelImage, _ c: CellCanvas, _ g: BitmapFont.Glyph, bold: Bool)
  {
    let m = magnification(c)
    let (ox, oy) = glyphOrigin(c, m)
    for py in 0..<c.height {
      let base = (c.y + py) * img.width + c.x
      let gy = py - oy < 0 ? -1 : (py - oy) / m
      for px in 0..<c.width {
        let gx = px - ox < 0 ? -1 : (px - ox) / m
        // Bold: each ink pixel also inks the font pixel to its right.
        let on = g.ink(gx, gy) || bold && px - ox >= m && g.ink((px - ox - m) / m, gy)
        img.pixels[base + px] = on ? c.fg : c.bg
      }
    }
  }

  /// Which sides a light box-drawing line reaches: (up, down, left, right).
  static func boxArms(_ ch: Unicode.Scalar) -> (up: Bool, down: Bool, left: Bool, right: Bool)? {
    switch ch {
    case "│": return (true, true, false, false)
    case "─": return (false, false, true, true)
    case "┌": return (false, true, false, true)
    case "┐": return (false, true, true, false)
    case "└": return (true, false, false, true)
    case "┘": return (true, false, true, false)
    case "├": return (true, true, false, true)
    case "┤": return (true, true, true, false)
    case "┬": return (false, true, true, true)
    case "┴": return (true, false, true, true)
    case "┼": return (true, true, true, true)
    default: return nil
    }
  }

  /// Lines from the cell's centre to the sides in `arms`, so neighbouring cells join up.
  static func drawBox(
    _ img: inout PixelImage, _ c: CellCanvas,
    _ arms: (up: Bool, down: Bool, left: Bool, right: Bool)
  ) {
    let t = max(1, magnification(c))
    let x0 = (c.width - t) / 2
    let y0 = (c.height - t) / 2
    for py in 0..<c.height {
      let base = (c.y + py) * img.width + c.x
      for px in 0..<c.width {
        let inV = px >= x0 && px < x0 + t && (arms.up && py < y0 + t || arms.down && py >= y0)
        let inH = py >= y0 && py < y0 + t && (arms.left && px < x0 + t || arms.right && px >= x0)
        img.pixels[base + px] = inV || inH ? c.fg : c.bg
      }
    }
  }
}
