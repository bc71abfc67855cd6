/// Encodes pixel images into cells, two vertical pixels per cell.
///
/// - Colour with Unicode: `▀` with the top pixel as foreground and the bottom pixel as
///   background; `█` (foreground and background both set) when the two pixels are equal.
/// - Colour without Unicode (ASCII locale): a space whose background is the mean of the two
///   pixels (half the vertical resolution, full colour).
/// - 8 colours with Unicode: see `palette8Cell` (nearest basic colours, or a shade mix).
/// - Monochrome: the mean luminance of the two pixels as a shade glyph (`░▒▓█` or the ASCII ramp
///   ` .:-=+*#%@`), terminal default colours.
///
/// Cells hold full RGB in every colour mode; the backend and the ANSI export quantise to 256 or
/// 8 colours. An odd last pixel row gives `▀` over the terminal's default background.
public enum HalfBlock {
  /// The upper half block, top pixel in the foreground.
  public static let upperHalf: Unicode.Scalar = "▀"
  /// The full block, used when both pixels are equal.
  public static let fullBlock: Unicode.Scalar = "█"
  /// Monochrome shades with Unicode, from dark to bright.
  public static let unicodeShades: [Unicode.Scalar] = [" ", "░", "▒", "▓", "█"]
  /// Monochrome shades in ASCII, from dark to bright.
  public static let asciiShades: [Unicode.Scalar] = [
    " ", ".", ":", "-", "=", "+", "*", "#", "%", "@",
  ]

  /// Cells needed to show `width × height` pixels.
  public static func cellSize(pixelWidth: Int, pixelHeight: Int) -> (width: Int, height: Int) {
    (max(0, pixelWidth), max(0, (pixelHeight + 1) / 2))
  }

  /// Pixels shown by `width × height` cells.
  public static func pixelSize(cellWidth: Int, cellHeight: Int) -> (width: Int, height: Int) {
    (max(0, cellWidth), max(0, cellHeight) * 2)
  }

  /// The cell showing pixel `top` over pixel `bottom` (nil: no bottom pixel).
  @inline(__always)
  public static func cell(top: RGB, bottom: RGB?, caps: RenderCaps) -> Cell {
    if caps.colorMode == .monochrome {
      let lum =
        bottom.map { (ColorQuantize.luminance(top) + ColorQuantize.luminance($0)) / 2 }
        ?? ColorQuantize.luminance(top)
      let ramp = caps.unicode ? unicodeShades : asciiShades
      return Cell(ramp[min(ramp.count - 1, lum * ramp.count / 256)])
    }
    guard let bottom else {
      if caps.unicode { return Cell(upperHalf, fg: .rgb(top)) }
      return Cell(" ", bg: .rgb(top))
    }
    if caps.colorMode == .palette8 && caps.unicode { return palette8Cell(top: top, bottom: bottom) }
    if !caps.unicode {
      let mean = RGB(
        UInt8((Int(top.r) + Int(bottom.r) + 1) / 2), UInt8((Int(top.g) + Int(bottom.g) + 1) / 2),
        UInt8((Int(top.b) + Int(bottom.b) + 1) / 2))
      return Cell(" ", bg: .rgb(mean))
    }
    if top == bottom { return Cell(fullBlock, fg: .rgb(top), bg: .rgb(top)) }
    return Cell(upperHalf, fg: .rgb(top), bg: .rgb(bottom))
  }

  /// Writes `image` into `grid` with its top-left pixel in cell column `x`, row `y`.
  ///
  /// Pixel rows 2r and 2r+1 go to cell row `y + r`; cells outside the grid are skipped.
  public static func encode(
    _ image: PixelImage, into grid: inout CellGrid, x: Int, y: Int, caps: RenderCaps
  ) {
    let cellRows = (image.height + 1) / 2
    let c0 = max(0, -x)
    let c1 = min(image.width, grid.width - x)
    let r0 = max(0, -y)
    let r1 = min(cellRows, grid.height - y)
    guard c0 < c1 && r0 < r1 else { return }
    let gw = grid.width
    let iw = image.width
    let ih = image.height
    image.pixels.withUnsafeBufferPointer { px in
      grid.cells.withUnsafeMutableBufferPointer { cells in
        for r in r0..<r1 {
          let topRow = 2 * r * iw
          let hasBottom = 2 * r + 1 < ih
          let out = (y + r) * gw + x
          for c in c0..<c1 {
            let top = px[topRow + c]
            cells[out + c] = cell(
              top: top, bottom: hasBottom ? px[topRow + iw + c] : nil, caps: caps)
          }
        }
      }
    }
  }
}
