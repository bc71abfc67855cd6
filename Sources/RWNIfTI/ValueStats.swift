/// Statistics of scaled values, defined as in the conformance oracle: NaN excluded from
/// min/max/sum/mean/std, infinities included, population standard deviation.
///
/// Sums use Neumaier's compensated summation (agrees with a correctly rounded sum to ~1e-15
/// relative on data of this kind). The standard deviation is taken around each piece's own
/// mean and the pieces merged with Chan's formula, so values can arrive in pieces
/// (`Accumulator`); for a single piece that is the plain two-pass formula.
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

  /// No values.
  public init() {}

  /// Statistics of `values[offset], values[offset + stride], …` (one channel of interleaved data).
  public init(_ values: UnsafeBufferPointer<Double>, offset: Int = 0, stride: Int = 1) {
    var a = Accumulator()
    a.add(values, offset: offset, stride: stride)
    self = a.result
  }

  /// `ValueStats` gathered from values that arrive in pieces.
  public struct Accumulator: Sendable {
    private var counts = ValueStats()
    private var lo = Double.infinity
    private var hi = -Double.infinity
    /// Neumaier sum of every non-NaN value.
    private var s = 0.0
    private var c = 0.0
    private var sawInf = false
    /// Chan's running count, mean and sum of squared deviations of the non-NaN values.
    private var n = 0
    private var runningMean = 0.0
    private var m2 = 0.0

    public init() {}

    /// Adds `values[offset], values[offset + stride], …`.
    public mutating func add(
      _ values: UnsafeBufferPointer<Double>, offset: Int = 0, stride: Int = 1
    ) {
      var bs = 0.0
      var bc = 0.0
      var m = 0
      var i = offset
      while i < values.count {
        let v = values[i]
        counts.count += 1
        if v.isNaN {
          counts.nanCount += 1
        } else {
          m += 1
          if v != 0 { counts.nonzeroCount += 1 }
          if v == .infinity {
            counts.posinfCount += 1
            sawInf = true
          }
          if v == -.infinity {
            counts.neginfCount += 1
            sawInf = true
          }
          if v < lo { lo = v }
          if v > hi { hi = v }
          Self.neumaier(&bs, &bc, v)
        }
        i += stride
      }
      guard m > 0 else { return }
      let blockSum = bs.isFinite ? bs + bc : bs
      Self.neumaier(&s, &c, blockSum)
      let mu = blockSum / Double(m)
      var q = 0.0
      var qc = 0.0
      i = offset
      while i < values.count {
        let v = values[i]
        if !v.isNaN {
          let d = v - mu
          Self.neumaier(&q, &qc, d * d)
        }
        i += stride
      }
      merge(count: m, mean: mu, m2: q.isFinite ? q + qc : q)
    }

    /// Adds `times` copies of `v` (one bin of a histogram).
    public mutating func add(_ v: Double, times: Int) {
      guard times > 0 else { return }
      counts.count += times
      if v.isNaN {
        counts.nanCount += times
        return
      }
      if v != 0 { counts.nonzeroCount += times }
      if v == .infinity { counts.posinfCount += times }
      if v == -.infinity { counts.neginfCount += times }
      if v.isInfinite { sawInf = true }
      if v < lo { lo = v }
      if v > hi { hi = v }
      Self.neumaier(&s, &c, v * Double(times))
      merge(count: times, mean: v, m2: v.isFinite ? 0 : .nan)
    }

    /// The statistics of everything added.
    public var result: ValueStats {
      var out = counts
      guard n > 0 else { return out }
      out.min = lo
      out.max = hi
      let total = sawInf ? s : s + c
      out.sum = total
      out.mean = total / Double(n)
      out.std = sawInf ? .nan : (m2 / Double(n)).squareRoot()
      return out
    }

    /// Chan et al.'s merge of a piece's count, mean and squared deviations into the totals.
    private mutating func merge(count nb: Int, mean mb: Double, m2 m2b: Double) {
      if n == 0 {
        (n, runningMean, m2) = (nb, mb, m2b)
        return
      }
      let total = n + nb
      let delta = mb - runningMean
      let weight = Double(nb) / Double(total)
      runningMean += delta * weight
      m2 += m2b + delta * delta * Double(n) * weight
      n = total
    }

    @inline(__always)
    private static func neumaier(_ s: inout Double, _ c: inout Double, _ v: Double) {
      let t = s + v
      if abs(s) >= abs(v) { c += (s - t) + v } else { c += (v - t) + s }
      s = t
    }
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
