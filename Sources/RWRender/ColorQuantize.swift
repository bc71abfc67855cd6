/// Colour quantisation for terminals with fewer than 2^24 colours.
///
/// Indices 0-15 are avoided for 256-colour output because terminal themes redefine them; the
/// 6×6×6 cube (16-231) and the grey ramp (232-255) have fixed RGB values in xterm and tmux.
public enum ColorQuantize {
  /// The six channel levels of the xterm 6×6×6 colour cube.
  public static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

  /// The RGB values xterm uses for the 8 basic ANSI colours (black, red, green, yellow, blue,
  /// magenta, cyan, white).
  public static let basic8: [RGB] = [
    RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
    RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
  ]

  /// A perceptual-ish squared distance ("redmean" weighted Euclidean), cheap and integer-only.
  @inline(__always)
  public static func distance(_ a: RGB, _ b: RGB) -> Int {
    let rmean = (Int(a.r) + Int(b.r)) / 2
    let dr = Int(a.r) - Int(b.r)
    let dg = Int(a.g) - Int(b.g)
    let db = Int(a.b) - Int(b.b)
    return (((512 + rmean) * dr * dr) >> 8) + 4 * dg * dg + (((767 - rmean) * db * db) >> 8)
  }

  @inline(__always)
  static func cubeLevelIndex(_ v: UInt8) -> Int {
    if v < 48 { return 0 }
    if v < 115 { return 1 }
    return (Int(v) - 35) / 40
  }

  /// The nearest xterm-256 index (16-255) to `c`: the best of the nearest cube colour and the
  /// nearest grey.
  @inline(__always)
  public static func xterm256(_ c: RGB) -> UInt8 {
    let ri = cubeLevelIndex(c.r)
    let gi = cubeLevelIndex(c.g)
    let bi = cubeLevelIndex(c.b)
    let cube = RGB(cubeLevels[ri], cubeLevels[gi], cubeLevels[bi])
    let cubeIndex = 16 + 36 * ri + 6 * gi + bi
    if cube == c { return UInt8(cubeIndex) }
    let avg = (Int(c.r) + Int(c.g) + Int(c.b)) / 3
    let greyIndex = avg > 238 ? 23 : max(0, (avg - 3) / 10)
    let g = UInt8(8 + 10 * greyIndex)
    let grey = RGB(g, g, g)
    return distance(grey, c) < distance(cube, c) ? UInt8(232 + greyIndex) : UInt8(cubeIndex)
  }

  /// The RGB value of xterm-256 index `i` (16-255; 0-15 give the xterm defaults).
  public static func rgb(xterm256 i: UInt8) -> RGB {
    switch i {
    case 0..<8: return basic8[Int(i)]
    case 8..<16:
      let bright: [RGB] = [
        RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
      ]
      return bright[Int(i) - 8]
    case 16..<232:
      let n = Int(i) - 16
      return RGB(cubeLevels[n / 36], cubeLevels[(n / 6) % 6], cubeLevels[n % 6])
    default:
      let g = UInt8(8 + 10 * (Int(i) - 232))
      return RGB(g, g, g)
    }
  }

  /// A distance for the 8 basic colours that weighs luminance twice as much as chroma, so that
  /// greys go to black or white instead of a dull cyan.
  @inline(__always)
  static func lumaChromaDistance(_ a: RGB, _ b: RGB) -> Int {
    let ya = luminance(a)
    let yb = luminance(b)
    let dy = ya - yb
    let dcr = (Int(a.r) - ya) - (Int(b.r) - yb)
    let dcb = (Int(a.b) - ya) - (Int(b.b) - yb)
    return 2 * dy * dy + dcr * dcr + dcb * dcb
  }

  /// The nearest of the 8 basic ANSI colours (0-7), by luminance first, then chroma.
  @inline(__always)
  public static func basic8Index(_ c: RGB) -> UInt8 {
    var best = 0
    var bestD = Int.max
    for i in 0..<8 {
      let d = lumaChromaDistance(basic8[i], c)
      if d < bestD {
        bestD = d
        best = i
      }
    }
    return UInt8(best)
  }

  /// Relative luminance 0-255 (Rec. 709 weights on the sRGB values).
  @inline(__always)
  public static func luminance(_ c: RGB) -> Int {
    (54 * Int(c.r) + 183 * Int(c.g) + 19 * Int(c.b)) >> 8
  }
}
