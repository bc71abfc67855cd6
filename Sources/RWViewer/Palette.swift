import RWRender

/// The generated label colours (ITK-SNAP's first defaults, then a golden-angle hue walk).
public enum LabelPalette {
  static let fixed: [RGB] = [
    RGB(0, 0, 0), RGB(255, 0, 0), RGB(0, 255, 0), RGB(0, 0, 255), RGB(255, 255, 0), RGB(0, 255, 255),
    RGB(255, 0, 255), RGB(255, 239, 213), RGB(0, 0, 205), RGB(205, 133, 63), RGB(210, 180, 140),
    RGB(102, 205, 170), RGB(0, 0, 128), RGB(0, 139, 139), RGB(46, 139, 87),
  ]

  /// The colour of label `l`.
  public static func color(_ l: Int32) -> RGB {
    if l >= 0 && Int(l) < fixed.count { return fixed[Int(l)] }
    let h = (Double(l) * 137.508).truncatingRemainder(dividingBy: 360)
    return hsv(h < 0 ? h + 360 : h, 0.75, 1)
  }

  static func hsv(_ h: Double, _ s: Double, _ v: Double) -> RGB {
    let c = v * s, x = c * (1 - abs((h / 60).truncatingRemainder(dividingBy: 2) - 1)), m = v - c
    let (r, g, b): (Double, Double, Double)
    switch h {
    case ..<60: (r, g, b) = (c, x, 0)
    case ..<120: (r, g, b) = (x, c, 0)
    case ..<180: (r, g, b) = (0, c, x)
    case ..<240: (r, g, b) = (0, x, c)
    case ..<300: (r, g, b) = (x, 0, c)
    default: (r, g, b) = (c, 0, x)
    }
    return RGB(UInt8((r + m) * 255), UInt8((g + m) * 255), UInt8((b + m) * 255))
  }
}

/// Colours of the error layer (Okabe–Ito, colour-blind safe).
public enum ErrorColors {
  /// True positive: bluish green.
  public static let truePositive = RGB(0, 158, 115)
  /// False positive: vermillion.
  public static let falsePositive = RGB(213, 94, 0)
  /// False negative: sky blue.
  public static let falseNegative = RGB(86, 180, 233)
}

/// A diverging map centred at 0: blue (negative) → white (0) → red (positive).
public enum DivergingMap {
  static let negative = (r: 33.0, g: 102.0, b: 172.0)
  static let positive = (r: 178.0, g: 24.0, b: 43.0)

  /// Colour of `t` in [−1, 1] (clamped).
  @inline(__always) public static func color(_ t: Float) -> RGB {
    let x = Double(max(-1, min(1, t.isFinite ? t : 0)))
    let e = x < 0 ? negative : positive
    let a = abs(x)
    return RGB(
      UInt8(255 + (e.r - 255) * a), UInt8(255 + (e.g - 255) * a), UInt8(255 + (e.b - 255) * a))
  }
}

/// Blends `top` over `base` with opacity `alpha` in [0, 1].
@inline(__always) func blend(_ base: RGB, _ top: RGB, _ alpha: Float) -> RGB {
  let a = max(0, min(1, alpha)), b = 1 - a
  return RGB(
    UInt8(Float(base.r) * b + Float(top.r) * a + 0.5), UInt8(Float(base.g) * b + Float(top.g) * a + 0.5),
    UInt8(Float(base.b) * b + Float(top.b) * a + 0.5))
}
