import Testing

@testable import RWRender

@Suite struct ColorQuantizeTests {
  @Test(arguments: [
    (RGB(255, 0, 0), 196), (RGB(0, 0, 0), 16), (RGB(255, 255, 255), 231), (RGB(128, 128, 128), 244),
    (RGB(8, 8, 8), 232), (RGB(238, 238, 238), 255), (RGB(95, 135, 175), 67), (RGB(0, 255, 0), 46),
    (RGB(0, 0, 255), 21), (RGB(250, 250, 250), 231), (RGB(12, 12, 12), 232),
    (RGB(100, 100, 100), 241),
    (RGB(210, 140, 20), 172),
  ])
  func knownXterm256Indices(_ c: RGB, _ index: Int) {
    #expect(Int(ColorQuantize.xterm256(c)) == index)
  }

  @Test func everyPaletteColourMapsToItself() {
    for i in 16...255 {
      #expect(Int(ColorQuantize.xterm256(ColorQuantize.rgb(xterm256: UInt8(i)))) == i)
    }
  }

  @Test func greysNeverLandOnColouredCubeEntries() {
    for v in 0...255 {
      let c = ColorQuantize.rgb(xterm256: ColorQuantize.xterm256(RGB(UInt8(v), UInt8(v), UInt8(v))))
      #expect(c.r == c.g && c.g == c.b)
      #expect(abs(Int(c.r) - v) <= 8)
    }
  }

  @Test(arguments: [
    (RGB(255, 0, 0), 1), (RGB(0, 0, 0), 0), (RGB(250, 250, 250), 7), (RGB(0, 0, 200), 4),
    (RGB(128, 128, 128), 7), (RGB(60, 60, 60), 0), (RGB(0, 200, 0), 2), (RGB(0, 190, 200), 6),
    (RGB(220, 210, 10), 3), (RGB(200, 0, 190), 5),
  ])
  func knownBasic8Indices(_ c: RGB, _ index: Int) {
    #expect(Int(ColorQuantize.basic8Index(c)) == index)
  }

  @Test func luminanceEndpoints() {
    #expect(ColorQuantize.luminance(RGB(255, 255, 255)) == 255)
    #expect(ColorQuantize.luminance(RGB(0, 0, 0)) == 0)
    #expect(ColorQuantize.luminance(RGB(0, 255, 0)) > ColorQuantize.luminance(RGB(255, 0, 0)))
  }
}
