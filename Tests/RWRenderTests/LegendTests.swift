import Testing

@testable import RWRender

@Suite struct LegendTests {
  @Test func divergingBarAndTicks() {
    var g = CellGrid(width: 23, height: 2)
    let map = DivergingMap(maxAbs: 1)
    Legend.drawDiverging(map, into: &g, x: 1, y: 0, width: 21, caps: .full)
    #expect(
      g[1, 0] == Cell("█", fg: .rgb(map.color(-1 + 1.0 / 21)), bg: .rgb(map.color(-1 + 1.0 / 21))))
    #expect(g[11, 0].fg == .rgb(DivergingMap.zeroColor))  // the middle cell is 0
    #expect(g[0, 0] == .blank && g[22, 0] == .blank)
    #expect(g.lines[1] == " -1 -0.5   0   0.5   1 ")
  }

  @Test func crowdedTicksKeepTheEnds() {
    var g = CellGrid(width: 9, height: 2)
    Legend.drawDiverging(
      DivergingMap(maxAbs: 250), into: &g, x: 0, y: 0, width: 9, caps: .full, maxTicks: 5)
    let ticks = g.lines[1]
    #expect(ticks.hasPrefix("-200") || ticks.hasPrefix("-250"))
    #expect(ticks.hasSuffix("200") || ticks.hasSuffix("250"))
  }

  @Test func monochromeBarShowsSign() {
    var g = CellGrid(width: 5, height: 2)
    Legend.drawDiverging(
      DivergingMap(maxAbs: 1), into: &g, x: 0, y: 0, width: 5,
      caps: RenderCaps(colorMode: .monochrome, unicode: false))
    #expect(g.lines[0] == "--0++")
    #expect(g[0, 0].style == .bold && g[1, 0].style == [])
  }

  @Test func labelSwatch() {
    var g = CellGrid(width: 12, height: 1)
    let c = RGB(230, 159, 0)
    Legend.drawLabel(
      1, name: "tumour core", color: c, into: &g, x: 0, y: 0, maxWidth: 12, caps: .full)
    #expect(g.lines[0] == "██ tumour co")
    #expect(g[0, 0].fg == .rgb(c))
    var m = CellGrid(width: 12, height: 1)
    Legend.drawLabel(
      7, name: "liver", color: c, into: &m, x: 0, y: 0, maxWidth: 12,
      caps: RenderCaps(colorMode: .monochrome, unicode: false))
    #expect(m.lines[0] == "7  liver    ")
    #expect(m[0, 0].style == .reverse)
  }

  @Test func crosshairLeavesTheCentreAndGapClear() {
    var img = PixelImage(width: 9, height: 7)
    let red = RGB(255, 0, 0)
    img.drawCrosshair(x: 4, y: 3, color: red, gap: 1)
    #expect((0..<9).filter { img[$0, 3] == red } == [0, 1, 2, 6, 7, 8])
    #expect((0..<7).filter { img[4, $0] == red } == [0, 1, 5, 6])
    #expect(img[4, 3] == RGB(0, 0, 0))
    var short = PixelImage(width: 9, height: 7)
    short.drawCrosshair(x: 4, y: 3, color: red, gap: 0, arm: 1)
    #expect((0..<9).filter { short[$0, 3] == red } == [3, 5])
    var edge = PixelImage(width: 3, height: 3)
    edge.drawCrosshair(x: -5, y: 10, color: red)  // off the image: nothing, no trap
    edge.drawCrosshair(x: 100, y: 1, color: red, arm: 2)
    edge.drawCrosshair(x: 1, y: -100, color: red, arm: 2)
    #expect(edge.pixels.allSatisfy { $0 == RGB(0, 0, 0) })
    edge.drawCrosshair(x: 100, y: 1, color: red)  // full-length row line still crosses the image
    #expect((0..<3).filter { edge[$0, 1] == red } == [0, 1, 2])
  }
}
