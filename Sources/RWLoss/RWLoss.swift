/// The loss core of rwview: exact distance transforms, region-wise maps, losses, the stability
/// principle and segmentation metrics, after Valverde & Tohka (Pattern Recognition 2023).
///
/// It does no file or terminal I/O.
public enum RWLossCore {
  /// Version of the loss core.
  public static let version = "0.1.0"
}
