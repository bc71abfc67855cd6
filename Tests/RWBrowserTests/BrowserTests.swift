import RWDataset
import RWRender
import Testing

@testable import RWBrowser

/// The case browser as cell grids: rows, progress, sort, cursor, Enter, neighbours.
@Suite struct BrowserTests {
  static let cases = [
    DatasetCase(id: "c2", labels: "l2", prediction: "p2"),
    DatasetCase(id: "c1", labels: "l1", prediction: "p1"),
    DatasetCase(id: "c3", labels: "l3", prediction: "p3"), DatasetCase(id: "c9", labels: "l9"),
  ]

  /// Stats of a case with the given totals and foreground Dice.
  static func stats(_ id: String, rw: Double, lowest: Double, dice: Double) -> CaseStats {
    let report = JSONValue.object([
      (
        "total",
        .object([("rw_sum", .double(rw)), ("ce", .double(0.5)), ("lowest_rw_sum", .double(lowest))])
      ),
      (
        "metrics",
        .array([
          .object([("class", .int(0)), ("dice", .double(0.99)), ("hd95", .double(1))]),
          .object([("class", .int(1)), ("dice", .double(dice)), ("hd95", .double(2))]),
        ])
      ),
    ])
    return CaseStats(id: id, files: [], report: report)
  }

  static func computed() -> BrowserState {
    var s = BrowserState(title: "mini", cases: cases)
    _ = updateBrowser(&s, .resize(cols: 72, rows: 10))
    _ = updateBrowser(&s, .caseDone(stats("c1", rw: 10, lowest: 4, dice: 0.8)))
    _ = updateBrowser(&s, .caseDone(stats("c2", rw: 20, lowest: 2, dice: 0.9)))
    _ = updateBrowser(&s, .caseDone(stats("c3", rw: 12, lowest: 9, dice: 0.5)))
    return s
  }

  @Test func pendingRowsAndProgress() {
    var s = BrowserState(title: "mini", cases: Self.cases)
    _ = updateBrowser(&s, .resize(cols: 72, rows: 10))
    _ = updateBrowser(&s, .caseDone(Self.stats("c2", rw: 20, lowest: 2, dice: 0.9)))
    let g = browserView(s)
    #expect(g.lines[0].hasPrefix("4 cases  computing 1/3  mini"))
    #expect(g.lines[1].hasPrefix("case     rw_excess     rw_sum         ce       dice       hd95"))
    #expect(g.lines[2].hasPrefix("c1                …          …          …          …          …"))
    #expect(g.lines[3].hasPrefix("c2               18         20        0.5        0.9          2"))
    #expect(g.lines[5].hasPrefix("c9        no prediction"))
    #expect(g[0, 2].style == .reverse && g[0, 3].style == [])
    #expect(g[0, 5].fg == .rgb(RGB(128, 128, 128)))
    #expect(g.lines[9].hasPrefix("↑↓ move  Enter open"))
  }

  @Test func sortingKeepsTheCursorOnItsCase() {
    var s = Self.computed()
    _ = updateBrowser(&s, .key(.down))  // c2
    #expect(s.selectedID == "c2")
    _ = updateBrowser(&s, .key(.char("s")))  // rw_excess, largest first: c2 18, c1 6, c3 3
    #expect(s.order.map { s.rows[$0].id } == ["c2", "c1", "c3", "c9"])
    #expect(s.selectedID == "c2" && s.cursor == 0)
    let g = browserView(s)
    #expect(g.lines[0] == "4 cases  mini" + String(repeating: " ", count: 59))
    #expect(g.lines[1].contains("rw_excess▼"))
    #expect(
      g.lines[2].hasPrefix("c2 ") && g.lines[3].hasPrefix("c1 ") && g.lines[4].hasPrefix("c3 "))
    for _ in 0..<3 { _ = updateBrowser(&s, .key(.char("s"))) }  // dice, smallest first
    #expect(s.order.map { s.rows[$0].id } == ["c3", "c1", "c2", "c9"])
    #expect(browserView(s).lines[1].contains("dice▲"))
    _ = updateBrowser(&s, .key(.char("S")))
    #expect(s.sortColumn == nil && s.order.map { s.rows[$0].id } == ["c1", "c2", "c3", "c9"])
  }

  @Test func enterOpensAndNeighboursFollowTheOrder() {
    var s = Self.computed()
    _ = updateBrowser(&s, .key(.char("s")))
    #expect(s.selectedID == "c1")
    _ = updateBrowser(&s, .key(.home))
    #expect(updateBrowser(&s, .key(.enter)) == [.open("c2")])
    #expect(s.neighbour(of: "c2", step: 1) == "c1")
    #expect(s.neighbour(of: "c1", step: 1) == "c3")
    #expect(s.neighbour(of: "c2", step: -1) == nil)
    _ = updateBrowser(&s, .returned(id: "c3"))
    #expect(s.selectedID == "c3" && s.cursor == 2)
    _ = updateBrowser(&s, .key(.end))
    #expect(updateBrowser(&s, .key(.enter)) == [])
    #expect(browserView(s).lines[9].hasPrefix("c9 has no labels or no prediction"))
    #expect(updateBrowser(&s, .key(.char("q"))) == [.quit] && s.quitRequested)
  }

  @Test func longListsScrollWithTheCursor() {
    let many = (0..<30).map {
      DatasetCase(id: String(format: "case%02d", $0), labels: "l", prediction: "p")
    }
    var s = BrowserState(title: "t", cases: many)
    _ = updateBrowser(&s, .resize(cols: 60, rows: 8))
    #expect(s.visibleRows == 4)
    for _ in 0..<6 { _ = updateBrowser(&s, .key(.down)) }
    #expect(s.cursor == 6 && s.scroll == 3)
    let g = browserView(s)
    #expect(
      g.lines[2].hasPrefix("case03") && g.lines[5].hasPrefix("case06") && g[0, 5].style == .reverse)
    _ = updateBrowser(&s, .key(.pageDown))
    #expect(s.cursor == 10)
    _ = updateBrowser(&s, .key(.home))
    #expect(s.cursor == 0 && s.scroll == 0)
  }
}
