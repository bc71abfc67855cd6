import RWTestSupport
import Testing

@testable import RWRender

@Suite struct SnapshotFormatTests {
  @Test func textAndStyleRuns() {
    var g = CellGrid(width: 6, height: 2)
    let o = RGB(230, 159, 0)
    for x in 0..<3 { g[x, 0] = Cell(x == 2 ? "█" : "▀", fg: .rgb(o), bg: .rgb(RGB(0, 0, 0))) }
    g.put("ab", x: 4, y: 0, style: .bold)
    let expected = """
      grid 6x2
        0|▀▀█ ab|
        1|      |
      styles
        0: 0-2 fg=#e69f00 bg=#000000 | 3-3 fg=default bg=default | 4-5 fg=default bg=default bold
        1: 0-5 fg=default bg=default

      """
    #expect(g.snapshotText == expected)
  }

  @Test func lineDiffShowsChangedLines() {
    #expect(lineDiff("a\nb\nc", "a\nB\nc\nd") == "-2: b\n+2: B\n+4: d")
  }
}
