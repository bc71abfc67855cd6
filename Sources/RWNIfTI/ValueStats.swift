/// Statistics of scaled values, defined as in the conformance oracle: NaN excluded from
/// min/max/sum/mean/std, infinities included, population standard deviation.
///
/// Sums use Neumaier's compensated summation (agrees with a correctly rounded sum to ~1e-15
/// relative on data of this kind).
public struct ValueStats: Sendable, Equatable {
  public var count = 0
  public var nanCount = 0
  public var posinfCount = 0
  public var neginfCount = 0
  public var nonzeroCount = 0
  /// Nil when every value is NaN.
  public var min: Double?
  public var max: Double?
  public var sum: Double?
  public var mean: Double?
  public var std: Double?

  /// Statistics of `values[offset], values[offset + stride], …` (one channel of interleaved data).
  public init(_ values: UnsafeBufferPointer<Double>, offset: Int = 0, stride: Int = 1) {
    var lo = Double.infinity, hi = -Double.infinity
    var s = 0.0, c = 0.0
    var m = 0
    var i = offset
    var sawInf = false
    while i < values.count {
      let v = values[i]
      count += 1
      if v.isNaN {
        nanCount += 1
      } else {
        m += 1
        if v != 0 { nonzeroCount += 1 }
        if v == .infinity { posinfCount += 1; sawInf = true }
        if v == -.infinity { neginfCount += 1; sawInf = true }
        if v < lo { lo = v }
        if v > hi { hi = v }
        let t = s + v
        if abs(s) >= abs(v) { c += (s - t) + v } else { c += (v - t) + s }
        s = t
      }
      i += stride
    }
    guard m > 0 else { return }
    min = lo
    max = hi
    let total = sawInf ? s : s + c
    sum = total
    let mu = total / Double(m)
    mean = mu
    var q = 0.0, qc = 0.0
    i = offset
    while i < values.count {
      let v = values[i]
      if !v.isNaN {
        let d = v - mu
        let sq = d * d
        let t = q + sq
        if abs(q) >= abs(sq) { qc += (q - t) + sq } else { qc += (sq - t) + q }
        q = t
      }
      i += stride
    }
    std = ((sawInf ? q : q + qc) / Double(m)).squareRoot()
  }
}

extension NIfTIImage {
  /// Statistics of the scaled data, one per channel (a single entry for scalar data).
  public func channelStats() -> [ValueStats] {
    let d = scaledDoubles()
    let ch = datatype.channels
    return d.withUnsafeBufferPointer { p in (0..<ch).map { ValueStats(p, offset: $0, stride: ch) } }
  }
}
