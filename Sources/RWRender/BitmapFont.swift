/// A small bitmap font for pictures of frames (`FrameExport.picture`): printable ASCII and the
/// few other signs the views use, drawn for rwview (see `BitmapFont+Glyphs.swift`).
///
/// Glyphs are `width × height` pixels: a 7-row body with the baseline under row 6, and two
/// descender rows for g, j, p, q, y and the comma.
public enum BitmapFont {
  /// Glyph width in pixels.
  public static let width = 5
  /// Glyph height in pixels, descenders included.
  public static let height = 9
  /// Rows from the top of a capital to the baseline; the rows below are descenders.
  public static let bodyHeight = 7

  /// One glyph's pixels.
  public struct Glyph: Hashable, Sendable {
    /// `rows[y]` has bit `width - 1 - x` set where pixel (x, y) is ink.
    public let rows: [UInt8]

    /// Whether pixel (x, y) is ink (false outside the glyph).
    public func ink(_ x: Int, _ y: Int) -> Bool {
      guard x >= 0, x < BitmapFont.width, y >= 0, y < rows.count else { return false }
      return rows[y] >> UInt8(BitmapFont.width - 1 - x) & 1 == 1
    }
  }

  /// The glyph of `c`, or nil when the font has none (pictures then draw `replacement`).
  public static func glyph(_ c: Unicode.Scalar) -> Glyph? {
    if c.value >= 0x20 && c.value <= 0x7E { return ascii[Int(c.value - 0x20)] }
    return extras[c]
  }

  /// The box drawn for a character the font does not have.
  public static let replacement: Glyph = extras["\u{FFFD}"]!

  static let ascii: [Glyph] = asciiArt.map(parse)
  static let extras: [Unicode.Scalar: Glyph] = extraArt.mapValues(parse)

  /// A glyph from its art: rows separated by spaces, "#" ink, "." paper; missing rows blank.
  static func parse(_ art: String) -> Glyph {
    var rows = [UInt8](repeating: 0, count: height)
    for (y, row) in art.split(separator: " ").prefix(height).enumerated() {
      for (x, ch) in row.prefix(width).enumerated() where ch == "#" {
        rows[y] |= 1 << UInt8(width - 1 - x)
      }
    }
    return Glyph(rows: rows)
  }
}
