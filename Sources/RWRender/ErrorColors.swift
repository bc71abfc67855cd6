/// Colour-blind-safe colours (Okabe–Ito) for agreement between ground truth and prediction.
public enum ErrorColors {
  /// True positive: bluish green.
  public static let truePositive = RGB(0, 158, 115)
  /// False positive (predicted, not in ground truth): vermillion.
  public static let falsePositive = RGB(213, 94, 0)
  /// False negative (in ground truth, missed): blue.
  public static let falseNegative = RGB(0, 114, 178)
}
