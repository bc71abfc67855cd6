/// Scalar helpers of SPEC §2 and §5.
public enum RWLossFunctions {
  /// The paper's schedule `a(e) = max((100 - e)/100, 0.01)` at epoch e.
  public static func compoundAlpha(epoch e: Double) -> Double { max((100 - e) / 100, 0.01) }

  /// `a * first + (1 - a) * rw` (Dice or CE, then the RW map loss).
  public static func compound(_ a: Double, _ first: Double, _ rw: Double) -> Double {
    a * first + (1 - a) * rw
  }

  /// Soft Dice of one class from `sum P Y`, `sum P` and `sum Y` (reference epsilon 1e-6).
  public static func softDice(pY: Double, pSum: Double, ySum: Double) -> Double {
    2 * pY / (pSum + ySum + 1e-6)
  }
}
