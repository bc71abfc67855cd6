import Foundation
import RWNIfTI
import RWSystem
import RWVolume

/// nnU-Net's probability files: `CASE.npz` holding `probabilities` of shape (C, z, y, x).
///
/// nnU-Net v2 writes them with `np.savez_compressed(CASE.npz, probabilities=P)` beside the
/// segmentation `CASE.nii.gz` (`nnUNetv2_predict --save_probabilities`, or the trainer's
/// `validation/` folder with `--npz`). P is float16 or float32 in the array order of nnU-Net's
/// readers, which is SimpleITK's: the NIfTI axes reversed. A C-order (C, z, y, x) array is
/// therefore already the NIfTI layout of an (x, y, z, C) volume. The `.npz` has no geometry:
/// it is taken from a NIfTI on the same grid (the segmentation beside it, or the labels).
public enum NNUNetProbabilities {
  /// The array nnU-Net stores.
  public static let arrayName = "probabilities"

  /// Loads `path` as an (x, y, z, C) volume on the grid of `reference`.
  public static func load(path: String, reference: String, maxBytes: Int = NPZ.defaultMaxBytes)
    throws -> (volume: Volume, warnings: [String])
  {
    let ref = try NIfTI.loadGrid(path: reference)
    let array = try NPZ.readArray(path: path, name: arrayName, maxBytes: maxBytes)
    let volume = try volume(array, path: path, grid: ref.grid, reference: reference)
    return (volume, [])
  }

  /// Checks the (C, z, y, x) shape against `grid` and wraps the values.
  public static func volume(_ a: NPZ.Array, path: String, grid: VoxelGrid, reference: String)
    throws(DatasetError) -> Volume
  {
    let s = a.header.shape
    let dims = grid.dims
    let want = "(C, \(dims[2]), \(dims[1]), \(dims[0]))"
    guard s.count == 4 else {
      throw DatasetError(
        path,
        "\(arrayName) has shape \(NPYHeader.shapeText(s)); expected 4 axes (C, z, y, x),"
          + " here \(want) for the grid of \(reference)")
    }
    guard s[0] >= 1 else {
      throw DatasetError(path, "\(arrayName) has no classes (shape \(NPYHeader.shapeText(s)))")
    }
    guard [s[3], s[2], s[1]] == dims else {
      let hint =
        Array(s[1...3]) == dims
        ? " (it looks like NIfTI axis order; nnU-Net stores (C, z, y, x))" : ""
      throw DatasetError(
        path,
        "\(arrayName) has shape \(NPYHeader.shapeText(s)), expected \(want) to match"
          + " \(reference) (\(dims[0])x\(dims[1])x\(dims[2]))\(hint)")
    }
    return Volume(grid: grid, shape: dims + [s[0]], data: a.values)
  }

  /// The segmentation nnU-Net writes beside `CASE.npz`: `CASE` with a NIfTI ending in the
  /// same folder, or nil.
  public static func segmentationBeside(_ npz: String) -> String? {
    guard npz.lowercased().hasSuffix(".npz") else { return nil }
    let base = String(npz.dropLast(4))
    for ext in FileNames.niftiEndings {
      let p = base + ext
      if FileManager.default.fileExists(atPath: p) { return p }
    }
    return nil
  }
}

extension NPZ {
  /// The most Float storage one array may take: what `MemoryBudget` says may still be
  /// allocated (available memory, or `--max-memory`), else half the machine's memory.
  public static var defaultMaxBytes: Int {
    MemoryBudget.available()?.bytes ?? Int(clamping: ProcessInfo.processInfo.physicalMemory / 2)
  }
}
