import Testing

@testable import RWRender

@Suite struct WindowLevelTests {
  @Test func mapsWindowEndsAndCentre() {
    let w = WindowLevel(low: 100, high: 300)
    let k = w.greyScale
    #expect(w.level == 200 && w.width == 200 && k == 1.275)
    #expect(w.grey(100, scale: k) == 0)
    #expect(w.grey(300, scale: k) == 255)
    #expect(w.grey(200, scale: k) == 127)  // 127.5, truncated as the viewer has always drawn
    #expect(w.grey(-5, scale: k) == 0)
    #expect(w.grey(1e9, scale: k) == 255)
    #expect(w.grey(150, scale: k) == 63)  // 63.75
  }

  @Test func zeroWidthThresholds() {
    let w = WindowLevel(low: 5, high: 5)
    #expect(w.grey(4.9, scale: w.greyScale) == 0)
    #expect(w.grey(5.1, scale: w.greyScale) == 255)
  }

  @Test func automaticWindowOfARamp() {
    let values: [Float] = (0..<1000).map(Float.init) + [.nan, .infinity]
    let w = values.withUnsafeBufferPointer { WindowLevel.automatic($0) }
    // 1st and 99th percentile of 0...999 on a 4096-bin histogram (bins 0.24 wide).
    #expect(w.low > 8.7 && w.low < 9.1, "\(w)")
    #expect(w.high > 988.9 && w.high < 989.3, "\(w)")
    let constant: [Float] = [7, 7, 7]
    #expect(
      constant.withUnsafeBufferPointer { WindowLevel.automatic($0) } == WindowLevel(low: 7, high: 8)
    )
    #expect(
      [Float]().withUnsafeBufferPointer { WindowLevel.automatic($0) }
        == WindowLevel(low: 0, high: 1))
  }
}

@Suite struct DivergingMapTests {
  let map = DivergingMap(maxAbs: 2)

  @Test func centredAtZeroAndSaturating() {
    #expect(map.color(0) == DivergingMap.zeroColor)
    #expect(map.color(2) == DivergingMap.anchors.last)
    #expect(map.color(-2) == DivergingMap.anchors.first)
    #expect(map.color(50) == DivergingMap.anchors.last)
    #expect(map.color(-50) == DivergingMap.anchors.first)
    #expect(map.color(.nan) == DivergingMap.zeroColor)
    // v = 1 is t = 0.5: halfway between anchors 7 (244,165,130) and 8 (214,96,77).
    let mid = map.color(1)
    #expect(abs(Int(mid.r) - 229) <= 2 && abs(Int(mid.g) - 130) <= 2 && abs(Int(mid.b) - 103) <= 2)
  }

  @Test func signGivesHueAndMagnitudeGivesDepth() {
    var lastNeg = 256
    var lastPos = 256
    for k in 1...20 {
      let v = Float(k) / 10
      let p = map.color(v)
      let n = map.color(-v)
      #expect(Int(p.r) > Int(p.b), "positive values are red")
      #expect(Int(n.b) > Int(n.r), "negative values are blue")
      // Darker (lower luminance) as |v| grows, on both sides: symmetric in magnitude.
      let lp = ColorQuantize.luminance(p)
      let ln = ColorQuantize.luminance(n)
      #expect(lp <= lastPos && ln <= lastNeg)
      lastPos = lp
      lastNeg = ln
    }
  }

  @Test func symmetricUsesLargestMagnitude() {
    #expect(DivergingMap.symmetric(for: [-3, 1, .nan, 2]).maxAbs == 3)
    #expect(DivergingMap.symmetric(for: [0, 0]).maxAbs == 1)  // degenerate: still a valid map
    #expect(DivergingMap.symmetric(for: [-3, 1]).color(3) == DivergingMap.anchors.last)
  }

