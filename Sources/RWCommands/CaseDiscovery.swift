import Foundation

/// Finds the image, labels and prediction of a case folder by common names.
///
/// Recognised: nnU-Net's `imagesTr`/`labelsTr` (and `imagesTs`/`labelsTs`) with the `_0000`
/// channel suffix; files whose names carry `_gt`, `_seg`, `segmentation`, `_label(s)`,
/// `_mask`/`_msk` (labels) or `_pred`, `_prob(s)`, `_softmax`, `prediction` (prediction). The
/// image is a file named `_0000`, `_image`/`_img` or a modality (`t1`, `t2`, `flair`, `ct`),
/// or otherwise the largest remaining file.
public struct CaseDiscovery: Equatable, Sendable {
  public var image: String
  public var labels: String?
  public var prediction: String?

  /// NIfTI file names.
  static func isNIfTI(_ name: String) -> Bool {
    let l = name.lowercased()
    return l.hasSuffix(".nii") || l.hasSuffix(".nii.gz") || l.hasSuffix(".hdr") || l.hasSuffix(".hdr.gz")
  }

  /// The name without its NIfTI extension.
  static func stem(_ name: String) -> String {
    for ext in [".nii.gz", ".hdr.gz", ".nii", ".hdr"] where name.lowercased().hasSuffix(ext) {
      return String(name.dropLast(ext.count))
    }
    return name
  }

  /// Lower-case name tokens split at `_`, `-`, `.` and spaces.
  static func tokens(_ stem: String) -> [String] {
    stem.lowercased().split(whereSeparator: { "_-. ".contains($0) }).map(String.init)
  }

  enum Role { case image, labels, prediction }

  static func role(of name: String) -> Role {
    let st = stem(name).lowercased()
    let t = Set(tokens(st))
    if !t.isDisjoint(with: ["pred", "preds", "prob", "probs", "probabilities", "softmax", "prediction", "predictions", "logits"]) {
      return .prediction
    }
    if !t.isDisjoint(with: ["gt", "seg", "segs", "label", "labels", "mask", "msk", "truth", "groundtruth", "annotation"])
      || st.contains("segmentation") || st.hasSuffix("seg") || st.hasSuffix("labels")
    {
      return .labels
    }
    return .image
  }

  /// Searches `dir`; throws a one-line error when no image is found.
  public static func find(in dir: String) throws -> CaseDiscovery {
    let fm = FileManager.default
    func list(_ d: String) -> [String] {
      ((try? fm.contentsOfDirectory(atPath: d)) ?? []).filter { isNIfTI($0) && !$0.hasPrefix(".") }.sorted()
    }
    func size(_ p: String) -> Int { ((try? fm.attributesOfItem(atPath: p))?[.size] as? NSNumber)?.intValue ?? 0 }
    let base = dir.hasSuffix("/") ? String(dir.dropLast()) : dir
    // nnU-Net raw dataset layout.
    for (imgDir, labDir) in [("imagesTr", "labelsTr"), ("imagesTs", "labelsTs")] {
      let images = list(base + "/" + imgDir).filter { stem($0).hasSuffix("_0000") }
      guard let first = images.first else { continue }
      let caseID = String(stem(first).dropLast(5))
      let labelNames = list(base + "/" + labDir)
      let label = labelNames.first { stem($0) == caseID }.map { base + "/" + labDir + "/" + $0 }
      var pred: String?
      for pd in ["predictionsTr", "predictions", "pred", "predsTr"] {
        if let p = list(base + "/" + pd).first(where: { stem($0) == caseID || stem($0).hasPrefix(caseID + "_") }) {
          pred = base + "/" + pd + "/" + p
          break
        }
      }
      return CaseDiscovery(image: base + "/" + imgDir + "/" + first, labels: label, prediction: pred)
    }
    let names = list(base)
    var images: [String] = [], labels: [String] = [], preds: [String] = []
    for n in names {
      switch role(of: n) {
      case .image: images.append(n)
      case .labels: labels.append(n)
      case .prediction: preds.append(n)
      }
    }
    let preferred = images.first { n in
      let t = tokens(stem(n))
      return t.last == "0000" || !Set(t).isDisjoint(with: ["image", "img", "t1", "t1w", "t2", "t2w", "flair", "ct", "anat", "mri"])
    }
    guard let image = preferred ?? images.max(by: { size(base + "/" + $0) < size(base + "/" + $1) }) else {
      throw CaseDiscoveryError(dir: dir, found: names)
    }
    // Prefer overlays sharing the image's case prefix.
    let prefix = tokens(stem(image)).first ?? ""
    func pick(_ c: [String]) -> String? { (c.first { tokens(stem($0)).first == prefix } ?? c.first).map { base + "/" + $0 } }
    return CaseDiscovery(image: base + "/" + image, labels: pick(labels), prediction: pick(preds))
  }

  /// "image X, labels Y, prediction Z" for the user.
  public var summary: String {
    var parts = ["image \(image)"]
    parts.append(labels.map { "labels \($0)" } ?? "no labels")
    parts.append(prediction.map { "prediction \($0)" } ?? "no prediction")
    return parts.joined(separator: ", ")
  }
}

/// No image in a case folder.
public struct CaseDiscoveryError: Error, CustomStringConvertible {
  public var dir: String
  public var found: [String]
  public var description: String {
    found.isEmpty
      ? "\(dir): no NIfTI files (.nii, .nii.gz, .hdr) in this folder"
      : "\(dir): no image among \(found.joined(separator: ", ")) (name it *_0000 or *_image)"
  }
}
