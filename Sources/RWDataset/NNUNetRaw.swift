import Foundation
import RWSystem

/// nnU-Net v2's raw dataset layout:
///
///     Dataset001_X/
///     ├── dataset.json   {"channel_names": {"0": "T2"}, "labels": {"background": 0, …},
///     │                   "numTraining": N, "file_ending": ".nii.gz"}
///     ├── imagesTr/      CASE_0000.nii.gz, CASE_0001.nii.gz, … (one file per channel)
///     ├── imagesTs/      (optional) test images, same naming
///     └── labelsTr/      CASE.nii.gz
///
/// Opened at the root (training cases) or at one of the folders (`imagesTr/` finds
/// `../labelsTr`, `imagesTs/` finds `../labelsTs` when there is one).
public enum NNUNetRaw {
  /// The split folders: images and labels of the training and test sets.
  static let splits = [("imagesTr", "labelsTr"), ("imagesTs", "labelsTs")]

  /// The root and split when `path` is an nnU-Net raw dataset or one of its folders.
  public static func locate(_ path: String) -> (root: String, images: String, labels: String)? {
    var p = path
    while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
    let name = FileNames.base(p)
    for (img, lab) in splits where name == img || name == lab {
      return (FileNames.folder(p), img, lab)
    }
    let markers = ["imagesTr", "labelsTr"].filter { FolderListing.isFolder(FileNames.join(p, $0)) }
    guard !markers.isEmpty else { return nil }
    return (p, "imagesTr", "labelsTr")
  }

  /// The metadata rwview uses from dataset.json.
  struct Metadata {
    var fileEnding = ".nii.gz"
    var channels: [String] = []
  }

  /// Reads dataset.json (absent: defaults); one-line errors for JSON that is not an object.
  static func metadata(_ path: String) throws(DatasetError) -> Metadata {
    var m = Metadata()
    guard FileSystem.exists(path) else { return m }
    let data: Data
    do {
      data = Data(try ReadableFile.contents(of: path))  // recorded as an input: never overwritten
    } catch {
      throw DatasetError(path, error.problem)
    }
    guard let obj = try? JSONSerialization.jsonObject(with: data), let d = obj as? [String: Any]
    else {
      throw DatasetError(path, "is not a JSON object")
    }
    if let e = d["file_ending"] as? String { m.fileEnding = e }
    let names = (d["channel_names"] ?? d["modality"]) as? [String: Any] ?? [:]
    let keys = names.keys.compactMap { Int($0) }.sorted()
    m.channels = keys.map { "\(names[String($0)] ?? $0)" }
    return m
  }

  /// Discovers the cases of the dataset at or around `path`.
  public static func discover(_ path: String) throws(DatasetError) -> Dataset? {
    guard let (root, imgName, labName) = locate(path) else { return nil }
    let jsonPath = FileNames.join(root, "dataset.json")
    let meta = try metadata(jsonPath)
    guard FileNames.isNIfTI("x" + meta.fileEnding) else {
      throw DatasetError(
        jsonPath, "file_ending \(meta.fileEnding): rwview reads NIfTI (.nii, .nii.gz) only")
    }
    let imgDir = FileNames.join(root, imgName)
    let labDir = FileNames.join(root, labName)
    let hasImages = FolderListing.isFolder(imgDir)
    let hasLabels = FolderListing.isFolder(labDir)
    guard hasImages || hasLabels else {
      throw DatasetError(path, "an nnU-Net dataset needs \(imgName)/ or \(labName)/")
    }
    var problems: [DatasetProblem] = []
    let ending = meta.fileEnding.lowercased()
    let isData: (String) -> Bool = { $0.lowercased().hasSuffix(ending) }
    // Images: CASE_XXXX<ending>, grouped by CASE.
    var channels: [String: [(Int, String)]] = [:]
    for f in FolderListing.files(imgDir, isData) {
      let stem = String(FileNames.base(f).dropLast(ending.count))
      guard let (id, ch) = channelSplit(stem) else {
        problems.append(
          DatasetProblem(
            .unmatched, f, "not named CASE_XXXX\(meta.fileEnding) (XXXX: the 4-digit channel)"))
        continue
      }
      channels[id, default: []].append((ch, f))
    }
    var labels: [String: String] = [:]
    for f in FolderListing.files(labDir, isData) {
      labels[String(FileNames.base(f).dropLast(ending.count))] = f
    }
    let expected = meta.channels.count
    var cases: [DatasetCase] = []
    for id in Set(channels.keys).union(labels.keys) {
      let chans = (channels[id] ?? []).sorted { $0.0 < $1.0 }
      if hasImages && chans.isEmpty {
        problems.append(
          DatasetProblem(
            .noImage, id, "\(labName)/\(id)\(meta.fileEnding) has no image in \(imgName)/"))
      }
      if !chans.isEmpty && expected > 0 {
        let have = Set(chans.map(\.0))
        let missing = (0..<expected).filter { !have.contains($0) }
        if !missing.isEmpty {
          let names = missing.map { String(format: "_%04d", $0) }.joined(separator: ", ")
          problems.append(
            DatasetProblem(
              .missingChannel, id, "no \(names) image (dataset.json lists \(expected) channels)"))
        }
      }
      if hasLabels && labels[id] == nil && !chans.isEmpty {
        problems.append(DatasetProblem(.noLabels, id, "no \(labName)/\(id)\(meta.fileEnding)"))
      }
      cases.append(DatasetCase(id: id, images: chans.map(\.1), labels: labels[id]))
    }
    let json = FolderListing.exists(jsonPath) ? jsonPath : nil
    return Dataset(
      source: "nnU-Net raw dataset \(root) (\(imgName), \(labName))", cases: cases, labelFile: json,
      problems: problems.sorted { $0.subject < $1.subject })
  }

  /// "CASE_0003" → ("CASE", 3); nil without a `_` and four digits at the end.
  static func channelSplit(_ stem: String) -> (String, Int)? {
    let u = Array(stem.utf8)
    guard u.count >= 6, u[u.count - 5] == UInt8(ascii: "_") else { return nil }
    var n = 0
    for c in u[(u.count - 4)...] {
      guard c >= 0x30 && c <= 0x39 else { return nil }
      n = n * 10 + Int(c - 0x30)
    }
    return (String(stem.dropLast(5)), n)
  }
}