  @Test func ticksAreNiceSymmetricAndInRange() {
    #expect(DivergingMap(maxAbs: 1).ticks(maxCount: 5) == [-1, -0.5, 0, 0.5, 1])
    #expect(DivergingMap(maxAbs: 0.37).ticks(maxCount: 5) == [-0.2, 0, 0.2])
    #expect(DivergingMap(maxAbs: 30).ticks(maxCount: 7) == [-30, -20, -10, 0, 10, 20, 30])
    for m: Float in [0.001, 0.37, 1, 2.5, 7, 99, 250, 12345] {
      for count in [3, 5, 7, 9] {
        let t = DivergingMap(maxAbs: m).ticks(maxCount: count)
        #expect(t.count <= count && t.count >= 3, "maxAbs \(m) count \(count): \(t)")
        #expect(t.contains(0))
        #expect(t.allSatisfy { abs($0) <= m * 1.0001 })
        #expect(zip(t, t.reversed()).allSatisfy { abs($0 + $1) <= m * 1e-5 })
      }
    }
  }

  @Test func tickLabels() {
    #expect(DivergingMap.label(0) == "0")
    #expect(DivergingMap.label(-0.5) == "-0.5")
    #expect(DivergingMap.label(250) == "250")
    #expect(DivergingMap.label(0.001) == "1.0e-03")
  }
}

@Suite struct LabelPaletteTests {
  @Test func backgroundTransparentByDefault() {
    #expect(LabelPalette().color(for: 0) == nil)
    #expect(LabelPalette(backgroundColor: RGB(1, 2, 3)).color(for: 0) == RGB(1, 2, 3))
    #expect(LabelPalette().color(for: 1) == RGB(230, 159, 0))  // Okabe–Ito orange
  }

  @Test func firstSixteenAreWellSeparated() {
    let c = (1...16).map { LabelPalette.generated($0) }
    for i in 0..<c.count {
      for j in (i + 1)..<c.count {
        #expect(ColorQuantize.distance(c[i], c[j]) > 2000, "labels \(i + 1) and \(j + 1)")
      }
    }
  }

  @Test func hundredsOfLabelsAreDeterministicAndDistinct() {
    let a = (1...400).map { LabelPalette.generated($0) }
    let b = (1...400).map { LabelPalette.generated($0) }
    #expect(a == b)
    #expect(Set(a).count == 400)
    for i in 1..<a.count {
      #expect(ColorQuantize.distance(a[i - 1], a[i]) > 1000, "neighbours \(i) and \(i + 1)")
    }
  }

  @Test func overrides() {
    let p = LabelPalette(overrides: [3: RGB(9, 9, 9), 0: RGB(1, 1, 1)])
    #expect(p.color(for: 3) == RGB(9, 9, 9))
    #expect(p.color(for: 0) == RGB(1, 1, 1))
    #expect(p.color(for: 2) == LabelPalette.generated(2))
    #expect(p.color(for: 1000) == LabelPalette.generated(1000))
  }
}

@Suite struct CompositingTests {
  @Test func blendEndsAndMiddle() {
    let a = RGB(0, 100, 200)
    let b = RGB(200, 100, 0)
    #expect(blend(a, b, 0) == a)
    #expect(blend(a, b, 1) == b)
    #expect(blend(a, b, 0.5) == RGB(100, 100, 100))
    #expect(blend(a, b, 0.25) == RGB(50, 100, 150))
    #expect(blend(a, b, -1) == a && blend(a, b, 9) == b)
  }

  /// Machado et al. (2009) deuteranopia simulation at severity 1, on linear-ish sRGB values.
  func deuteranopia(_ c: RGB) -> (Double, Double, Double) {
    let r = Double(c.r)
    let g = Double(c.g)
    let b = Double(c.b)
    return (
      0.367322 * r + 0.860646 * g - 0.227968 * b,
      0.280085 * r + 0.672501 * g + 0.047413 * b,
      -0.011820 * r + 0.042940 * g + 0.968881 * b
    )
  }

  @Test func errorColoursStayApartForDeuteranopes() {
    let cs = [ErrorColors.truePositive, ErrorColors.falsePositive, ErrorColors.falseNegative]
    for i in 0..<3 {
      for j in (i + 1)..<3 {
        let p = deuteranopia(cs[i])
        let q = deuteranopia(cs[j])
        let d = ((p.0 - q.0) * (p.0 - q.0) + (p.1 - q.1) * (p.1 - q.1) + (p.2 - q.2) * (p.2 - q.2))
          .squareRoot()
        #expect(d > 60, "error colours \(i) and \(j) are \(d) apart")
      }
    }
  }
}
