import Testing

@testable import RWRender

/// A small phantom composited through every layer and encoded as half blocks.
@Suite struct ComposeSnapshotTests {
  static let w = 12, h = 10

  static func phantom() -> (image: [Float], labels: [Float], map: [Float]) {
    var image = [Float](repeating: 0, count: w * h), labels = image, map = image
    for y in 0..<h {
      for x in 0..<w {
        let i = y * w + x
        image[i] = Float(x * 10 + y * 5)
        if (2...5).contains(x) && (2...6).contains(y) { labels[i] = 1 }
        if (7...9).contains(x) && (3...5).contains(y) { labels[i] = 2 }
        map[i] = Float(x - 6)
      }
    }
    return (image, labels, map)
  }

  static func frame(caps: RenderCaps = .full) -> CellGrid {
    let p = phantom()
    let vp = SliceViewport(sliceWidth: w, sliceHeight: h, displayWidth: 24, displayHeight: 20)
    let sm = vp.sampleMap()
    var img = PixelImage(width: 24, height: 20)
    img.paintGrey(p.image, map: sm, window: GreyWindow(low: 0, high: 160))
    let table = LabelColorTable()
    img.overlayLabels(p.labels, map: sm, colors: table, alpha: 0.5)
    img.overlayOutline(p.labels, map: sm, colors: table, alpha: 1)
    img.overlayDiverging(p.map, map: sm, colors: DivergingMap.symmetric(for: p.map), alpha: 0.3)
    var grid = CellGrid(width: 26, height: 11)
    HalfBlock.encode(img, into: &grid, x: 1, y: 0, caps: caps)
    grid.put("z 5/10 L1", x: 0, y: 10, fg: .rgb(RGB(255, 255, 0)), style: .bold)
    return grid
  }

  @Test func compositedPhantomFrame() {
    let g = Self.frame()
    // Voxel (0,0): grey 0, no label, map −6 = −maxAbs → first anchor (5,48,97) at 30 % over black.
    #expect(g[1, 0] == Cell("█", fg: .rgb(RGB(2, 14, 29)), bg: .rgb(RGB(2, 14, 29))))
    // Column 0 is outside the image: untouched.
    #expect(g[0, 0] == .blank)
    // Voxel (6,y) has map value 0: transparent, so pure grey 60 + 5y → (60+5y)/160·255.
    let grey0 = GreyWindow(low: 0, high: 160).grey(60)
    #expect(g[13, 0].fg == .rgb(RGB(grey0, grey0, grey0)))
    // Voxel (2,2) is on label 1's outline: opaque Okabe–Ito orange blended 30 % with the map.
    let orange = LabelPalette.generated(1)
    let m = DivergingMap(maxAbs: 6).color(-4)
    #expect(g[5, 2].fg == .rgb(blend(orange, m, 0.3)))
    #expect(g.lines[10].hasPrefix("z 5/10 L1"))
    assertSnapshot(g.snapshotText, named: "compose-phantom-truecolor")
  }

  @Test func compositedPhantomFrameMonochromeASCII() {
    let g = Self.frame(caps: RenderCaps(colorMode: .monochrome, unicode: false))
    #expect(g.cells.allSatisfy { $0.fg == .terminalDefault && $0.bg == .terminalDefault || $0.char == "z" || $0.style == .bold })
    assertSnapshot(g.snapshotText, named: "compose-phantom-mono-ascii")
  }

  @Test func errorLayerColoursTruePositivesFalsePositivesAndNegatives() {
    // 4×1 slice: truth 1 1 0 0, prediction 1 0 1 0 → TP FN FP none.
    let sm = SliceViewport(sliceWidth: 4, sliceHeight: 1, displayWidth: 4, displayHeight: 1).sampleMap()
    var img = PixelImage(width: 4, height: 1, fill: RGB(10, 10, 10))
    img.overlayErrors(truth: [1, 1, 0, 0], prediction: [1, 0, 1, 0], label: nil, map: sm, alpha: 1)
    #expect(img.pixels == [ErrorColors.truePositive, ErrorColors.falseNegative, ErrorColors.falsePositive, RGB(10, 10, 10)])
    var byClass = PixelImage(width: 4, height: 1, fill: RGB(10, 10, 10))
    byClass.overlayErrors(truth: [2, 1, 2, 0], prediction: [2, 2, 1, 0], label: 2, map: sm, alpha: 1)
    #expect(byClass.pixels == [ErrorColors.truePositive, ErrorColors.falsePositive, ErrorColors.falseNegative, RGB(10, 10, 10)])
  }

  @Test func outlineIsOneDisplayPixelThickWhenZoomed() {
    // A 4×4 slice with a 2×2 label in the middle, shown at 4 px per voxel.
    var labels = [Float](repeating: 0, count: 16)
    for (x, y) in [(1, 1), (2, 1), (1, 2), (2, 2)] { labels[y * 4 + x] = 1 }
    let sm = SliceViewport(sliceWidth: 4, sliceHeight: 4, displayWidth: 16, displayHeight: 16).sampleMap()
    var img = PixelImage(width: 16, height: 16)
    img.overlayOutline(labels, map: sm, colors: LabelColorTable(), alpha: 1)
    let orange = LabelPalette.generated(1)
    let painted = (0..<16).map { y in (0..<16).filter { img[$0, y] == orange } }
    #expect(painted[4] == Array(4..<12))  // top edge of the square, full width
    #expect(painted[5] == [4, 11])  // inside rows: only the two side pixels
    #expect(painted[3].isEmpty && painted[12].isEmpty)
  }
}
