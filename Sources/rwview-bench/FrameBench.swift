import RWRender

/// The layers of one slice, as the viewer hands them to the compositor.
struct FrameSlice {
  var width: Int
  var height: Int
  var spacingX: Double
  var spacingY: Double
  var image: [Float]
  var labels: [Float]
  var map: [Float]
  var window: GreyWindow
}

/// Times composing one 200×60 frame (resample → composite 4 layers → half blocks → CellGrid).
///
/// `swift run -c release rwview-bench frame [--runs N] [--cols C] [--rows R]`
enum FrameBench {
  /// A 256×256 phantom slice: a smooth image, two label blobs and a signed map.
  static func phantom(size n: Int = 256) -> FrameSlice {
    var image = [Float](repeating: 0, count: n * n), labels = image, map = image
    let c = Float(n) / 2
    for y in 0..<n {
      for x in 0..<n {
        let dx = Float(x) - c, dy = Float(y) - c
        let r = (dx * dx + dy * dy).squareRoot()
        let i = y * n + x
        image[i] = 1000 - 3 * r + 40 * Float((x / 16 + y / 16) % 2)
        if r < Float(n) * 0.3 { labels[i] = 1 }
        if abs(dx - 20) < 15 && abs(dy + 10) < 25 { labels[i] = 2 }
        map[i] = (r - Float(n) * 0.3) / Float(n) * 4
      }
    }
    return FrameSlice(
      width: n, height: n, spacingX: 0.9, spacingY: 0.9, image: image, labels: labels, map: map,
      window: GreyWindow.fromPercentiles(image))
  }

  /// Reusable per-frame state so repeated frames do not reallocate.
  struct Composer {
    var pixels = PixelImage(width: 0, height: 0)
    var grid = CellGrid(width: 0, height: 0)
    let labelColors = LabelColorTable()
  }

  /// Composes `slice` with every layer on into a `cols × rows` grid: the slice fills the top
  /// `rows − 1` cell rows, the last row is a status line.
  static func composeFrame(
    _ slice: FrameSlice, cols: Int, rows: Int, caps: RenderCaps, composer: inout Composer,
    zoom: Double = 1
  ) -> CellGrid {
    let pw = cols, ph = max(0, rows - 1) * 2
    let vp = SliceViewport(
      sliceWidth: slice.width, sliceHeight: slice.height, spacingX: slice.spacingX,
      spacingY: slice.spacingY, displayWidth: pw, displayHeight: ph, zoom: zoom)
    let sm = vp.sampleMap()
    if composer.pixels.width != pw || composer.pixels.height != ph {
      composer.pixels = PixelImage(width: pw, height: ph)
    }
    if composer.grid.width != cols || composer.grid.height != rows {
      composer.grid = CellGrid(width: cols, height: rows)
    }
    composer.pixels.paintGrey(slice.image, map: sm, window: slice.window)
    composer.pixels.overlayLabels(slice.labels, map: sm, colors: composer.labelColors, alpha: 0.4)
    composer.pixels.overlayOutline(slice.labels, map: sm, colors: composer.labelColors, alpha: 1)
    composer.pixels.overlayDiverging(
      slice.map, map: sm, colors: DivergingMap(maxAbs: 2), alpha: 0.35)
    HalfBlock.encode(composer.pixels, into: &composer.grid, x: 0, y: 0, caps: caps)
    composer.grid.fill(x: 0, y: rows - 1, width: cols, height: 1, with: .blank)
    composer.grid.put("axial 128/256  (128,128)  I=1000  L=1  RW=-0.12", x: 0, y: rows - 1, style: .reverse)
    return composer.grid
  }

  static func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? 0 : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
  }

  static func option(_ args: [String], _ name: String, _ def: Int) -> Int {
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) else { return def }
    return v
  }

  static func run(_ args: [String]) {
    let runs = option(args, "--runs", 300)
    let cols = option(args, "--cols", 200), rows = option(args, "--rows", 60)
    let slice = phantom()
    var composer = Composer()
    let clock = ContinuousClock()
    print("frame: \(cols)x\(rows) cells from a \(slice.width)x\(slice.height) slice, 4 layers, \(runs) runs")
    var truecolorMedian = 0.0
    for (name, caps, zoom) in [
      ("truecolor fit", RenderCaps.full, 1.0), ("256-colour fit", RenderCaps(colorMode: .palette256, unicode: true), 1.0),
      ("truecolor zoom 3", RenderCaps.full, 3.0),
      ("8-colour fit", RenderCaps(colorMode: .palette8, unicode: true), 1.0),
    ] {
      for _ in 0..<10 { _ = composeFrame(slice, cols: cols, rows: rows, caps: caps, composer: &composer, zoom: zoom) }
      var times: [Double] = []
      var check = 0
      for _ in 0..<runs {
        let t0 = clock.now
        let g = composeFrame(slice, cols: cols, rows: rows, caps: caps, composer: &composer, zoom: zoom)
        times.append(ms(clock.now - t0))
        check &+= g.cells.count
      }
      let sorted = times.sorted()
      if name == "truecolor fit" { truecolorMedian = median(times) }
      print(
        "  compose \(name): median \(fmt(median(times))) ms, p90 \(fmt(sorted[sorted.count * 9 / 10])) ms (target < 5 ms)"
      )
      _ = check
    }
    if let peer = peerMedian(cols: cols, rows: rows, runs: max(20, runs / 5)) {
      print("  peer numpy (same layers, no glyph/colour cells): median \(fmt(peer)) ms; rwview is \(fmt(peer / max(truecolorMedian, 1e-9)))x faster")
    } else {
      print("  peer numpy: unavailable (python3 with numpy not found)")
    }
    // Export costs, for `rwview render`.
    let g = composeFrame(slice, cols: cols, rows: rows, caps: .full, composer: &composer)
    for (name, f) in [
      ("ansi 24-bit", { _ = FrameExport.ansi(g, caps: .full) }),
      ("ansi 256", { _ = FrameExport.ansi(g, caps: RenderCaps(colorMode: .palette256, unicode: true)) }),
      ("png (default 6x12 cells, font)", { _ = FrameExport.png(g) }),
    ] as [(String, () -> Void)] {
      var times: [Double] = []
      for _ in 0..<max(5, runs / 10) {
        let t0 = clock.now
        f()
        times.append(ms(clock.now - t0))
      }
      print("  export \(name): median \(fmt(median(times))) ms")
    }
    ViewerFrameBench.run(args)
  }

  static func ms(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
  }

  static func fmt(_ x: Double) -> String {
    let v = (x * 1000).rounded() / 1000
    return String(v)
  }
}
