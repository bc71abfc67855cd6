import RWSystem

/// A 24-bit colour.
public struct RGB: Hashable, Sendable {
  public var r: UInt8
  public var g: UInt8
  public var b: UInt8

  public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
    self.r = r
    self.g = g
    self.b = b
  }
}

/// The colour of a cell's foreground or background: the terminal default or a 24-bit colour.
///
/// Cells always hold full colour; the backend (or `render --format ansi`) quantises to what the
/// terminal supports.
public enum CellColor: Hashable, Sendable {
  case terminalDefault
  case rgb(RGB)
}

/// Text attributes of a cell.
public struct CellStyle: OptionSet, Hashable, Sendable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }
  public static let bold = CellStyle(rawValue: 1)
  public static let reverse = CellStyle(rawValue: 2)
  public static let underline = CellStyle(rawValue: 4)
  public static let dim = CellStyle(rawValue: 8)
}

/// One terminal cell: a single-width character with colours and attributes.
public struct Cell: Hashable, Sendable {
  public var char: Unicode.Scalar
  public var fg: CellColor
  public var bg: CellColor
  public var style: CellStyle

  public init(
    _ char: Unicode.Scalar = " ", fg: CellColor = .terminalDefault,
    bg: CellColor = .terminalDefault,
    style: CellStyle = []
  ) {
    self.char = char
    self.fg = fg
    self.bg = bg
    self.style = style
  }

  /// A blank cell in the terminal's default colours.
  public static let blank = Cell()
}

/// An in-memory grid of cells that views draw into; only the terminal backend flushes it.
public struct CellGrid: Equatable, Sendable {
  public let width: Int
  public let height: Int
  /// Row-major cells, `cells[y * width + x]`.
  public var cells: [Cell]

  /// A grid of blank cells.
  public init(width: Int, height: Int, fill: Cell = .blank) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = [Cell](repeating: fill, count: self.width * self.height)
  }

  /// The cell at column `x`, row `y` (reads outside give a blank; writes outside are ignored).
  public subscript(x: Int, y: Int) -> Cell {
    get { (x >= 0 && y >= 0 && x < width && y < height) ? cells[y * width + x] : .blank }
    set { if x >= 0 && y >= 0 && x < width && y < height { cells[y * width + x] = newValue } }
  }

  /// Writes `text` from column `x` of row `y`, clipped to the grid and to `maxWidth` cells.
  ///
  /// Each Unicode scalar takes one cell; callers keep to single-width characters. Control
  /// characters (from file names, headers) are written out by `Escape.controls` (`\n`, `\e`),
  /// so they never reach the terminal or a `--format text` frame.
  public mutating func put(
    _ text: String, x: Int, y: Int, fg: CellColor = .terminalDefault,
    bg: CellColor = .terminalDefault, style: CellStyle = [], maxWidth: Int = .max
  ) {
    guard y >= 0 && y < height else { return }
    var col = x
    var written = 0
    for s in Escape.controls(text).unicodeScalars {
      if written >= maxWidth || col >= width { break }
      if col >= 0 { cells[y * width + col] = Cell(s, fg: fg, bg: bg, style: style) }
      col += 1
      written += 1
    }
  }

  /// Fills a rectangle with one cell value (clipped).
  public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, with cell: Cell) {
    let x0 = max(0, x)
    let y0 = max(0, y)
    let x1 = min(width, x + w)
    let y1 = min(height, y + h)
    guard x0 < x1 && y0 < y1 else { return }
    for row in y0..<y1 {
      for col in x0..<x1 { cells[row * width + col] = cell }
    }
  }

  /// The characters of each row, for tests and `--format text`.
  public var lines: [String] {
    (0..<height).map { y in
      var s = String.UnicodeScalarView()
      for x in 0..<width { s.append(cells[y * width + x].char) }
      return String(s)
    }
  }
}
