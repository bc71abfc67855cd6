import RWLoss
import RWRender
import Testing

@testable import RWViewer

/// Issue 12 item 5: the instability layer keeps the anatomy readable, every marker has its own
/// colour, and the violation profile draws nothing for slices without violations.
@Suite struct InstabilityLayerTests {
  /// Display pixels of the single pane (top and bottom half of each cell).
  static func panePixels(_ g: CellGrid, _ s: ViewerState) -> [RGB] {
    let r = ViewLayout.imageRect(ViewLayout(s).panes[0].rect)
    var out: [RGB] = []
    for y in r.y..<(r.y + r.height) {
      for x in r.x..<(r.x + r.width) {
        let c = g[x, y]
        for col in [c.fg, c.bg] { if case .rgb(let v) = col { out.append(v) } }
      }
    }
    return out
  }

  static func distance(_ a: RGB, _ b: RGB) -> Int {
    abs(Int(a.r) - Int(b.r)) + abs(Int(a.g) - Int(b.g)) + abs(Int(a.b) - Int(b.b))
  }

  @Test func violationsLeaveTheAnatomyReadable() throws {
    let (s, _) = PanelViewTests.session(
      PanelViewTests.keys("LI"), map: "boundary", cols: 100, rows: 40)
    #expect(s.debug.instability == .principle)
    #expect(try #require(InstabilityPanelModel(s)).slice.bViolations > 40)
    var off = s  // the loss panel keeps the layout the same without the layer
    off.debug.instability = .off
    let on = Self.panePixels(view(s), s)
    let plain = Self.panePixels(view(off), off)
    #expect(on.count == plain.count)
    let changed = zip(on, plain).filter { $0.0 != $0.1 }
    #expect(changed.count > on.count / 4, "most of the slice violates B on boundary")
    // At most a third of the marked pixels are (nearly) the marker colour itself...
    let solid = changed.filter {
      Self.distance($0.0, DebugOverlay.bColor) < 60 || Self.distance($0.0, DebugOverlay.aColor) < 60
    }
    #expect(solid.count * 3 <= changed.count, "\(solid.count) of \(changed.count) painted solid")
    // ...and unmarked pixels are drawn as without the layer (not darkened).
    let unmarked = zip(on, plain).filter { $0.0 == $0.1 }.count
    #expect(unmarked + changed.count == on.count)
    // Under the tint the image still varies: distinct image colours stay distinct.
    let tintedFromDistinct = Set(changed.map { "\($0.1)" }).count
    let tinted = Set(changed.map { "\($0.0)" }).count
    #expect(tinted >= tintedFromDistinct)
  }

  @Test func everyMarkerHasItsOwnColour() {
    let colours = [
      PaneComposer.cursorColor, DebugOverlay.aColor, DebugOverlay.bColor, DebugOverlay.raiseColor,
      DebugOverlay.flipColor, WindowLevel.nonFiniteColor,
    ]
    for (n, a) in colours.enumerated() {
      for b in colours.dropFirst(n + 1) { #expect(Self.distance(a, b) >= 100, "\(a) vs \(b)") }
    }
  }

  /// rrw has no violation anywhere: in violation mode the profile's class rows are empty.
  @Test func violationProfileDrawsNoBarForZero() throws {
    let (s, term) = PanelViewTests.session(
      PanelViewTests.keys("PVV"), map: "rrw", cols: 100, rows: 40)
    #expect(s.debug.profileMode == .violations)
    let a = try #require(s.debug.analysis)
    #expect(a.report.total.aViolations == 0 && a.report.total.bViolations == 0)
    let g = try #require(term.lastFrame)
    let r = ViewLayout(s).bottomPanel
    let nameW = 12
    let valueW = 11
    let barX = r.x + 1 + nameW
    let barW = max(1, r.width - nameW - valueW - 3)
    for y in (r.y + 1)..<(r.y + 1 + s.classCount + 1) {
      let bars = (barX..<(barX + barW)).map { g[$0, y].char }
      #expect(bars.allSatisfy { $0 == " " }, "row \(y): \(String(String.UnicodeScalarView(bars)))")
    }
    // boundary has violations: some bars, and slices without any still blank.
    let (b, bt) = PanelViewTests.session(
      PanelViewTests.keys("PVV"), map: "boundary", cols: 100, rows: 40)
    let p = try #require(b.debug.analysis).field.profile(.k)
    let bg = try #require(bt.lastFrame)
    let row = (barX..<(barX + barW)).map { bg[$0, r.y + 1 + b.classCount].char }  // the total row
    #expect(row.contains { $0 != " " })
    let perSlice = min(4, barW / p.sliceCount)
    for sl in 0..<p.sliceCount
    where p.statistics(slice: sl).aViolations + p.statistics(slice: sl).bViolations == 0 {
      #expect(row[(sl * perSlice)..<((sl + 1) * perSlice)].allSatisfy { $0 == " " })
    }
  }
}
