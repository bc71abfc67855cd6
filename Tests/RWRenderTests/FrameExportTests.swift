import Foundation
import RWTestSupport
import Testing

@testable import RWRender

@Suite struct FrameExportTests {
  /// "▀" red over blue, then a bold default "a", then a plain default " ".
  static let grid: CellGrid = {
    var g = CellGrid(width: 3, height: 1)
    g[0, 0] = Cell("▀", fg: .rgb(RGB(255, 0, 0)), bg: .rgb(RGB(0, 0, 255)))
    g[1, 0] = Cell("a", style: .bold)
    return g
  }()

  @Test(arguments: [
    (
      RenderCaps.ColorMode.trueColor, "\u{1B}[0;38;2;255;0;0;48;2;0;0;255m▀\u{1B}[0;1ma\u{1B}[0m \n"
    ),
    (.palette256, "\u{1B}[0;38;5;196;48;5;21m▀\u{1B}[0;1ma\u{1B}[0m \n"),
    (.palette8, "\u{1B}[0;31;44m▀\u{1B}[0;1ma\u{1B}[0m \n"),
    (.monochrome, "▀\u{1B}[0;1ma\u{1B}[0m \n"),
  ])
  func ansiInEachColourMode(_ mode: RenderCaps.ColorMode, _ expected: String) {
    #expect(
      FrameExport.ansi(Self.grid, caps: RenderCaps(colorMode: mode, unicode: true)) == expected)
  }

  @Test func ansiResetsAtTheEndOfEveryStyledRow() {
    var g = CellGrid(width: 2, height: 2)
    g[1, 0] = Cell("x", fg: .rgb(RGB(0, 255, 0)))
    g[0, 1] = Cell("y", style: [.reverse, .underline])
    let s = FrameExport.ansi(g, caps: .full)
    #expect(s == " \u{1B}[0;38;2;0;255;0mx\u{1B}[0m\n\u{1B}[0;4;7my\u{1B}[0m \n")
  }

  @Test func plainTextTrimsTrailingSpaces() {
    var g = CellGrid(width: 4, height: 2)
    g.put("ab", x: 0, y: 0)
    g.put("▀", x: 3, y: 1)
    #expect(FrameExport.text(g) == "ab\n   ▀\n")
    #expect(FrameExport.text(g, trim: false) == "ab  \n   ▀\n")
  }

  @Test func pictureDrawsHalfBlocksAsSquares() {
    let img = FrameExport.picture(Self.grid, scale: 2)
    #expect(img.width == 6 && img.height == 4)
    // Cell 0: top 2×2 red, bottom 2×2 blue.
    #expect(img[0, 0] == RGB(255, 0, 0) && img[1, 1] == RGB(255, 0, 0))
    #expect(img[0, 2] == RGB(0, 0, 255) && img[1, 3] == RGB(0, 0, 255))
    // Cell 1 is text: background black with a foreground bar in the middle rows.
    #expect(img[2, 0] == FrameExport.defaultBackground)
    #expect(img[2, 1] == FrameExport.defaultForeground)
    // Cell 2: a space on the default background.
    #expect(img[5, 3] == FrameExport.defaultBackground)
  }

  @Test func checksumsMatchPublishedValues() {
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(CRC32.checksum([]) == 0)
  }

  /// The gradient test image: `width`×120, pixel (x, y) = (x % 256, y, x·y % 251).
  static func gradient(width: Int) -> PixelImage {
    var img = PixelImage(width: width, height: 120)
    for y in 0..<120 {
      for x in 0..<width { img[x, y] = RGB(UInt8(x % 256), UInt8(y), UInt8((x * y) % 251)) }
    }
    return img
  }

  /// The encoder still writes the bytes of `Tests/Fixtures/png`, which Python's zlib read
  /// (`zlib-readings.json`: chunk CRCs checked, IDAT inflated). 150×120 RGB is 54,120 bytes of
  /// scanlines.
  @Test(arguments: [150, 300])
  func pngMatchesTheFileZlibRead(width: Int) throws {
    let name = "gradient-\(width)x120.png"
    let bytes = try PNGEncoder.encode(Self.gradient(width: width))
    if (try? Fixtures.data("png/" + name)) != Data(bytes) {
      let kept = TemporaryDirectory.make("png").appendingPathComponent(name)
      try Data(bytes).write(to: kept)
      Issue.record(
        """
        \(name): the encoder's bytes changed (new file at \(kept.path)); if intended, copy it \
        to Tests/Fixtures/png and re-run make_readings.py there with the venv
        """)
    }
    let readings = try Fixtures.json("png/zlib-readings.json")
    let r = try #require(readings[name] as? [String: Any], "no zlib reading of \(name)")
    #expect(r["width"] as? Int == width && r["height"] as? Int == 120)
    #expect(r["bit_depth"] as? Int == 8 && r["color_type"] as? Int == 2)
    let chunks = r["chunks"] as? [String] ?? []
    #expect(chunks.first == "IHDR" && chunks.last == "IEND", "\(chunks)")
    // Python undid the row filters the encoder chose (several kinds).
    let rows = PNGEncoder.filteredScanlines(Self.gradient(width: width))
    let used = Set(stride(from: 0, to: rows.count, by: 1 + 3 * width).map { Int(rows[$0]) })
    #expect(r["filters"] as? [Int] == used.sorted() && used.count >= 2)
    let px = try #require(r["pixels"] as? [String: [Int]], "\(name): no pixels")
    let last = [(width - 1) % 256, 119, (width - 1) * 119 % 251]
    #expect(px["0,0"] == [0, 0, 0])
    #expect(px["\(width - 1),119"] == last)
    #expect(px["37,91"] == [37, 91, 37 * 91 % 251])
  }

  /// Every pixel survives encoding (row filters chosen per row, zlib-compressed), and a
  /// terminal frame (flat colour runs) compresses far below its raw size.
  @Test func pngRoundTripsAndIsCompressed() throws {
    for width in [1, 150, 300] {
      let img = Self.gradient(width: width)
      let back = try PNGDecoder.decode(try PNGEncoder.encode(img))
      #expect(back.width == width && back.height == 120 && back.pixels == img.pixels)
    }
    var g = CellGrid(width: 80, height: 24)
    for y in 0..<24 {
      for x in 0..<80 {
        g[x, y] = Cell("▀", fg: .rgb(RGB(UInt8(x * 3), 40, 90)), bg: .rgb(RGB(10, UInt8(y * 9), 0)))
      }
    }
    g.put("slice 40/96  rw 0.123", x: 2, y: 1)
    let bytes = try FrameExport.png(g)
    let raw = 80 * 6 * 24 * 12 * 3
    #expect(bytes.count * 20 < raw, "\(bytes.count) bytes for \(raw) bytes of pixels")
    #expect(try PNGDecoder.decode(bytes).pixels == FrameExport.picture(g).pixels)
    // Each filter type occurs: None on the flat first row, the others where they predict best.
    let filtered = PNGEncoder.filteredScanlines(Self.gradient(width: 150))
    let types = Set(stride(from: 0, to: filtered.count, by: 451).map { filtered[$0] })
    #expect(types.isSubset(of: [0, 1, 2, 3, 4]) && types.count >= 2, "\(types)")
  }

  @Test func framePNGHasTheExpectedSize() throws {
    let bytes = try FrameExport.png(Self.grid, scale: 3)
    #expect(Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    // IHDR width and height (big endian) at bytes 16...23: 9 × 6.
    #expect(Array(bytes[16..<24]) == [0, 0, 0, 9, 0, 0, 0, 6])
  }
}

@Suite struct RenderCapsGuessTests {
  @Test func fromEnvironment() {
    #expect(
      RenderCaps.guess(environment: [
        "TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "en_US.UTF-8",
      ]) == .full)
    #expect(
      RenderCaps.guess(environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"])
        == RenderCaps(colorMode: .palette256, unicode: true))
    #expect(
      RenderCaps.guess(environment: ["TERM": "screen", "LC_ALL": "C", "LANG": "en_US.UTF-8"])
        == RenderCaps(colorMode: .palette8, unicode: false))
    #expect(
      RenderCaps.guess(environment: ["TERM": "dumb", "LC_CTYPE": "en_GB.utf8"])
        == RenderCaps(colorMode: .monochrome, unicode: true))
    #expect(
      RenderCaps.guess(environment: [:]) == RenderCaps(colorMode: .monochrome, unicode: false))
    #expect(
      RenderCaps.guess(environment: ["TERM": "xterm-direct", "LC_ALL": ""]).colorMode == .trueColor)
  }
}
