/// A composited RGB image (one entry per display pixel), row-major from the top-left.
///
/// Views composite every layer per pixel into one of these; `HalfBlock` then encodes two pixel
/// rows per cell row.
public struct PixelImage: Equatable, Sendable {
  public let width: Int
  public let height: Int
  /// `pixels[y * width + x]`.
  public var pixels: [RGB]

  /// An image filled with one colour.
  public init(width: Int, height: Int, fill: RGB = RGB(0, 0, 0)) {
    self.width = max(0, width)
    self.height = max(0, height)
    pixels = [RGB](repeating: fill, count: self.width * self.height)
  }

  /// The pixel at column `x`, row `y`.
  public subscript(x: Int, y: Int) -> RGB {
    get { pixels[y * width + x] }
    set { pixels[y * width + x] = newValue }
  }
}

/// What the output can show: colour depth and whether block characters are available.
public struct RenderCaps: Hashable, Sendable {
  /// Colour depth of the output.
  public enum ColorMode: String, Hashable, Sendable, CaseIterable {
    case trueColor, palette256, palette8, monochrome
  }

  public var colorMode: ColorMode
  /// False when the locale is not UTF-8: use ASCII only.
  public var unicode: Bool

  public init(colorMode: ColorMode, unicode: Bool) {
    self.colorMode = colorMode
    self.unicode = unicode
  }

  /// Full colour with Unicode blocks.
  public static let full = RenderCaps(colorMode: .trueColor, unicode: true)
}
