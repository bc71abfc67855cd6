import RWNIfTI
import RWSystem

/// Finds the image, labels and prediction of a single-case folder by common names.
///
/// Recognised: files whose names carry `_gt`, `_seg`, `segmentation`, `_label(s)`,
/// `_mask`/`_msk` (labels) or `_pred`, `_prob(s)`, `_softmax`, `prediction` (prediction). The
/// image is a file named `_0000`, `_image`/`_img` or a modality (`t1`, `t2`, `flair`, `ct`),
/// or otherwise the largest remaining file. Dataset layouts (nnU-Net, manifests) are
/// `DatasetDiscovery`'s: a folder holding several cases is never reduced to its first case.
public enum CaseDiscovery {
  enum Role { case image, labels, prediction }

  static func role(of name: String) -> Role {
    let st = FileNames.stem(name).lowercased()
    let t = Set(FileNames.tokens(st))
    let predictionWords: Set = [
      "pred", "preds", "prob", "probs", "probabilities", "softmax", "prediction", "predictions",
      "logits",
    ]
    if !t.isDisjoint(with: predictionWords) { return .prediction }
    let labelWords: Set = [
      "gt", "seg", "segs", "label", "labels", "mask", "msk", "truth", "groundtruth", "annotation",
    ]
    if !t.isDisjoint(with: labelWords) || st.contains("segmentation") || st.hasSuffix("seg")
      || st.hasSuffix("labels")
    {
      return .labels
    }
    return .image
  }

  /// Searches the case folder `dir`; throws a one-line error when no image is found.
  public static func find(in dir: String) throws(DatasetError) -> DatasetCase {
    let base = dir.hasSuffix("/") && dir.count > 1 ? String(dir.dropLast()) : dir
    let names = FolderListing.names(base).filter { FileNames.isNIfTI($0) || FileNames.isNPZ($0) }
      .filter { !FolderListing.isFolder(FileNames.join(base, $0)) }
    var images: [String] = []
    var labels: [String] = []
    var preds: [String] = []
    for n in names {
      if FileNames.isNPZ(n) {
        preds.append(n)
        continue
      }
      switch role(of: n) {
      case .image: images.append(n)
      case .labels: labels.append(n)
      case .prediction: preds.append(n)
      }
    }
    let preferred = images.first { n in
      let t = FileNames.tokens(FileNames.stem(n))
      let modality: Set = ["image", "img", "t1", "t1w", "t2", "t2w", "flair", "ct", "anat", "mri"]
      return t.last == "0000" || !Set(t).isDisjoint(with: modality)
    }
    let largest = images.max {
      FolderListing.size(FileNames.join(base, $0)) < FolderListing.size(FileNames.join(base, $1))
    }
    guard let image = preferred ?? largest else {
      if names.isEmpty, let p = DICOMFolder.problem(base) { throw DatasetError(dir, p) }
      let found = names.joined(separator: ", ")
      throw DatasetError(
        dir,
        names.isEmpty
          ? "no NIfTI files (.nii, .nii.gz, .hdr) in this folder"
          : "no image among \(found) (name it *_0000 or *_image)")
    }
    // Prefer overlays sharing the image's case prefix.
    let prefix = FileNames.tokens(FileNames.stem(image)).first ?? ""
    func pick(_ c: [String]) -> String? {
      (c.first { FileNames.tokens(FileNames.stem($0)).first == prefix } ?? c.first).map {
        FileNames.join(base, $0)
      }
    }
    let pred = pick(preds)
    var seg: String? = nil
    if let p = pred, FileNames.isNPZ(p) { seg = NNUNetProbabilities.segmentationBeside(p) }
    return DatasetCase(
      id: FileNames.stem(image), images: [FileNames.join(base, image)], labels: pick(labels),
      prediction: pred,
      predictionSegmentation: seg)
  }
}

extension DatasetCase {
  /// "image X, labels Y, prediction Z" for the user.
  public var summary: String {
    var parts = [images.first.map { "image \($0)" } ?? "no image"]
    if images.count > 1 { parts[0] += " (+\(images.count - 1) channels)" }
    parts.append(labels.map { "labels \($0)" } ?? "no labels")
    parts.append(prediction.map { "prediction \($0)" } ?? "no prediction")
    return parts.joined(separator: ", ")
  }
}
