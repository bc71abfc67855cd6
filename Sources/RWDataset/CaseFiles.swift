import RWNIfTI
import RWVolume

/// Loading the files of a case: NIfTI volumes, and nnU-Net `.npz` probabilities on a grid lent
/// by a NIfTI (the segmentation beside them, else the labels).
public enum CaseFiles {
  /// Loads a volume file. For an `.npz`, `reference` (usually the labels) gives the grid when
  /// no segmentation lies beside it.
  public static func loadVolume(path: String, reference: String?) throws -> (
    volume: Volume, warnings: [String]
  ) {
    guard FileNames.isNPZ(path) else { return try NIfTI.loadVolume(path: path) }
    guard let ref = NNUNetProbabilities.segmentationBeside(path) ?? reference else {
      throw DatasetError(
        path,
        "an .npz holds no geometry: put the segmentation \(FileNames.stem(FileNames.base(path))).nii.gz"
          + " beside it, or give the labels (--gt)")
    }
    return try NNUNetProbabilities.load(path: path, reference: ref)
  }
}
