import RWRender

/// Encodes composited pixels into cells: two pixel rows per cell with the upper half block
/// (foreground = top pixel, background = bottom pixel); without Unicode, one averaged colour
/// per cell (a coloured space), or an ASCII shade ramp in monochrome.
enum CellEncoding {
  static let asciiRamp: [Unicode.Scalar] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]
  static let blockRamp: [Unicode.Scalar] = [" ", "░", "▒", "▓", "█"]

  /// Draws `image` (height = 2 × rect.height) into `grid` at `rect`.
  static func draw(_ image: PixelImage, into grid: inout CellGrid, at rect: CellRect, caps: RenderCaps) {
    let w = min(image.width, rect.width)
    let rows = min(image.height / 2, rect.height)
    guard w > 0 && rows > 0 else { return }
    for cy in 0..<rows {
      let gy = rect.y + cy
      guard gy >= 0 && gy < grid.height else { continue }
      for cx in 0..<w {
        let gx = rect.x + cx
        guard gx >= 0 && gx < grid.width else { continue }
        let top = image.pixels[(2 * cy) * image.width + cx]
        let bottom = image.pixels[(2 * cy + 1) * image.width + cx]
        grid.cells[gy * grid.width + gx] = cell(top, bottom, caps)
      }
    }
  }

  @inline(__always) static func cell(_ top: RGB, _ bottom: RGB, _ caps: RenderCaps) -> Cell {
    if caps.colorMode == .monochrome {
      let l = (luma(top) + luma(bottom)) / 2
      let ramp = caps.unicode ? blockRamp : asciiRamp
      return Cell(ramp[min(ramp.count - 1, Int(l * Double(ramp.count)))])
    }
    if caps.unicode { return Cell("▀", fg: .rgb(top), bg: .rgb(bottom)) }
    let avg = RGB(
      UInt8((Int(top.r) + Int(bottom.r)) / 2), UInt8((Int(top.g) + Int(bottom.g)) / 2),
      UInt8((Int(top.b) + Int(bottom.b)) / 2))
    return Cell(" ", fg: .terminalDefault, bg: .rgb(avg))
  }

  @inline(__always) static func luma(_ c: RGB) -> Double {
    (0.2126 * Double(c.r) + 0.7152 * Double(c.g) + 0.0722 * Double(c.b)) / 255
  }
}
