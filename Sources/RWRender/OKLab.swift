import Foundation

/// OKLab/OKLCH to sRGB conversion (Björn Ottosson, 2020), for generated palettes.
public enum OKLab {
  /// The sRGB colour of an OKLCH colour, clipped to the gamut.
  public static func rgb(lightness l: Double, chroma c: Double, hueDegrees h: Double) -> RGB {
    let hr = h * Double.pi / 180
    let a = c * cos(hr)
    let b = c * sin(hr)
    let lp = l + 0.3963377774 * a + 0.2158037573 * b
    let mp = l - 0.1055613458 * a - 0.0638541728 * b
    let sp = l - 0.0894841775 * a - 1.2914855480 * b
    let lc = lp * lp * lp
    let mc = mp * mp * mp
    let sc = sp * sp * sp
    let r = 4.0767416621 * lc - 3.3077115913 * mc + 0.2309699292 * sc
    let g = -1.2684380046 * lc + 2.6097574011 * mc - 0.3413193965 * sc
    let bl = -0.0041960863 * lc - 0.7034186147 * mc + 1.7076147010 * sc
    return RGB(encode(r), encode(g), encode(bl))
  }

  /// Linear light to an 8-bit sRGB channel.
  static func encode(_ x: Double) -> UInt8 {
    let v = max(0, min(1, x))
    let s = v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1 / 2.4) - 0.055
    return UInt8((s * 255).rounded())
  }
}
