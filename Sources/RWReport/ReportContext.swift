import RWLoss

/// What a report was computed from, beyond its numbers: the input files, how the prediction was
/// read, the options as given, and each class's original label value and name.
public struct ReportContext: Sendable, Equatable {
  /// One class of the report.
  public struct ClassInfo: Sendable, Equatable {
    /// The label value in the files (equals the class index unless values were remapped).
    public var value: Int
    /// The class name from a label table, if any.
    public var name: String?

    /// A class with its label value and name.
    public init(value: Int, name: String? = nil) {
      self.value = value
      self.name = name
    }
  }

  /// The ground-truth file.
  public var labelsPath: String?
  /// The prediction file.
  public var predictionPath: String?
  /// How the prediction was read (the one kind rule's outcome).
  public var readAs: PredictionKind?
  /// The kind asked for (nil: detected).
  public var forcedKind: PredictionKind?
  /// The class count asked for (nil: from the data).
  public var classesOption: Int?
  /// Class k at index k.
  public var classes: [ClassInfo]
  /// Notices about the inputs (reorientation, how the prediction was read).
  public var notes: [String]

  /// A context; `classes` defaults to the identity values without names for `classCount`.
  public init(
    labelsPath: String? = nil, predictionPath: String? = nil, readAs: PredictionKind? = nil,
    forcedKind: PredictionKind? = nil, classesOption: Int? = nil, classes: [ClassInfo] = [],
    notes: [String] = []
  ) {
    self.labelsPath = labelsPath
    self.predictionPath = predictionPath
    self.readAs = readAs
    self.forcedKind = forcedKind
    self.classesOption = classesOption
    self.classes = classes
    self.notes = notes
  }

  /// Class k's info (identity value, no name, when the context has none for it).
  public func info(_ k: Int) -> ClassInfo {
    k >= 0 && k < classes.count ? classes[k] : ClassInfo(value: k)
  }
}
