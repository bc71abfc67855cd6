import Testing

@testable import RWRender

@Suite struct HalfBlockTests {
  let red = RGB(255, 0, 0), blue = RGB(0, 0, 255), green = RGB(0, 200, 0)

  @Test func unequalPixelsGiveUpperHalfWithTopAsForeground() {
    var img = PixelImage(width: 1, height: 2)
    img[0, 0] = red
    img[0, 1] = blue
    var g = CellGrid(width: 1, height: 1)
    HalfBlock.encode(img, into: &g, x: 0, y: 0, caps: .full)
    #expect(g[0, 0] == Cell("▀", fg: .rgb(red), bg: .rgb(blue)))
  }

  @Test func equalPixelsGiveFullBlock() {
    let img = PixelImage(width: 2, height: 2, fill: green)
    var g = CellGrid(width: 2, height: 1)
    HalfBlock.encode(img, into: &g, x: 0, y: 0, caps: .full)
    #expect(g[0, 0] == Cell("█", fg: .rgb(green), bg: .rgb(green)))
    #expect(g[1, 0] == Cell("█", fg: .rgb(green), bg: .rgb(green)))
  }

  @Test func oddHeightLeavesLastRowOverDefaultBackground() {
    var img = PixelImage(width: 1, height: 3, fill: red)
    img[0, 2] = blue
    var g = CellGrid(width: 1, height: 3)
    HalfBlock.encode(img, into: &g, x: 0, y: 0, caps: .full)
    #expect(g[0, 0].char == "█")
    #expect(g[0, 1] == Cell("▀", fg: .rgb(blue), bg: .terminalDefault))
    #expect(g[0, 2] == .blank)  // only two cell rows are written
    #expect(HalfBlock.cellSize(pixelWidth: 7, pixelHeight: 3) == (7, 2))
    #expect(HalfBlock.pixelSize(cellWidth: 7, cellHeight: 2) == (7, 4))
  }

  @Test func originOffsetAndClipping() {
    var img = PixelImage(width: 3, height: 4)
    for y in 0..<4 { for x in 0..<3 { img[x, y] = RGB(UInt8(x * 10), UInt8(y * 10), 0) } }
    var g = CellGrid(width: 3, height: 2, fill: Cell("x"))
    HalfBlock.encode(img, into: &g, x: -1, y: 1, caps: .full)
    // Column −1 is clipped, so image column 1 lands in cell 0; image cell row 0 lands in row 1.
    #expect(g[0, 0] == Cell("x"))
    #expect(g[0, 1] == Cell("▀", fg: .rgb(RGB(10, 0, 0)), bg: .rgb(RGB(10, 10, 0))))
    #expect(g[1, 1] == Cell("▀", fg: .rgb(RGB(20, 0, 0)), bg: .rgb(RGB(20, 10, 0))))
    #expect(g[2, 1] == Cell("x"))
  }

  @Test func asciiColourUsesMeanBackground() {
    var img = PixelImage(width: 1, height: 2)
    img[0, 0] = RGB(100, 0, 11)
    img[0, 1] = RGB(201, 50, 10)
    var g = CellGrid(width: 1, height: 1)
    HalfBlock.encode(
      img, into: &g, x: 0, y: 0, caps: RenderCaps(colorMode: .palette256, unicode: false))
    #expect(g[0, 0] == Cell(" ", bg: .rgb(RGB(151, 25, 11))))
  }

  @Test func monochromeUsesShadesWithoutColour() {
    let caps = RenderCaps(colorMode: .monochrome, unicode: true)
    let ascii = RenderCaps(colorMode: .monochrome, unicode: false)
    func shade(_ top: RGB, _ bottom: RGB, _ c: RenderCaps) -> Cell {
      HalfBlock.cell(top: top, bottom: bottom, caps: c)
    }
    let black = RGB(0, 0, 0)
    let white = RGB(255, 255, 255)
    let grey = RGB(128, 128, 128)
    #expect(shade(black, black, caps) == Cell(" "))
    #expect(shade(white, white, caps) == Cell("█"))
    #expect(shade(grey, grey, caps) == Cell("▒"))
    #expect(shade(black, white, caps) == Cell("▒"))  // mean luminance 127
    #expect(shade(white, white, ascii) == Cell("@"))
    #expect(shade(black, black, ascii) == Cell(" "))
    #expect(shade(grey, grey, ascii) == Cell("+"))  // 128 * 10 / 256 = 5: " .:-=+"
  }
}

@Suite struct Palette8Tests {
  let caps = RenderCaps(colorMode: .palette8, unicode: true)
  let basic = ColorQuantize.basic8

  @Test func midGreyBecomesAHalfShadeOfBlackAndWhite() {
    let g = RGB(120, 120, 120)
    let c = HalfBlock.cell(top: g, bottom: g, caps: caps)
    #expect(c == Cell("▒", fg: .rgb(basic[7]), bg: .rgb(basic[0])))
    // Darker and lighter greys take the lighter and heavier shades.
    #expect(HalfBlock.cell(top: RGB(60, 60, 60), bottom: RGB(60, 60, 60), caps: caps).char == "░")
    #expect(
      HalfBlock.cell(top: RGB(175, 175, 175), bottom: RGB(175, 175, 175), caps: caps).char == "▓")
  }

  @Test func basicColoursStayExact() {
    #expect(
      HalfBlock.cell(top: basic[1], bottom: basic[1], caps: caps)
        == Cell("█", fg: .rgb(basic[1]), bg: .rgb(basic[1])))
    #expect(
      HalfBlock.cell(top: RGB(250, 0, 0), bottom: RGB(0, 0, 250), caps: caps)
        == Cell("▀", fg: .rgb(basic[1]), bg: .rgb(basic[4])))
  }

  @Test func everyCellUsesOnlyBasicColours() {
    var img = PixelImage(width: 64, height: 64)
    for y in 0..<64 {
      for x in 0..<64 { img[x, y] = RGB(UInt8(x * 4), UInt8(y * 4), UInt8((x + y) * 2)) }
    }
    var g = CellGrid(width: 64, height: 32)
    HalfBlock.encode(img, into: &g, x: 0, y: 0, caps: caps)
    let allowed = Set(basic.map { CellColor.rgb($0) })
    #expect(g.cells.allSatisfy { allowed.contains($0.fg) && allowed.contains($0.bg) })
    // A smooth grey ramp uses more than two tones.
    var ramp = PixelImage(width: 32, height: 2)
    for x in 0..<32 {
      ramp[x, 0] = RGB(UInt8(x * 8), UInt8(x * 8), UInt8(x * 8))
      ramp[x, 1] = ramp[x, 0]
    }
    var r = CellGrid(width: 32, height: 1)
    HalfBlock.encode(ramp, into: &r, x: 0, y: 0, caps: caps)
    #expect(Set(r.cells.map(\.char)).count >= 4)
  }
}
