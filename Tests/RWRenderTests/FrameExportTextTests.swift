import Testing

@testable import RWRender

/// Text in exported pictures: `BitmapFont` glyphs in 6×12-pixel cells, block elements as exact
/// fills. Every check decodes the PNG bytes, as a viewer of the file would.
@Suite struct FrameExportTextTests {
  static let white = RGB(255, 255, 255), navy = RGB(0, 0, 80)

  /// The PNG of `grid` at the default scale, decoded.
  static func decoded(_ grid: CellGrid, scale: Int = FrameExport.defaultScale) throws -> PixelImage
  {
    try PNGDecoder.decode(try FrameExport.png(grid, scale: scale))
  }

  /// Cell (cx, cy) of `img` as rows of "#" (ink) and "." (paper), failing on any other colour.
  static func pattern(_ img: PixelImage, cx: Int, cy: Int = 0, ink: RGB, paper: RGB, scale: Int = 6)
    -> [String]
  {
    (0..<(2 * scale)).map { py in
      String(
        (0..<scale).map { px -> Character in
          let c = img[cx * scale + px, cy * 2 * scale + py]
          return c == ink ? "#" : c == paper ? "." : "?"
        })
    }
  }

  @Test func lettersAndDigitsAreDrawnAsGlyphs() throws {
    var g = CellGrid(width: 3, height: 1)
    g.put("Ab1", x: 0, y: 0, fg: .rgb(Self.white), bg: .rgb(Self.navy))
    let img = try Self.decoded(g)
    #expect(img.width == 18 && img.height == 12)
    // Two blank rows above the capitals, the baseline under row 8, a free column on the right.
    #expect(
      Self.pattern(img, cx: 0, ink: Self.white, paper: Self.navy) == [
        "......", "......",
        ".###..", "#...#.", "#...#.", "#####.", "#...#.", "#...#.", "#...#.",
        "......", "......", "......",
      ])
    #expect(
      Self.pattern(img, cx: 1, ink: Self.white, paper: Self.navy) == [
        "......", "......",
        "#.....", "#.....", "#.##..", "##..#.", "#...#.", "#...#.", "####..",
        "......", "......", "......",
      ])
    #expect(
      Self.pattern(img, cx: 2, ink: Self.white, paper: Self.navy) == [
        "......", "......",
        "..#...", ".##...", "..#...", "..#...", "..#...", "..#...", ".###..",
        "......", "......", "......",
      ])
  }

  @Test func descendersBoldUnderlineReverseAndDefaultColours() throws {
    var g = CellGrid(width: 4, height: 1)
    g[0, 0] = Cell("g")
    g[1, 0] = Cell("l", style: .bold)
    g[2, 0] = Cell("_", fg: .rgb(Self.white), bg: .rgb(Self.navy), style: .reverse)
    g[3, 0] = Cell("x", style: .underline)
    let img = try Self.decoded(g)
    let fg = FrameExport.defaultForeground
    let bg = FrameExport.defaultBackground
    #expect(
      Self.pattern(img, cx: 0, ink: fg, paper: bg) == [
        "......", "......", "......", "......",
        ".####.", "#...#.", "#...#.", ".####.", "....#.", "#...#.", ".###..", "......",
      ])
    // Bold "l": each ink pixel also inks its right neighbour.
    #expect(
      Self.pattern(img, cx: 1, ink: fg, paper: bg) == [
        "......", "......",
        ".###..", "..##..", "..##..", "..##..", "..##..", "..##..", ".####.",
        "......", "......", "......",
      ])
    // Reverse: navy ink on white; "_" sits on the first descender row.
    #expect(
      Self.pattern(img, cx: 2, ink: Self.navy, paper: Self.white) == [
        "......", "......", "......", "......", "......", "......", "......", "......", "......",
        "#####.", "......", "......",
      ])
    // Underline: the whole first descender row of the cell.
    #expect(
      Self.pattern(img, cx: 3, ink: fg, paper: bg) == [
        "......", "......", "......", "......",
        "#...#.", ".#.#..", "..#...", ".#.#..", "#...#.",
        "######", "......", "......",
      ])
  }

  @Test func halfBlocksKeepExactTopAndBottomColours() throws {
    let red = RGB(230, 20, 10)
    let blue = RGB(5, 40, 250)
    let green = RGB(0, 200, 0)
    let grey = RGB(90, 90, 90)
    var g = CellGrid(width: 3, height: 2)
    g[0, 0] = Cell("▀", fg: .rgb(red), bg: .rgb(blue))
    g[1, 0] = Cell("▄", fg: .rgb(green), bg: .rgb(grey))
    g[2, 0] = Cell("█", fg: .rgb(red), bg: .rgb(grey))
    g[0, 1] = Cell("▀", fg: .rgb(green), bg: .rgb(red), style: .reverse)
    for scale in [4, 5, 6, 7] {
      let img = try Self.decoded(g, scale: scale)
      let s = scale
      for px in 0..<s {
        for py in 0..<s {
          #expect(img[px, py] == red && img[px, s + py] == blue, "▀ at scale \(s)")
          #expect(img[s + px, py] == grey && img[s + px, s + py] == green, "▄ at scale \(s)")
          #expect(img[2 * s + px, py] == red && img[2 * s + px, s + py] == red, "█ at scale \(s)")
          // Reverse swaps: the upper half shows the background colour.
          #expect(
            img[px, 2 * s + py] == red && img[px, 3 * s + py] == green, "reversed ▀ at scale \(s)")
        }
      }
    }
  }

  @Test func sparklineBlocksFillTheLowerEighths() throws {
    let ink = RGB(250, 200, 0)
    let paper = RGB(10, 10, 30)
    let bars: [Unicode.Scalar] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    var g = CellGrid(width: bars.count, height: 1)
    for (n, b) in bars.enumerated() { g[n, 0] = Cell(b, fg: .rgb(ink), bg: .rgb(paper)) }
    let img = try Self.decoded(g)
    // n/8 of 12 rows, halves rounded up: 1.5, 3, 4.5, 6, 7.5, 9, 10.5, 12.
    let expected = [2, 3, 5, 6, 8, 9, 11, 12]
    for (n, want) in expected.enumerated() {
      let rows = Self.pattern(img, cx: n, ink: ink, paper: paper)
      #expect(
        rows == Array(repeating: "......", count: 12 - want)
          + Array(repeating: "######", count: want), "\(bars[n])")
    }
  }

  @Test func shadesMixAndBoxLinesJoinNeighbours() throws {
    let ink = RGB(200, 100, 0)
    let paper = RGB(0, 0, 0)
    var g = CellGrid(width: 3, height: 2)
    g[0, 0] = Cell("│", fg: .rgb(ink), bg: .rgb(paper))
    g[0, 1] = Cell("│", fg: .rgb(ink), bg: .rgb(paper))
    g[1, 0] = Cell("─", fg: .rgb(ink), bg: .rgb(paper))
    g[2, 0] = Cell("─", fg: .rgb(ink), bg: .rgb(paper))
    g[1, 1] = Cell("▒", fg: .rgb(ink), bg: .rgb(paper))
    let img = try Self.decoded(g)
    // A vertical line in column 2 of the cell, unbroken over both rows.
    for y in 0..<24 { #expect(img[2, y] == ink && img[1, y] == paper && img[3, y] == paper) }
    // A horizontal line on row 5 across both cells.
    for x in 6..<18 { #expect(img[x, 5] == ink && img[x, 4] == paper && img[x, 6] == paper) }
    // ▒: the half mix of ink and paper everywhere in the cell.
    #expect(img[6, 12] == RGB(100, 50, 0) && img[11, 23] == RGB(100, 50, 0))
  }

  @Test func fontCoversPrintableASCIIWithDistinctGlyphs() {
    var seen: [BitmapFont.Glyph: Unicode.Scalar] = [:]
    for v in UInt32(0x21)...0x7E {
      let c = Unicode.Scalar(v)!
      guard let glyph = BitmapFont.glyph(c) else {
        Issue.record("no glyph for \(c)")
        continue
      }
      #expect(glyph.rows.contains { $0 != 0 }, "\(c) is blank")
      if let other = seen[glyph] { Issue.record("\(c) looks like \(other)") }
      seen[glyph] = c
      // Letters and digits stand on the baseline: ink in the last body row, except for the
      // few signs that float (quotes, dashes, carets...).
      if c.properties.isAlphabetic || ("0"..."9").contains(Character(c)) {
        #expect(glyph.rows[BitmapFont.bodyHeight - 1] != 0, "\(c) does not reach the baseline")
      }
    }
    #expect(BitmapFont.glyph(" ")?.rows.allSatisfy { $0 == 0 } == true)
    // The non-ASCII signs the views draw have their own glyphs, not the replacement box.
    for c in ["·", "×", "±", "–", "…", "←", "→", "↑", "↓", "■", "▲", "▴", "▾", "▸", "◂", "≤", "≥"]
      as [Unicode.Scalar]
    {
      #expect(BitmapFont.glyph(c) != nil && BitmapFont.glyph(c) != BitmapFont.replacement, "\(c)")
    }
    #expect(BitmapFont.glyph("€") == nil)
  }

  @Test func unknownCharactersGetTheReplacementBoxAndTinyCellsABar() throws {
    var g = CellGrid(width: 1, height: 1)
    g[0, 0] = Cell("€")
    let fg = FrameExport.defaultForeground
    let bg = FrameExport.defaultBackground
    #expect(
      Self.pattern(try Self.decoded(g), cx: 0, ink: fg, paper: bg) == [
        "......", "......",
        "#####.", "#...#.", "#...#.", "#...#.", "#...#.", "#...#.", "#####.",
        "......", "......", "......",
      ])
    // At 4×8 pixels a glyph does not fit: the old middle bar.
    #expect(
      Self.pattern(try Self.decoded(g, scale: 4), cx: 0, ink: fg, paper: bg, scale: 4) == [
        "....", "....", ".##.", ".##.", ".##.", ".##.", "....", "....",
      ])
  }
}
