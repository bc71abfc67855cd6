/// Per-pixel alpha compositing of layers.
public enum Compositing {
  /// `over` on top of `base` with opacity `alpha` (0: base, 1: over), rounded per channel.
  @inline(__always)
  public static func blend(_ base: RGB, _ over: RGB, _ alpha: Float) -> RGB {
    blend(base, over, alpha256: alpha256(alpha))
  }

  /// An opacity in 0...1 (clamped) as the 0...256 integer the hot loops use.
  @inline(__always)
  public static func alpha256(_ alpha: Float) -> Int { Int(max(0, min(1, alpha)) * 256 + 0.5) }

  /// `blend` with the opacity in 0...256 (256 is opaque), integer-only for hot loops.
  @inline(__always)
  public static func blend(_ base: RGB, _ over: RGB, alpha256 a: Int) -> RGB {
    let b = 256 - a
    return RGB(
      UInt8((Int(base.r) * b + Int(over.r) * a + 128) >> 8),
      UInt8((Int(base.g) * b + Int(over.g) * a + 128) >> 8),
      UInt8((Int(base.b) * b + Int(over.b) * a + 128) >> 8))
  }
}

/// `over` on top of `base` with opacity `alpha` in 0...1.
@inline(__always)
public func blend(_ base: RGB, _ over: RGB, _ alpha: Float) -> RGB {
  Compositing.blend(base, over, alpha)
}
