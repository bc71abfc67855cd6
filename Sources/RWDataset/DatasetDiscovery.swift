import RWSystem

/// The one entry to dataset discovery: which layout a path is, and its cases.
public enum DatasetDiscovery {
  /// The dataset at `path`: an nnU-Net raw dataset (root or one of its folders) or a manifest
  /// (.csv, or .json other than nnU-Net's dataset.json). Nil for a folder that is neither (a
  /// single-case folder: `CaseDiscovery`).
  public static func open(_ path: String) throws(DatasetError) -> Dataset? {
    let lower = path.lowercased()
    if !FolderListing.isFolder(path) {
      guard FolderListing.exists(path) else { throw DatasetError(path, "no such file or folder") }
      if FileNames.base(lower) == "dataset.json" {
        return try NNUNetRaw.discover(FileNames.folder(path))
      }
      if lower.hasSuffix(".csv") || lower.hasSuffix(".json") { return try Manifest.load(path) }
      return nil
    }
    return try NNUNetRaw.discover(path)
  }

  /// The dataset of `--gt LABELS_DIR [--images DIR] [--pred PRED_DIR]` (or `DATASET --pred
  /// PRED_DIR` with `root` the dataset). Predictions are matched by case id.
  public static func pairs(root: String?, labels: String?, images: String?, predictions: String?)
    throws(DatasetError) -> Dataset
  {
    var ds: Dataset
    if let root {
      guard let d = try open(root) else {
        throw DatasetError(
          root, "is not a dataset (an nnU-Net raw dataset or a .csv/.json manifest)")
      }
      ds = d
    } else if let labels {
      ds = try FolderPairs.discover(labels: labels, images: images)
    } else {
      throw DatasetError("--gt", "a dataset needs a labels folder (--gt DIR) or a dataset root")
    }
    if let predictions { ds = try PredictionFolder.attach(predictions, to: ds) }
    return ds
  }
}
