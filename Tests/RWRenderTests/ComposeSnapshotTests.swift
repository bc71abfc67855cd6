import RWTestSupport
import Testing

@testable import RWRender

/// A small phantom composited through every layer function of the one pipeline and encoded as
/// half blocks.
@Suite struct ComposeSnapshotTests {
  static let w = 12, h = 10

  static func phantom() -> (image: [Float], labels: [Int32], map: [Float]) {
    var image = [Float](repeating: 0, count: w * h)
    var map = image
    var labels = [Int32](repeating: 0, count: w * h)
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

  static func color(_ l: Int32) -> RGB { LabelPalette.generated(Int(l)) }

  static func frame(caps: RenderCaps = .full) -> CellGrid {
    let p = phantom()
    let vp = SliceViewport(width: w, height: h, pixelWidth: 24, pixelHeight: 20)
    let s = vp.sampleIndices(base: 0, hStride: 1, vStride: w)
    var img = PixelImage(width: 24, height: 20)
    img.paintGrey(p.image, samples: s, window: WindowLevel(low: 0, high: 160))
    img.overlayLabels(p.labels, samples: s, style: .fill, alpha: 0.5, color: color)
    img.overlayLabels(p.labels, samples: s, style: .outline, alpha: 1, color: color)
    let cmap = DivergingMap.symmetric(for: p.map)
    // Per pixel: the map value, zeros left transparent.
    let values = s.map { v in v < 0 || p.map[v] == 0 ? Float.nan : p.map[v] }
    img.overlayDiverging(values, colors: cmap, alpha: 0.3)
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
    // Voxel (6,0) has map value 0: left alone, so pure grey 60 → 60·255/160 = 95.6, truncated.
    #expect(g[13, 0].fg == .rgb(RGB(95, 95, 95)))
    // Voxel (2,2) is on label 1's outline: opaque Okabe–Ito orange blended 30 % with the map.
    let orange = LabelPalette.generated(1)
    let m = DivergingMap(maxAbs: 6).color(-4)
    #expect(g[5, 2].fg == .rgb(blend(orange, m, 0.3)))
    // Voxel (3,3) is inside label 1: grey 45 → 71, half orange, then 30 % map.
    let inside = blend(blend(RGB(71, 71, 71), orange, 0.5), DivergingMap(maxAbs: 6).color(-3), 0.3)
    #expect(g[7, 3].fg == .rgb(inside))
    #expect(g.lines[10].hasPrefix("z 5/10 L1"))
    assertSnapshot(g.snapshotText, named: "compose-phantom-truecolor")
  }

  @Test func compositedPhantomFrameMonochromeASCII() {
    let g = Self.frame(caps: RenderCaps(colorMode: .monochrome, unicode: false))
    #expect(
      g.cells.allSatisfy {
        $0.fg == .terminalDefault && $0.bg == .terminalDefault || $0.char == "z"
          || $0.style == .bold
      })
    assertSnapshot(g.snapshotText, named: "compose-phantom-mono-ascii")
  }

