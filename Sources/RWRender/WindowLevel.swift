/// An intensity window: values at or below `low` are black, at or above `high` white. The one
/// window of every view (the viewer's keys adjust it; `render` and exports draw with it).
public struct WindowLevel: Equatable, Sendable {
  public var low: Float
  public var high: Float

  public init(low: Float, high: Float) {
    self.low = low
    self.high = high
  }

  /// Centre of the window.
  public var level: Float { (low + high) / 2 }
  /// Width of the window.
  public var width: Float { high - low }

  /// Grey levels per intensity unit (255 over the width, the width taken as at least 1e-12).
  public var greyScale: Float { 255 / max(high - low, 1e-12) }

  /// Grey level 0–255 of a finite `x` with `scale == greyScale` (truncated, as the viewer has
  /// always drawn); 0 below the window, 255 above.
  @inline(__always)
  public func grey(_ x: Float, scale: Float) -> UInt8 {
    let t = (x - low) * scale
    if !(t > 0) { return 0 }
    if t >= 255 { return 255 }
    return UInt8(t)
  }

  /// The automatic window of `values`: the 1st to 99th percentile of the finite values
  /// (`percentiles`), at least one unit wide.
  public static func automatic(_ values: UnsafeBufferPointer<Float>) -> WindowLevel {
    let (lo, hi) = percentiles(values, 0.01, 0.99)
    return WindowLevel(low: lo, high: hi > lo ? hi : lo + 1)
  }

  /// Approximate `p`/`q` quantiles of the finite values (4096-bin histogram between min and max).
  public static func percentiles(_ values: UnsafeBufferPointer<Float>, _ p: Double, _ q: Double)
    -> (Float, Float)
  {
    var lo = Float.infinity
    var hi = -Float.infinity
    var count = 0
    for v in values where v.isFinite {
      if v < lo { lo = v }
      if v > hi { hi = v }
      count += 1
    }
    guard count > 0 else { return (0, 1) }
    guard hi > lo else { return (lo, hi) }
    let bins = 4096
    var hist = [Int](repeating: 0, count: bins)
    let scale = Float(bins) / (hi - lo)
    hist.withUnsafeMutableBufferPointer { h in
      for v in values where v.isFinite {
        h[min(bins - 1, Int((v - lo) * scale))] += 1
      }
    }
    func quantile(_ f: Double) -> Float {
      let target = f * Double(count)
      var acc = 0
      for b in 0..<bins {
        acc += hist[b]
        if Double(acc) >= target { return lo + Float(b + 1) / scale }
      }
      return hi
    }
    return (max(lo, quantile(p) - 1 / scale), quantile(q))
  }
}
