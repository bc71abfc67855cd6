/// Float-to-integer conversions that cannot trap: NaN gives 0, values beyond the integer
/// type's range give its nearest bound. Swift's `Int(_: Double)` traps on both, so every
/// conversion of a value that comes from data (voxels, affines, windows, legends) goes
/// through these.
extension Int {
  /// `x` rounded toward zero, clamped to `Int.min...Int.max` (NaN: 0).
  @inline(__always)
  public init(saturating x: Double) {
    if x.isNaN {
      self = 0
    } else if x >= 9_223_372_036_854_775_807.0 {  // 2^63: the first Double past Int.max
      self = .max
    } else if x <= -9_223_372_036_854_775_808.0 {
      self = .min
    } else {
      self = Int(x)
    }
  }

  /// `x` rounded toward zero, clamped (NaN: 0).
  @inline(__always)
  public init(saturating x: Float) { self.init(saturating: Double(x)) }
}

extension Int32 {
  /// `x` rounded toward zero, clamped to `Int32.min...Int32.max` (NaN: 0).
  @inline(__always)
  public init(saturating x: Double) {
    if x.isNaN {
      self = 0
    } else if x >= 2_147_483_647 {
      self = .max
    } else if x <= -2_147_483_648 {
      self = .min
    } else {
      self = Int32(x)
    }
  }
}
