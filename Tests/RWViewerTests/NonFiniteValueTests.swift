import RWLoss
import RWRender
import RWVolume
import Testing

@testable import RWViewer

/// Issue 8 item 3 (view side): every float→int conversion in the views takes any value. Image
/// voxels of NaN, ±Inf, ±3e38, 1e20 and denormals are prepared (LayerPreparation), drawn at
/// several sizes with every panel (View+Sidebar, View+Status, the map legend), and NaN/Inf
/// voxels are shown as such: their own colour, "nan"/"inf" in the status line, a legend line.
@Suite struct NonFiniteValueTests {
  static let hostile: [Float] = [
    .nan, .infinity, -.infinity, 3e38, -3e38, 1e20, -1e20, .leastNonzeroMagnitude,
    -.leastNormalMagnitude / 2, Float.greatestFiniteMagnitude,
  ]

  /// The phantom with hostile values in the image (all of it, or some voxels among normal ones).
  static func state(_ values: [Float], everywhere: Bool, cols: Int, rows: Int) -> ViewerState {
    var s = Phantom.state(cols: cols, rows: rows)
    var img = Phantom.image()
    for v in img.data.indices where everywhere || v % 7 == 0 {
      img.data[v] = values[v % values.count]
    }
    s.image = LayerPreparation.image(path: "img.nii", volume: img)
    return s
  }

  @Test(arguments: [false, true])
  func hostileImagesDrawAtEverySize(everywhere: Bool) throws {
    for value in Self.hostile {
      for (cols, rows) in [(40, 12), (80, 24), (90, 26), (160, 50)] {
        var s = Self.state([value], everywhere: everywhere, cols: cols, rows: rows)
        s.debug.lossPanel = true
        s.debug.profileVisible = true
        let g = view(s)
        #expect(g.width == cols)
        // The value under the cursor is printed as what it is.
        let v = try #require(s.cursorIndex)
        let x = s.image!.volume.data[v]
        let line = valuesLine(s)
        let expected =
          x.isNaN ? "img nan" : x == .infinity ? "img inf" : x == -.infinity ? "img -inf" : nil
        if let expected { #expect(line.hasPrefix(expected + " "), "\(line)") }
        if x.isFinite {
          let text = String(line.split(separator: " ")[1])
          let parsed = try #require(Double(text), "\(line)")
          #expect(abs(parsed - Double(x)) <= max(1e-4, abs(Double(x)) * 1e-3), "\(text) vs \(x)")
        }
        // A manual window over the whole Float range and the keys that widen it.
        s.window = WindowLevel(low: -.greatestFiniteMagnitude, high: .greatestFiniteMagnitude)
        _ = view(s)
        s.window = WindowLevel(low: .nan, high: .infinity)
        _ = view(s)
      }
    }
    let n = Self.state(Self.hostile, everywhere: false, cols: 80, rows: 24).image!.nonFiniteCount
    // Voxels v with v % 7 == 0 hold hostile[v % 10]; entries 0...2 are NaN, +Inf, -Inf.
    #expect(n == (0..<(8 * 6 * 4)).filter { $0 % 7 == 0 && $0 % 10 < 3 }.count)
  }

  /// NaN and Inf voxels are painted in their own colour and counted in the sidebar.
  @Test func nonFiniteVoxelsHaveTheirColourAndALegendLine() throws {
    var s = Phantom.state(cols: 90, rows: 26)
    var img = Phantom.image()
    let v = try #require(s.cursorIndex)
    img.data[v] = .nan
    img.data[0] = .infinity
    s.image = LayerPreparation.image(path: "img.nii", volume: img)
    s.visible.groundTruth = false
    s.visible.prediction = false
    #expect(s.image!.nonFiniteCount == 2)
    let g = view(s)
    let nan = CellColor.rgb(WindowLevel.nonFiniteColor)
    #expect(g.cells.contains { $0.fg == nan || $0.bg == nan })
    #expect(g.lines.contains { $0.contains("nan/inf 2 voxels") })
    #expect(valuesLine(s).hasPrefix("img nan | "))
    // The window ignores them: finite, from the other voxels.
    #expect(s.activeWindow.low.isFinite && s.activeWindow.high.isFinite)
  }

  /// The number formatters take any Double and never cut: fixed, fmtValue, fitNumber.
  @Test func formattersTakeAnyDouble() {
    let values: [Double] = [
      .nan, .infinity, -.infinity, 3e38, -3e38, 1e20, -1e300, 5e-324, -1e-310, 9.2e18, 0, -0.0,
      4_549_865.9, 0.0248, 3419.5,
    ]
    for x in values {
      for d in 0...6 { _ = fixed(x, d) }
      let f = fmtValue(x)
      #expect(f.count <= 11, "\(f)")
      for w in 1...12 {
        if let t = fitNumber(x, width: w) {
          #expect(t.count <= w)
          if x.isFinite, let p = Double(t) {
            #expect(abs(p - x) <= abs(x) * 0.5 + 1e-300, "\(t) vs \(x)")
          }
        }
      }
    }
    #expect(fixed(1e20, 1) == "1.0e20" && fmtValue(-4_549_865.9) == "-4.550e6")
    #expect(fitNumber(-4_549_865.9, width: 6) == "-4.5e6" && fitNumber(0.0248, width: 5) == "0.025")
    #expect(fitNumber(0.0248, width: 4) == "2e-2" || fitNumber(0.0248, width: 4) == nil)
    #expect(fitNumber(3419.5, width: 4) == "3420" && fitNumber(3419.5, width: 3) == "3e3")
    let sparkline = Sparkline.line([-1e308, 1e308, 0, .nan], unicode: false)
    #expect(sparkline.count == 4)
  }
}
