/// The gradient of the per-voxel RW loss `l = sum_k P_k Z_k` with respect to the logits (SPEC §2).
///
/// `dl/dX_k = P_k (Z_k - l)`, written here as `P_k sum_j P_j (Z_k - Z_j)`: the two are equal when
/// the probabilities sum to 1, and the second keeps the exact sign of every term. With a map whose
/// wrong-class values are equal (principle B) the wrong-class gradients are then exactly `>= 0`,
/// so rounding never makes descent "raise" a wrong logit that the map does not push up.
public enum LogitGradient {
  /// Writes `dl/dX_k` for k in 0..<K of one voxel; `p` and `z` hold K values each.
  @inline(__always)
  public static func rw(
    p: UnsafePointer<Double>, z: UnsafePointer<Double>, classCount k: Int,
    into out: UnsafeMutablePointer<Double>
  ) {
    for a in 0..<k {
      let za = z[a]
      var s = 0.0
      for b in 0..<k where b != a { s += p[b] * (za - z[b]) }
      out[a] = p[a] * s
    }
  }

  /// `dl/dX_k` for one voxel from arrays (tests and small callers).
  public static func rw(p: [Double], z: [Double]) -> [Double] {
    precondition(p.count == z.count)
    var out = [Double](repeating: 0, count: p.count)
    p.withUnsafeBufferPointer { pp in
      z.withUnsafeBufferPointer { zp in
        out.withUnsafeMutableBufferPointer { o in
          guard let pb = pp.baseAddress, let zb = zp.baseAddress, let ob = o.baseAddress else {
            return
          }
          rw(p: pb, z: zb, classCount: p.count, into: ob)
        }
      }
    }
    return out
  }
}
