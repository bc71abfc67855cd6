import RWVolume

/// An intensity window: values at or below `low` are black, at or above `high` white. The one
/// window of every view (the viewer's keys adjust it; `render` and exports draw with it).
public struct WindowLevel: Equatable, Sendable {
  public var low: Float
  public var high: Float

  public init(low: Float, high: Float) {
    self.low = low
    self.high = high
  }

  /// The colour of NaN and ±Inf voxels (no grey level means them).
  public static let nonFiniteColor = RGB(0, 190, 190)

  /// Centre of the window.
  public var level: Float { (low + high) / 2 }
  /// Width of the window.
  public var width: Float { high - low }

  /// Grey levels per intensity unit (255 over the width, the width taken as at least 1e-12).
  public var greyScale: Float {
    let w = Double(high) - Double(low)  // in Double: ±3e38 windows overflow Float
    return Float(255 / max(w, 1e-12))
  }

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
    // At least one unit wide (lo.nextUp when lo + 1 rounds back to lo, as near ±3e38).
    return WindowLevel(low: lo, high: hi > lo ? hi : max(lo + 1, lo.nextUp))
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
    // In Double: hi - lo of ±3e38 overflows Float; the bin is in 0...bins for finite values.
    let dlo = Double(lo)
    let binWidth = (Double(hi) - dlo) / Double(bins)
    hist.withUnsafeMutableBufferPointer { h in
      for v in values where v.isFinite {
        h[min(bins - 1, Int(saturating: (Double(v) - dlo) / binWidth))] += 1
      }
    }
    func quantile(_ f: Double) -> Double {
      let target = f * Double(count)
      var acc = 0
      for b in 0..<bins {
        acc += hist[b]
        if Double(acc) >= target { return dlo + Double(b + 1) * binWidth }
      }
      return Double(hi)
    }
    let low = max(dlo, quantile(p) - binWidth)
    let high = min(Double(hi), quantile(q))
    return (Float(low), Float(high))
  }
}
