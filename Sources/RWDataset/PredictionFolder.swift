import RWSystem

/// Matches a folder of predictions to a dataset's cases by case id.
///
/// Recognised layouts:
/// - nnU-Net v2 (`nnUNetv2_predict -o DIR`, a fold's `validation/`): `CASE.nii.gz`, with
///   `CASE.npz` (probabilities) beside it when run with `--save_probabilities` / `--npz`; the
///   folder's `.json` and `.pkl` files are ignored.
/// - MONAI `SaveImage`: `CASE_seg.nii.gz` (or another postfix: `_pred`, `_trans`, …) flat or in
///   a `CASE/` subfolder (`separate_folder`); probabilities named `_prob`, `_probs`,
///   `_probabilities` or `_softmax`. MONAI names the output after the input image, so a trailing
///   `_0000` channel suffix is accepted too.
///
/// A case's prediction is its probabilities when there are any, else its segmentation; the
/// segmentation is kept beside probabilities as their geometry. Two candidates for one role
/// make the case ambiguous: it is listed as a problem and gets no prediction.
public enum PredictionFolder {
  /// Postfixes of probability files.
  static let probabilityPostfixes = ["prob", "probs", "probabilities", "softmax"]
  /// Postfixes of segmentation files.
  static let segmentationPostfixes = ["seg", "pred", "prediction", "trans", "segmentation"]

  /// The prediction files of `dir` and its direct subfolders (MONAI's `CASE/` folders).
  static func candidates(_ dir: String) -> [String] {
    let keep: (String) -> Bool = { FileNames.isNIfTI($0) || FileNames.isNPZ($0) }
    var out = FolderListing.files(dir, keep)
    for sub in FolderListing.names(dir) where FolderListing.isFolder(FileNames.join(dir, sub)) {
      out += FolderListing.files(FileNames.join(dir, sub), keep)
    }
    return out
  }

  /// Ids a prediction file may belong to, most specific first, and whether it holds
  /// probabilities.
  static func ids(of file: String) -> (ids: [String], probabilities: Bool) {
    let stem = FileNames.stem(FileNames.base(file))
    var ids = [stem]
    var probs = FileNames.isNPZ(file)
    if let u = stem.lastIndex(of: "_") {
      let post = stem[stem.index(after: u)...].lowercased()
      if probabilityPostfixes.contains(post) || segmentationPostfixes.contains(post) {
        let id = String(stem[..<u])
        ids.append(id)
        if NNUNetRaw.channelSplit(id) != nil { ids.append(String(id.dropLast(5))) }
        probs = probs || probabilityPostfixes.contains(post)
      }
    }
    return (ids, probs)
  }

  /// Attaches the predictions in `dir` to the cases of `dataset`. Cases without a prediction,
  /// files matching no case, and ambiguous cases are added to the problems.
  public static func attach(_ dir: String, to dataset: Dataset) throws(DatasetError) -> Dataset {
    guard FolderListing.isFolder(dir) else {
      throw DatasetError(
        dir,
        FolderListing.exists(dir) ? "is a file, expected a folder of predictions" : "no such folder"
      )
    }
    let known = Set(dataset.cases.map(\.id))
    var probs: [String: [String]] = [:]
    var segs: [String: [String]] = [:]
    var problems = dataset.problems
    for f in candidates(dir) {
      let (ids, isProb) = ids(of: f)
      guard let id = ids.first(where: known.contains) else {
        problems.append(DatasetProblem(.unmatched, f, "matches no case with labels"))
        continue
      }
      if isProb { probs[id, default: []].append(f) } else { segs[id, default: []].append(f) }
    }
    var cases: [DatasetCase] = []
    for var c in dataset.cases {
      let p = probs[c.id] ?? []
      let s = segs[c.id] ?? []
      if p.count > 1 || s.count > 1 {
        let files = (p.count > 1 ? p : s).joined(separator: ", ")
        problems.append(DatasetProblem(.ambiguous, c.id, "several predictions: \(files)"))
      } else if let prob = p.first {
        c.prediction = prob
        c.predictionSegmentation = s.first
      } else if let seg = s.first {
        c.prediction = seg
      } else {
        problems.append(DatasetProblem(.noPrediction, c.id, "no prediction in \(dir)"))
      }
      cases.append(c)
    }
    var out = dataset
    out.cases = cases
    out.source += ", predictions \(dir)"
    out.problems = problems
    return out
  }
}