  @Test func errorLayerColoursTruePositivesFalsePositivesAndNegatives() {
    // 4×1 slice: truth 1 1 0 0, prediction 1 0 1 0 → TP FN FP none.
    let s = SliceViewport(width: 4, height: 1, pixelWidth: 4, pixelHeight: 1)
      .sampleIndices(base: 0, hStride: 1, vStride: 4)
    var img = PixelImage(width: 4, height: 1, fill: RGB(10, 10, 10))
    img.overlayErrors(
      truth: [1, 1, 0, 0], prediction: [1, 0, 1, 0], selected: 0, samples: s, alpha: 1)
    #expect(
      img.pixels == [
        ErrorColors.truePositive, ErrorColors.falseNegative, ErrorColors.falsePositive,
        RGB(10, 10, 10),
      ])
    var byClass = PixelImage(width: 4, height: 1, fill: RGB(10, 10, 10))
    byClass.overlayErrors(
      truth: [2, 1, 2, 0], prediction: [2, 2, 1, 0], selected: 2, samples: s, alpha: 1)
    #expect(
      byClass.pixels == [
        ErrorColors.truePositive, ErrorColors.falsePositive, ErrorColors.falseNegative,
        RGB(10, 10, 10),
      ])
  }

  @Test func outlineIsOneDisplayPixelThickWhenZoomed() {
    // A 4×4 slice with a 2×2 label in the middle, shown at 4 px per voxel.
    var labels = [Int32](repeating: 0, count: 16)
    for (x, y) in [(1, 1), (2, 1), (1, 2), (2, 2)] { labels[y * 4 + x] = 1 }
    let s = SliceViewport(width: 4, height: 4, pixelWidth: 16, pixelHeight: 16)
      .sampleIndices(base: 0, hStride: 1, vStride: 4)
    var img = PixelImage(width: 16, height: 16)
    img.overlayLabels(labels, samples: s, style: .outline, alpha: 1, color: Self.color)
    let orange = LabelPalette.generated(1)
    let painted = (0..<16).map { y in (0..<16).filter { img[$0, y] == orange } }
    #expect(painted[4] == Array(4..<12))  // top edge of the square, full width
    #expect(painted[5] == [4, 11])  // inside rows: only the two side pixels
    #expect(painted[3].isEmpty && painted[12].isEmpty)
  }

  @Test func squareGivesItsBorderRing() {
    // 7×7 with a 5×5 square of label 1 at (1,1)...(5,5), one pixel per voxel.
    var labels = [Int32](repeating: 0, count: 49)
    for y in 1...5 { for x in 1...5 { labels[y * 7 + x] = 1 } }
    let s = SliceViewport(width: 7, height: 7, pixelWidth: 7, pixelHeight: 7)
      .sampleIndices(base: 0, hStride: 1, vStride: 7)
    var img = PixelImage(width: 7, height: 7)
    img.overlayLabels(labels, samples: s, style: .outline, alpha: 1, color: Self.color)
    for y in 0..<7 {
      for x in 0..<7 {
        let inSquare = (1...5).contains(x) && (1...5).contains(y)
        let onRing = inSquare && (x == 1 || x == 5 || y == 1 || y == 5)
        #expect((img[x, y] != RGB(0, 0, 0)) == onRing, "(\(x),\(y))")
      }
    }
  }

  /// Touching labels are both outlined and so is the slice's border; a pane edge only where
  /// the slice ends there too (zoomed in, it only clips the region).
  @Test func outlineClosesAtTheSliceBorderNotAtAClippingPaneEdge() {
    // 4×1 slice in a 6×1 pane: 1 1 2 2, all outlined (labels touch, the slice ends both sides).
    let fit = SliceViewport(width: 4, height: 1, pixelWidth: 6, pixelHeight: 1)
    let s = fit.sampleIndices(base: 0, hStride: 1, vStride: 4)
    #expect(s == [-1, 0, 1, 2, 3, -1] && fit.sliceEnds == .all)
    var img = PixelImage(width: 6, height: 1)
    img.overlayLabels([1, 1, 2, 2], samples: s, style: .outline, alpha: 1, color: Self.color)
    #expect(img.pixels.map { $0 != RGB(0, 0, 0) } == [false, true, true, true, true, false])
    // A 6×6 square of label 1 filling an 8×8 slice's middle, zoomed 2× on its centre: the
    // pane shows voxels 2...5 only, all label 1, and the slice goes on beyond every side.
    var labels = [Int32](repeating: 0, count: 64)
    for y in 1...6 { for x in 1...6 { labels[y * 8 + x] = 1 } }
    let zoomed = SliceViewport(width: 8, height: 8, pixelWidth: 8, pixelHeight: 8, zoom: 2)
    #expect(zoomed.sliceEnds == PaneSides(left: false, right: false, top: false, bottom: false))
    var z = PixelImage(width: 8, height: 8)
    z.overlayLabels(
      labels, samples: zoomed.sampleIndices(base: 0, hStride: 1, vStride: 8), style: .outline,
      alpha: 1, sliceEnds: zoomed.sliceEnds, color: Self.color)
    #expect(z.pixels.allSatisfy { $0 == RGB(0, 0, 0) })
  }
}
