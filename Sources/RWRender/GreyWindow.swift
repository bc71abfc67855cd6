/// Window/level mapping of intensities to grey: `level` is the centre, `width` the range shown.
public struct GreyWindow: Hashable, Sendable {
  /// The intensity shown as mid-grey.
  public var level: Float
  /// The intensity range from black to white (values ≤ 0 give a hard threshold at `level`).
  public var width: Float

  public init(level: Float, width: Float) {
    self.level = level
    self.width = width
  }

  /// The window from `low` (black) to `high` (white).
  public init(low: Float, high: Float) {
    self.init(level: (low + high) / 2, width: high - low)
  }

  /// The intensity shown as black.
  public var low: Float { level - width / 2 }
  /// The intensity shown as white.
  public var high: Float { level + width / 2 }

  /// Grey level 0-255 of `v` (NaN gives 0).
  @inline(__always)
  public func grey(_ v: Float) -> UInt8 {
    guard width > 0 else { return v >= level ? 255 : 0 }
    let t = (v - low) / width * 255
    if !(t > 0) { return 0 }
    if t >= 255 { return 255 }
    return UInt8(t + 0.5)
  }

  /// The RGB grey of `v`.
  @inline(__always)
  public func color(_ v: Float) -> RGB {
    let g = grey(v)
    return RGB(g, g, g)
  }

  /// The window shifted by `dLevel` and scaled by `widthFactor` (width stays positive).
  public func adjusted(levelBy dLevel: Float, widthFactor: Float = 1) -> GreyWindow {
    GreyWindow(level: level + dLevel, width: max(width * widthFactor, Float.leastNormalMagnitude))
  }

  /// A window from the `lowPercentile`-th to the `highPercentile`-th percentile of the finite
  /// values (computed on an evenly strided sample of at most `maxSamples` values).
  ///
  /// A constant or empty input gives a window of width 1 around the value (or 0...1).
  public static func fromPercentiles(
    _ values: [Float], low lowPercentile: Double = 0.5, high highPercentile: Double = 99.5,
    maxSamples: Int = 262_144
  ) -> GreyWindow {
    let stride = max(1, values.count / max(1, maxSamples))
    var sample: [Float] = []
    sample.reserveCapacity(values.count / stride + 1)
    var i = 0
    while i < values.count {
      let v = values[i]
      if v.isFinite { sample.append(v) }
      i += stride
    }
    guard !sample.isEmpty else { return GreyWindow(low: 0, high: 1) }
    sample.sort()
    func at(_ p: Double) -> Float {
      let pos = min(max(p / 100, 0), 1) * Double(sample.count - 1)
      let lo = Int(pos.rounded(.down)), hi = min(lo + 1, sample.count - 1)
      let f = Float(pos - Double(lo))
      return sample[lo] + (sample[hi] - sample[lo]) * f
    }
    let lo = at(lowPercentile), hi = at(highPercentile)
    if hi > lo { return GreyWindow(low: lo, high: hi) }
    return GreyWindow(level: lo, width: 1)
  }
}
