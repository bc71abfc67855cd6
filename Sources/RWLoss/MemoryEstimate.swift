import RWSystem

/// Bytes the loss core's commands will allocate, estimated before anything sized by K or by
/// the volume is allocated, so that `RWSystem.MemoryBudget` can refuse with one line instead
/// of the kernel killing the process. The loss core reads no system state here.
///
/// Calibrated on peak RSS (release build, `/usr/bin/time -v`, 256×256×128 and 512×512×256 label
/// maps, 3 and 8 classes, label-map and probability predictions, the rrw and boundary maps):
/// `stats` peaked at 89–96 bytes a voxel with K = 3 and 116–120 with 8 probability channels,
/// `maps` at 24–36 bytes a voxel with K = 3 and 57 with K = 8. Whoever changes the engine's
/// footprint re-measures and updates the constants.
public enum MemoryEstimate {
  /// Bytes a voxel the evaluation (`StatsReport.make`) holds at its peak whatever K: float64
  /// working arrays, the loss and flags, the region transforms, the argmax (80 measured, + 10%).
  static let reportBytesPerVoxel = 88

  /// Bytes a voxel the map set needs besides its K float32 channels: the region's transforms.
  static let mapSetBytesPerVoxel = 18

  /// What `Prediction.make` adds to a file's `channels` values on `voxels` voxels: the float32
  /// softmax of logits (a single channel read as probabilities or logits becomes two), or one
  /// Int32 a voxel for a label map (within the two-channel figure).
  public static func prediction(voxels: Int, channels: Int) -> Int {
    MemoryBudget.bytes(voxels, max(2, channels), 4)
  }

  /// What `StatsReport.make` (the evaluation, its per-slice profiles and the argmax metrics)
  /// needs at its peak for `classes` classes on a grid of `dims`.
  public static func report(dims: [Int], classes k: Int) -> Int {
    let perVoxel = MemoryBudget.bytes(
      MemoryBudget.bytes(dims.map { max(1, $0) }), reportBytesPerVoxel)
    // Per slice along each axis and class: 12 sums of 8 bytes.
    let slices = dims.reduce(0) { MemoryBudget.sum($0, $1) }
    return MemoryBudget.sum(perVoxel, MemoryBudget.bytes(slices, max(1, k), 12 * 8))
  }

  /// What `MapEngine.allChannels` needs: the K float32 channels and the region's transforms.
  public static func mapSet(voxels: Int, classes k: Int) -> Int {
    MemoryBudget.bytes(
      voxels, MemoryBudget.sum(MemoryBudget.bytes(max(1, k), 4), mapSetBytesPerVoxel))
  }

  /// The whole peak of `rwview stats` on one case, inputs included, from the headers alone:
  /// the labels as Float and as class labels, the prediction's `predictionValues` stored values
  /// as Float (`channels` a voxel), `prediction` and `report` (K taken as the channels, at least
  /// 2). What a command checks before reading anything, and what a dataset run admits a case by.
  public static func statsCase(dims: [Int], predictionValues: Int, channels: Int) -> Int {
    let n = MemoryBudget.bytes(dims.map { max(1, $0) })
    return MemoryBudget.sum(
      MemoryBudget.bytes(n, 8), MemoryBudget.bytes(predictionValues, 4),
      prediction(voxels: n, channels: channels), report(dims: dims, classes: max(2, channels)))
  }

  /// The whole peak of `rwview maps` on labels of `dims`, the input included (as Float, as
  /// class labels and its stored bytes), for `classes` classes (at least 2).
  public static func mapsCase(dims: [Int], classes k: Int) -> Int {
    let n = MemoryBudget.bytes(dims.map { max(1, $0) })
    return MemoryBudget.sum(MemoryBudget.bytes(n, 9), mapSet(voxels: n, classes: max(2, k)))
  }

  /// "512×512×512 voxels": how a refusal names the size it estimated.
  public static func describe(dims: [Int]) -> String {
    dims.map(String.init).joined(separator: "×") + " voxels"
  }
}
