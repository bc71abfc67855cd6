import RWNIfTI
import RWSystem

/// A dataset from separate folders of labels and images (`--gt DIR [--images DIR]`), matched
/// by case id; predictions are attached by `PredictionFolder`.
///
/// Label files are `CASE.nii.gz`, or `CASE_gt`, `_label(s)`, `_seg`, `_mask`,
/// `_segmentation`; images are `CASE_XXXX` channels (nnU-Net), `CASE`, `CASE_image` or
/// `CASE_img`. Two label files for one id make it ambiguous (listed, not guessed).
public enum FolderPairs {
  static let labelPostfixes = ["gt", "label", "labels", "seg", "mask", "segmentation"]
  static let imagePostfixes = ["image", "img"]

  /// The case id of a file whose stem may carry one of `postfixes`.
  static func id(_ file: String, postfixes: [String]) -> String {
    let stem = FileNames.stem(FileNames.base(file))
    if let u = stem.lastIndex(of: "_"),
      postfixes.contains(stem[stem.index(after: u)...].lowercased())
    {
      return String(stem[..<u])
    }
    return stem
  }

  /// The cases of a labels folder and, optionally, an images folder.
  public static func discover(labels: String, images: String?) throws(DatasetError) -> Dataset {
    // An nnU-Net labelsTr/ given as --gt uses the raw layout's rules (exact ids, channels).
    if images == nil, let raw = try NNUNetRaw.discover(labels) {
      return raw
    }
    for (dir, what) in [(labels, "labels")] + (images.map { [($0, "images")] } ?? []) {
      guard FolderListing.isFolder(dir) else {
        throw DatasetError(
          dir,
          FolderListing.exists(dir) ? "is a file, expected a folder of \(what)" : "no such folder")
      }
      if FolderListing.files(dir, FileNames.isNIfTI).isEmpty, let p = DICOMFolder.problem(dir) {
        throw DatasetError(dir, p)
      }
    }
    var problems: [DatasetProblem] = []
    var byID: [String: [String]] = [:]
    for f in FolderListing.files(labels, FileNames.isNIfTI) {
      byID[id(f, postfixes: labelPostfixes), default: []].append(f)
    }
    var imgs: [String: [(Int, String)]] = [:]
    if let images {
      for f in FolderListing.files(images, FileNames.isNIfTI) {
        let stem = FileNames.stem(FileNames.base(f))
        if let (cid, ch) = NNUNetRaw.channelSplit(stem) {
          imgs[cid, default: []].append((ch, f))
        } else {
          imgs[id(f, postfixes: imagePostfixes), default: []].append((-1, f))
        }
      }
    }
    var cases: [DatasetCase] = []
    for (cid, files) in byID {
      if files.count > 1 {
        problems.append(
          DatasetProblem(.ambiguous, cid, "several label files: \(files.joined(separator: ", "))"))
        continue
      }
      var c = DatasetCase(id: cid, labels: files[0])
      if images != nil {
        let chans = (imgs[cid] ?? []).sorted { $0.0 < $1.0 }
        if chans.isEmpty {
          problems.append(DatasetProblem(.noImage, cid, "no image in \(images ?? "")"))
        } else if chans.contains(where: { $0.0 < 0 }) && chans.count > 1 {
          problems.append(
            DatasetProblem(
              .ambiguous, cid, "several images: \(chans.map(\.1).joined(separator: ", "))"))
        } else {
          c.images = chans.map(\.1)
        }
      }
      cases.append(c)
    }
    for (cid, files) in imgs where byID[cid] == nil {
      for f in files {
        problems.append(DatasetProblem(.unmatched, f.1, "image matches no label file in \(labels)"))
      }
    }
    let src = "labels \(labels)" + (images.map { ", images \($0)" } ?? "")
    return Dataset(source: src, cases: cases, problems: problems.sorted { $0.subject < $1.subject })
  }
}
