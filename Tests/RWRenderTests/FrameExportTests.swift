import Foundation
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
    (RenderCaps.ColorMode.trueColor, "\u{1B}[0;38;2;255;0;0;48;2;0;0;255m▀\u{1B}[0;1ma\u{1B}[0m \n"),
    (.palette256, "\u{1B}[0;38;5;196;48;5;21m▀\u{1B}[0;1ma\u{1B}[0m \n"),
    (.palette8, "\u{1B}[0;31;44m▀\u{1B}[0;1ma\u{1B}[0m \n"),
    (.monochrome, "▀\u{1B}[0;1ma\u{1B}[0m \n"),
  ])
  func ansiInEachColourMode(_ mode: RenderCaps.ColorMode, _ expected: String) {
    #expect(FrameExport.ansi(Self.grid, caps: RenderCaps(colorMode: mode, unicode: true)) == expected)
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
    #expect(PNGEncoder.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    #expect(PNGEncoder.adler32([]) == 1)
    // Long runs exercise the modulo deferral.
    let big = [UInt8](repeating: 255, count: 100_000)
    var a: UInt64 = 1, b: UInt64 = 0
    for x in big {
      a = (a + UInt64(x)) % 65521
      b = (b + a) % 65521
    }
    #expect(PNGEncoder.adler32(big) == UInt32(b << 16 | a))
  }

  /// Runs python3 on a script with the PNG path as argument; nil when python3 is missing.
  func python(_ script: String, _ path: String) throws -> String? {
    let which = Process()
    which.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    which.arguments = ["python3", "-c", "pass"]
    which.standardOutput = FileHandle.nullDevice
    which.standardError = FileHandle.nullDevice
    do { try which.run() } catch { return nil }
    which.waitUntilExit()
    guard which.terminationStatus == 0 else { return nil }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script, path]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    try p.run()
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: out, as: UTF8.self)
  }

  @Test func pngDecodesWithPythonZlib() throws {
    // 150×120 RGB is 54,120 bytes of scanlines: one stored block; 300×120 needs two.
    for width in [150, 300] {
      var img = PixelImage(width: width, height: 120)
      for y in 0..<120 { for x in 0..<width { img[x, y] = RGB(UInt8(x % 256), UInt8(y), UInt8((x * y) % 251)) } }
      let path = FileManager.default.temporaryDirectory.appendingPathComponent("rwview-png-\(getpid())-\(width).png").path
      defer { try? FileManager.default.removeItem(atPath: path) }
      try Data(PNGEncoder.encode(img)).write(to: URL(fileURLWithPath: path))
      let script = """
        import sys, struct, zlib
        d = open(sys.argv[1], 'rb').read()
        assert d[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
        pos, idat, ihdr = 8, b'', None
        while pos < len(d):
            n, = struct.unpack('>I', d[pos:pos+4]); t = d[pos+4:pos+8]; body = d[pos+8:pos+8+n]
            crc, = struct.unpack('>I', d[pos+8+n:pos+12+n])
            assert crc == zlib.crc32(t + body) & 0xffffffff, t
            if t == b'IHDR': ihdr = struct.unpack('>IIBBBBB', body)
            if t == b'IDAT': idat += body
            pos += 12 + n
        w, h = ihdr[0], ihdr[1]
        raw = zlib.decompress(idat)
        assert len(raw) == h * (1 + 3 * w)
        def px(x, y): o = y * (1 + 3 * w) + 1 + 3 * x; return tuple(raw[o:o+3])
        print(w, h, ihdr[2], ihdr[3], px(0, 0), px(w - 1, h - 1), px(37, 91))
        """
      guard let out = try python(script, path) else { return }  // python3 missing: skip
      let last = RGB(UInt8((width - 1) % 256), 119, UInt8(((width - 1) * 119) % 251))
      #expect(out == "\(width) 120 8 2 (0, 0, 0) (\(last.r), \(last.g), \(last.b)) (37, 91, \(37 * 91 % 251))\n")
    }
  }

  @Test func framePNGHasTheExpectedSize() {
    let bytes = FrameExport.png(Self.grid, scale: 3)
    #expect(Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    // IHDR width and height (big endian) at bytes 16...23: 9 × 6.
    #expect(Array(bytes[16..<24]) == [0, 0, 0, 9, 0, 0, 0, 6])
  }
}

@Suite struct RenderCapsGuessTests {
  @Test func fromEnvironment() {
    #expect(RenderCaps.guess(environment: ["TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "en_US.UTF-8"]) == .full)
    #expect(RenderCaps.guess(environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"]) == RenderCaps(colorMode: .palette256, unicode: true))
    #expect(RenderCaps.guess(environment: ["TERM": "screen", "LC_ALL": "C", "LANG": "en_US.UTF-8"]) == RenderCaps(colorMode: .palette8, unicode: false))
    #expect(RenderCaps.guess(environment: ["TERM": "dumb", "LC_CTYPE": "en_GB.utf8"]) == RenderCaps(colorMode: .monochrome, unicode: true))
    #expect(RenderCaps.guess(environment: [:]) == RenderCaps(colorMode: .monochrome, unicode: false))
    #expect(RenderCaps.guess(environment: ["TERM": "xterm-direct", "LC_ALL": ""]).colorMode == .trueColor)
  }
}
