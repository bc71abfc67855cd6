/// A dataset: the cases found in a folder layout or a manifest, with what could not be matched.
public struct Dataset: Equatable, Sendable {
  /// How the cases were found: a layout name and the path given.
  public var source: String
  /// The cases, sorted by id.
  public var cases: [DatasetCase]
  /// nnU-Net's dataset.json (label names, channel names), when there is one.
  public var labelFile: String?
  /// Files and cases that could not be matched, or matched more than one way. Never guessed.
  public var problems: [DatasetProblem]

  public init(
    source: String, cases: [DatasetCase], labelFile: String? = nil, problems: [DatasetProblem] = []
  ) {
    self.source = source
    self.cases = cases.sorted { $0.id < $1.id }
    self.labelFile = labelFile
    self.problems = problems
  }

  /// The case with this id.
  public func `case`(_ id: String) -> DatasetCase? { cases.first { $0.id == id } }

  /// The problems of one kind.
  public func problems(_ kind: DatasetProblem.Kind) -> [DatasetProblem] {
    problems.filter { $0.kind == kind }
  }

  /// One line per kind of problem: the count and the first few subjects.
  public var problemSummary: [String] {
    DatasetProblem.Kind.allCases.compactMap { kind in
      let p = problems(kind)
      guard let first = p.first else { return nil }
      if p.count == 1 { return first.description }
      let shown = p.prefix(5).map(\.subject).joined(separator: ", ")
      return "\(p.count) \(kind.plural): \(shown)\(p.count > 5 ? ", …" : "") (\(first.detail))"
    }
  }
}

/// One case: its id and its files. Paths are as found (relative to the working folder when
/// the dataset was given relatively).
public struct DatasetCase: Equatable, Sendable {
  /// The case identifier (nnU-Net's CASE in CASE_0000.nii.gz and CASE.nii.gz).
  public var id: String
  /// The image channels in channel order (_0000, _0001, …); may be empty.
  public var images: [String]
  /// The ground-truth label map.
  public var labels: String?
  /// The prediction: probabilities (.npz or NIfTI), logits or a label map.
  public var prediction: String?
  /// The segmentation written beside a probability file (nnU-Net's CASE.nii.gz beside
  /// CASE.npz, MONAI's _seg beside _prob): it lends an `.npz` its grid.
  public var predictionSegmentation: String?

  public init(
    id: String, images: [String] = [], labels: String? = nil, prediction: String? = nil,
    predictionSegmentation: String? = nil
  ) {
    self.id = id
    self.images = images
    self.labels = labels
    self.prediction = prediction
    self.predictionSegmentation = predictionSegmentation
  }

  /// Every file of the case (inputs a writer must never replace).
  public var files: [String] {
    images + [labels, prediction, predictionSegmentation].compactMap { $0 }
  }
}

/// A case or file that discovery could not match, or could match more than one way.
public struct DatasetProblem: Equatable, Sendable, CustomStringConvertible {
  /// What went wrong.
  public enum Kind: String, CaseIterable, Sendable {
    case noLabels, noImage, noPrediction, unmatched, ambiguous, missingChannel, missingFile

    /// "cases without labels" etc., for summaries.
    var plural: String {
      switch self {
      case .noLabels: "cases without labels"
      case .noImage: "cases without images"
      case .noPrediction: "cases without a prediction"
      case .unmatched: "files matching no case"
      case .ambiguous: "cases with several candidate files"
      case .missingChannel: "cases missing an image channel"
      case .missingFile: "missing files"
      }
    }
  }

  public var kind: Kind
  /// The case id or the file.
  public var subject: String
  /// The problem, in one line.
  public var detail: String

  public init(_ kind: Kind, _ subject: String, _ detail: String) {
    self.kind = kind
    self.subject = subject
    self.detail = detail
  }

  public var description: String { "\(subject): \(detail)" }
}
