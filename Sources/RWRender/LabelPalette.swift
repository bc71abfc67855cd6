/// Distinct, colour-blind-aware colours for label values, deterministic for any number of classes.
///
/// Labels 1-7 take the Okabe–Ito colours (without black), 8-16 Paul Tol's "muted" scheme, and
/// larger labels points of a low-discrepancy sequence in OKLCH (hue, lightness, chroma). Label 0 (background) is
/// transparent unless `backgroundColor` is set.
public struct LabelPalette: Hashable, Sendable {
  /// The colours of labels 1...16.
  public static let base: [RGB] = [
    RGB(230, 159, 0), RGB(86, 180, 233), RGB(0, 158, 115), RGB(240, 228, 66),
    RGB(0, 114, 178), RGB(213, 94, 0), RGB(204, 121, 167),
    RGB(204, 102, 119), RGB(51, 34, 136), RGB(221, 204, 119), RGB(17, 119, 51),
    RGB(136, 204, 238), RGB(136, 34, 85), RGB(68, 170, 153), RGB(153, 153, 51),
    RGB(170, 68, 153),
  ]

  /// Colours set explicitly (from a label file), overriding the generated ones.
  public var overrides: [Int: RGB]
  /// The colour of label 0, or nil for transparent.
  public var backgroundColor: RGB?

  public init(overrides: [Int: RGB] = [:], backgroundColor: RGB? = nil) {
    self.overrides = overrides
    self.backgroundColor = backgroundColor
  }

  /// The colour of `label`, or nil when it is transparent (label 0 by default).
  public func color(for label: Int) -> RGB? {
    if let c = overrides[label] { return c }
    if label == 0 { return backgroundColor }
    return Self.generated(label)
  }

  /// A lookup table for labels `0..<count` (nil entries are transparent), for per-pixel use.
  public func table(count: Int) -> [RGB?] {
    (0..<max(0, count)).map { color(for: $0) }
  }

  /// The default colour of a non-zero label (negative labels use their magnitude).
  public static func generated(_ label: Int) -> RGB {
    let n = label.magnitude
    // Label 0 is background: transparent in overlays, a neutral grey where a colour is needed.
    if n == 0 { return RGB(96, 96, 96) }
    if n <= UInt(base.count) { return base[Int(n) - 1] }
    // Roberts' R3 low-discrepancy sequence spreads (hue, lightness, chroma) evenly, so even
    // hundreds of labels stay apart; neighbours differ most in hue.
    let g = 1.2207440846057596
    let k = Double(n - UInt(base.count))
    func frac(_ x: Double) -> Double { x - x.rounded(.down) }
    let hue = frac(0.5 + k / g) * 360
    let lightness = 0.55 + 0.33 * frac(0.5 + k / (g * g))
    let chroma = 0.07 + 0.08 * frac(0.5 + k / (g * g * g))
    return OKLab.rgb(lightness: lightness, chroma: chroma, hueDegrees: hue)
  }
}
