/// 8-colour cells: two pixels as `▀` in the nearest basic colours, or — where the two pixels
/// are alike and no basic colour is near them (greys, dark or pale colours) — their mean as a
/// shade glyph (`░▒▓`) mixing a basic colour with black or white. A grey MRI then keeps five tones per colour pair
/// instead of collapsing to black and white.
extension HalfBlock {
  /// For each 4-bit-per-channel colour: bits 0-2 background colour, 3-5 foreground colour,
  /// 6-8 shade level 0...4 (0: background only, 4: foreground only).
  static let palette8Shades: [UInt16] = {
    var table = [UInt16](repeating: 0, count: 4096)
    var mixes: [(RGB, UInt16)] = []
    for bg in 0..<8 {
      for fg in 0..<8 {
        // Mixes only with black or white: a red/cyan checker averages to grey in numbers but
        // looks like noise, while black or white mixes read as darker or lighter tones.
        let plain = bg == 0 || bg == 7 || fg == 0 || fg == 7
        for level in 0...4
        where (level == 0 && fg == 0) || (level == 4 && bg == 0)
          || (level > 0 && level < 4 && plain && fg != bg)
        {
          let c = Compositing.blend(
            ColorQuantize.basic8[bg], ColorQuantize.basic8[fg], alpha256: level * 64)
          mixes.append((c, UInt16(bg | fg << 3 | level << 6)))
        }
      }
    }
    for i in 0..<4096 {
      let c = RGB(UInt8((i >> 8) * 17), UInt8(((i >> 4) & 15) * 17), UInt8((i & 15) * 17))
      var best = 0
      var bestD = Int.max
      for (k, m) in mixes.enumerated() {
        let d = ColorQuantize.lumaChromaDistance(m.0, c)
        if d < bestD {
          bestD = d
          best = k
        }
      }
      table[i] = mixes[best].1
    }
    return table
  }()

  /// The shade glyphs for levels 0...4.
  static let shadeGlyphs: [Unicode.Scalar] = [" ", "░", "▒", "▓", "█"]

  /// The 8-colour cell for pixel `top` over pixel `bottom` (Unicode output).
  static func palette8Cell(top: RGB, bottom: RGB?) -> Cell {
    let basic = ColorQuantize.basic8
    let nt = Int(ColorQuantize.basic8Index(top))
    guard let bottom else { return Cell(upperHalf, fg: .rgb(basic[nt])) }
    let nb = Int(ColorQuantize.basic8Index(bottom))
    let twoError =
      ColorQuantize.lumaChromaDistance(top, basic[nt])
      + ColorQuantize.lumaChromaDistance(bottom, basic[nb])
    let mean = RGB(
      UInt8((Int(top.r) + Int(bottom.r) + 1) / 2), UInt8((Int(top.g) + Int(bottom.g) + 1) / 2),
      UInt8((Int(top.b) + Int(bottom.b) + 1) / 2))
    let r4 = (Int(mean.r) * 15 + 127) / 255
    let g4 = (Int(mean.g) * 15 + 127) / 255
    let b4 = (Int(mean.b) * 15 + 127) / 255
    let entry = Int(palette8Shades[(r4 << 8) | (g4 << 4) | b4])
    let bg = entry & 7
    let fg = (entry >> 3) & 7
    let level = entry >> 6
    if level > 0 && level < 4 {
      let mix = Compositing.blend(basic[bg], basic[fg], alpha256: level * 64)
      let shadeError =
        ColorQuantize.lumaChromaDistance(top, mix) + ColorQuantize.lumaChromaDistance(bottom, mix)
      if shadeError < twoError {
        return Cell(shadeGlyphs[level], fg: .rgb(basic[fg]), bg: .rgb(basic[bg]))
      }
    }
    if nt == nb { return Cell(fullBlock, fg: .rgb(basic[nt]), bg: .rgb(basic[nt])) }
    return Cell(upperHalf, fg: .rgb(basic[nt]), bg: .rgb(basic[nb]))
  }
}
