/// The loss core of rwview: exact distance transforms, region-wise maps, losses, the stability
/// principle and segmentation metrics, after Valverde & Tohka (Pattern Recognition 2023).
///
/// It does no file or terminal I/O. Layout everywhere: NIfTI order, linear index
/// `i + nx*(j + ny*k)`; K-channel data is channel-major (channel k is a block of N voxels).
///
/// Entry points:
/// - `LabelVolume(dims:spacing:labels:classes:)` / `(dims:spacing:values:classes:)`: the ground truth
///   (labels must be non-negative integers; K = max label + 1 unless given).
/// - `MapOptions` (`MapKind`, `MapGeometry`, `DistanceUnits`, int32, ratio, weights) selects a map set.
/// - `MapEngine(labels:options:)`: thread-safe, cached. `sliceChannel(class:axis:index:)` for the
///   visible slice (cheap in 2D geometry), `channel(class:progress:isCancelled:)` for a whole
///   channel, `writeAll(into:progress:isCancelled:)` for the (X,Y,Z,K) set, `flags(class:domain:)`
///   for the reference quirks, `rwProfiles(prediction:)` for per-slice loss sums on all axes,
///   `evaluate(prediction:progress:isCancelled:)` for the full `LossField`,
///   `sliceStatistics(prediction:axis:index:)` for one slice's `SliceStatistics`,
///   `gradient(prediction:)` for `dl/dX`.
/// - `Prediction` (probabilities, logits with softmax, or a label map; `Prediction.make` detects).
/// - `StatsReport.make(labels:prediction:options:sliceAxis:)`: the numbers of a prediction
///   (their text and JSON are the RWReport module's).
/// - `SegmentationMetrics.compute(reference:prediction:dims:spacing:classes:)`.
/// - `EDT.squaredDistances(keys:out:dims:axes:spacing:parallel:)`: the exact multi-label EDT.
public enum RWLossCore {
  /// Version of the loss core.
  public static let version = "0.1.0"
}
