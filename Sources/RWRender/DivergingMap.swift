import Foundation

/// A blue–white–red colour map centred at 0 and symmetric in ±`maxAbs` (ColorBrewer RdBu,
/// which stays readable with red–green colour blindness): negative values blue, 0 white,
/// positive values red. Values beyond ±`maxAbs` saturate.
public struct DivergingMap: Hashable, Sendable {
  /// The anchors from −maxAbs to +maxAbs (11 classes of RdBu, reversed).
  public static let anchors: [RGB] = [
    RGB(5, 48, 97), RGB(33, 102, 172), RGB(67, 147, 195), RGB(146, 197, 222),
    RGB(209, 229, 240), RGB(247, 247, 247), RGB(253, 219, 199), RGB(244, 165, 130),
    RGB(214, 96, 77), RGB(178, 24, 43), RGB(103, 0, 31),
  ]
  /// The colour of 0.
  public static let zeroColor = RGB(247, 247, 247)

  /// The magnitude shown at full saturation (positive).
  public let maxAbs: Float
  /// Colours for t = −1 ... 1 in `lutSize` steps; the middle entry is exactly `zeroColor`.
  private let lut: [RGB]
  private static let lutSize = 511

  /// A map saturating at ±`maxAbs` (a non-positive or non-finite value is taken as 1).
  public init(maxAbs: Float) {
    self.maxAbs = (maxAbs.isFinite && maxAbs > 0) ? maxAbs : 1
    lut = (0..<Self.lutSize).map { i in
      Self.interpolate(Double(i) / Double(Self.lutSize - 1) * 2 - 1)
    }
  }

  /// The symmetric map for `values`: `maxAbs` is the largest finite |value|.
  public static func symmetric(for values: [Float]) -> DivergingMap {
    var m: Float = 0
    for v in values where v.isFinite { m = max(m, abs(v)) }
    return DivergingMap(maxAbs: m)
  }

  /// The colour for t in −1...1 by piecewise-linear interpolation of the anchors.
  static func interpolate(_ t: Double) -> RGB {
    let x = (max(-1, min(1, t)) + 1) / 2 * Double(anchors.count - 1)
    let i = min(Int(x), anchors.count - 2)
    let f = x - Double(i)
    let a = anchors[i]
    let b = anchors[i + 1]
    func mix(_ p: UInt8, _ q: UInt8) -> UInt8 {
      UInt8((Double(p) * (1 - f) + Double(q) * f).rounded())
    }
    return RGB(mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b))
  }

  /// The colour of `v` (NaN gives the zero colour).
  @inline(__always)
  public func color(_ v: Float) -> RGB {
    let half = Float(Self.lutSize - 1) / 2
    let t = v / maxAbs * half + half
    if !(t > 0) { return t.isNaN ? lut[Self.lutSize / 2] : lut[0] }
    if t >= Float(Self.lutSize - 1) { return lut[Self.lutSize - 1] }
    return lut[Int(t + 0.5)]
  }

  /// Legend ticks: "nice" values (1, 2, 2.5 or 5 × 10^k steps), symmetric about 0, always
  /// including 0, all within ±maxAbs, at most `maxCount` of them (odd counts ≥ 3 work best).
  public func ticks(maxCount: Int = 5) -> [Float] {
    let perSide = max(1, (maxCount - 1) / 2)
    let raw = Double(maxAbs) / Double(perSide)
    let exp = floor(log10(raw))
    let base = pow(10, exp)
    let nice = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20].map { $0 * base }
    // The smallest nice step giving at most `perSide` ticks per side; when that step is beyond
    // maxAbs (one tick per side), the largest nice step within it.
    var step = nice.first { $0 >= raw * (1 - 1e-9) } ?? raw
    if step > Double(maxAbs) * (1 + 1e-9) {
      step = nice.last { $0 <= Double(maxAbs) * (1 + 1e-9) } ?? Double(maxAbs)
    }
    // The nice step may be a little larger than raw; never exceed maxAbs.
    let n = Int((Double(maxAbs) / step * (1 + 1e-9)).rounded(.down))
    var out: [Float] = []
    for k in stride(from: -n, through: n, by: 1) { out.append(Float(Double(k) * step)) }
    if n == 0 { out = [0] }
    return out
  }

  /// A short label for a tick value ("-0.5", "0", "1e-3", "250").
  public static func label(_ v: Float) -> String {
    if v == 0 { return "0" }
    let a = abs(Double(v))
    if a >= 1e-2 && a < 1e5 {
      var s = String(format: "%.3g", Double(v))
      if s.contains("e") { s = String(format: "%.0f", Double(v)) }
      return s
    }
    return String(format: "%.1e", Double(v))
  }
}
