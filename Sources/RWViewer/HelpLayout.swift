/// Where the help overlay puts each key map group for a terminal size.
///
/// Groups are never split, so a title stays with its entries. When the groups fit on the screen
/// they are laid out column by column (as many columns as the width allows, the fewest rows);
/// otherwise they are laid out in bands of side-by-side groups that read top to bottom, and the
/// help scrolls by rows. Both `view` (drawing) and `update` (scroll keys) use this one layout.
struct HelpLayout: Equatable {
  /// One piece of text on a content row.
  struct Piece: Equatable {
    var x: Int
    var text: String
    var isTitle: Bool
    var width: Int
  }

  /// Columns between side-by-side groups.
  static let gap = 3
  /// Cells between the box edge and the content, each side.
  static let margin = 1

  /// The content rows, top to bottom (x relative to the content's left edge).
  var rows: [[Piece]]
  /// Width of the content.
  var contentWidth: Int
  /// Rows of content shown at once.
  var visibleRows: Int
  /// The overlay's box on the terminal: a title row, the visible content rows, a footer row.
  var box: CellRect

  /// Whether the content is taller than the screen.
  var scrolls: Bool { rows.count > visibleRows }
  /// The largest first row.
  var maxScroll: Int { max(0, rows.count - visibleRows) }

  /// `scroll` kept inside 0...maxScroll.
  func clamp(_ scroll: Int) -> Int { max(0, min(maxScroll, scroll)) }

  init(groups: [HelpGroup], cols: Int, rows termRows: Int) {
    let availW = max(1, cols - 2 * Self.margin)
    let blocks = groups.map { g in
      [g.title] + g.entries.flatMap { Self.wrap($0, width: availW, indent: g.descriptionColumn) }
    }
    let widths = blocks.map { b in b.map(\.count).max() ?? 0 }
    let availH = max(1, termRows - 2)
    var rows: [[Piece]]
    if let columns = Self.columnsThatFit(blocks, widths, width: availW, height: availH) {
      rows = Self.columnRows(blocks, widths, columns)
    } else {
      rows = Self.bandRows(blocks, widths, width: availW)
    }
    if rows.isEmpty { rows = [[]] }
    self.rows = rows
    contentWidth = min(availW, rows.map { r in r.map { $0.x + $0.width }.max() ?? 0 }.max() ?? 0)
    visibleRows = min(rows.count, availH)
    let boxW = min(cols, contentWidth + 2 * Self.margin)
    let boxH = min(termRows, visibleRows + 2)
    box = CellRect(
      x: max(0, (cols - boxW) / 2), y: max(0, (termRows - boxH) / 2), width: boxW, height: boxH)
  }

  /// `line` split at spaces into rows of at most `width` characters, the later rows indented by
  /// `indent` (less when the width leaves too little room); a word longer than a row is cut.
  static func wrap(_ line: String, width: Int, indent: Int) -> [String] {
    guard line.count > width, width > 0 else { return [line] }
    let pad = indent <= width / 2 ? indent : min(4, width / 2)
    var rows: [String] = []
    var rest = Substring(line)
    var first = true
    while !rest.isEmpty {
      let prefix = first ? "" : String(repeating: " ", count: pad)
      let room = width - prefix.count
      if rest.count <= room {
        rows.append(prefix + rest)
        break
      }
      let limit = rest.index(rest.startIndex, offsetBy: room)
      let minBreak =
        first ? rest.index(rest.startIndex, offsetBy: min(room, max(1, indent))) : rest.startIndex
      var cut = limit
      if let space = rest[minBreak...limit].lastIndex(of: " "), space > rest.startIndex {
        cut = space
      }
      rows.append(prefix + rest[..<cut])
      rest = rest[cut...].drop { $0 == " " }
      first = false
    }
    return rows
  }

  /// Column-major packing with the fewest rows whose width fits, if it also fits `height`.
  /// Returns the block indices of each column.
  private static func columnsThatFit(_ blocks: [[String]], _ widths: [Int], width: Int, height: Int)
    -> [[Int]]?
  {
    let tallest = blocks.map(\.count).max() ?? 0
    guard tallest <= height else { return nil }
    for h in tallest...max(tallest, height) {
      let columns = pack(blocks, maxHeight: h)
      let total =
        columns.map { c in c.map { widths[$0] }.max() ?? 0 }.reduce(0, +) + gap
        * (columns.count - 1)
      if total <= width { return columns }
    }
    return nil
  }

  /// Fills columns in order, starting a new column when the next block would pass `maxHeight`
  /// (a blank row separates blocks in a column).
  private static func pack(_ blocks: [[String]], maxHeight: Int) -> [[Int]] {
    var columns: [[Int]] = [[]]
    var used = 0
    for (n, b) in blocks.enumerated() {
      let need = columns[columns.count - 1].isEmpty ? b.count : used + 1 + b.count
      if need > maxHeight && !columns[columns.count - 1].isEmpty {
        columns.append([n])
        used = b.count
      } else {
        columns[columns.count - 1].append(n)
        used = need
      }
    }
    return columns
  }

  private static func columnRows(_ blocks: [[String]], _ widths: [Int], _ columns: [[Int]])
    -> [[Piece]]
  {
    var rows: [[Piece]] = []
    var x = 0
    for column in columns {
      let w = column.map { widths[$0] }.max() ?? 0
      var y = 0
      for n in column {
        if y > 0 { y += 1 }
        for (line, text) in blocks[n].enumerated() {
          while rows.count <= y { rows.append([]) }
          rows[y].append(Piece(x: x, text: text, isTitle: line == 0, width: w))
          y += 1
        }
      }
      x += w + gap
    }
    return rows
  }

  /// Bands of as many equal-width slots as fit, groups in key map order left to right, then
  /// the next band below a blank row.
  private static func bandRows(_ blocks: [[String]], _ widths: [Int], width: Int) -> [[Piece]] {
    let slotW = min(width, widths.max() ?? 0)
    let perBand = max(1, (width + gap) / (slotW + gap))
    var rows: [[Piece]] = []
    for bandStart in stride(from: 0, to: blocks.count, by: perBand) {
      if !rows.isEmpty { rows.append([]) }
      let band = Array(bandStart..<min(blocks.count, bandStart + perBand))
      let top = rows.count
      for (slot, n) in band.enumerated() {
        for (line, text) in blocks[n].enumerated() {
          while rows.count <= top + line { rows.append([]) }
          rows[top + line].append(
            Piece(x: slot * (slotW + gap), text: text, isTitle: line == 0, width: slotW))
        }
      }
    }
    return rows
  }
}
