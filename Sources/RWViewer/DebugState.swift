import RWLoss

/// What the instability view highlights.
public enum InstabilityMode: String, Sendable, CaseIterable {
  case off
  /// Voxels violating principle A or B (SPEC §4).
  case principle
  /// `dl/dX_c` of the selected class on a diverging colour map.
  case gradient
  /// Voxels where descent raises a wrong class's logit for the current prediction.
  case raise

  /// The next mode of the cycle.
  var next: InstabilityMode {
    let all = Self.allCases
    return all[(all.firstIndex(of: self)! + 1) % all.count]
  }

  /// Short label for panels.
  public var label: String {
    switch self {
    case .off: return "off"
    case .principle: return "principle A/B violations"
    case .gradient: return "gradient dl/dX"
    case .raise: return "wrong logit raised"
    }
  }
}

/// The order of the class rows in the loss and metrics panels (`l` cycles them).
public enum ClassOrder: String, Sendable, CaseIterable {
  /// Largest |RW loss share| on the slice first (the classes that matter with many classes).
  case contribution
  /// Largest excess over the lowest reachable loss first, by true class (what training can
  /// still remove; the panel's columns switch to excess, lowest and share of the excess).
  case excess
  /// Class index.
  case classIndex

  /// The next order of the cycle (contribution, excess, class index).
  var next: ClassOrder {
    let all = Self.allCases
    return all[((all.firstIndex(of: self) ?? 0) + 1) % all.count]
  }

  /// Short label above the rows.
  public var label: String {
    switch self {
    case .contribution: return "by |RW|"
    case .excess: return "by excess"
    case .classIndex: return "by class"
    }
  }

  /// What the message line says after `l`.
  var message: String {
    switch self {
    case .contribution: return "by |RW loss| on the slice"
    case .excess: return "by excess over the lowest reachable loss (true class)"
    case .classIndex: return "by class index"
    }
  }
}

/// What the profile strip plots per slice (and what `w`/`b` rank by).
public enum ProfileMode: String, Sendable, CaseIterable {
  /// The excess of the slice's RW sum over the lowest reachable one, with CE and soft Dice loss.
  case excess
  /// The raw RW loss sum per class (mostly how much of each class a slice holds).
  case loss
  /// Principle A and B violations per true class.
  case violations

  /// The next mode of the cycle (excess, RW sum, violations).
  var next: ProfileMode {
    let all = Self.allCases
    return all[((all.firstIndex(of: self) ?? 0) + 1) % all.count]
  }
}

/// One map's loss analysis: the loss core's field and `rwview stats` report, plus the map's
/// reference quirks per domain and class.
public struct LossAnalysis: Sendable {
  public var settings: MapOptions
  public var field: LossField
  public var report: StatsReport
  /// `flags[domain * K + c]` (domains: slices along the map axis, or one for 3D).
  public var flags: [ChannelFlags]
  public var domainCount: Int
  /// False when no prediction was loaded and a uniform one stood in.
  public var hasPrediction: Bool
  /// Whether the map kind's range grows with the image (distance maps).
  public var unbounded: Bool
  /// Per axis (i, j, k), the loss core's per-slice excess by true class
  /// (`LossField.excessByTruth`, `s * K + c`); nil without per-voxel loss.
  public var excessByTruth: [[Double]?] = [nil, nil, nil]

  /// The channel flags of class c in a domain.
  public func flags(domain d: Int, class c: Int) -> ChannelFlags {
    let k = field.classCount
    guard d >= 0 && d < domainCount && c >= 0 && c < k else { return [] }
    return flags[d * k + c]
  }
}

/// Per-slice results that need their own computation: 2D metrics and the selected class's gradient.
public struct SliceExtras: Sendable {
  public var key: SliceKey
  /// Dice, IoU, HD95 and volumes per class within the slice (nil without a prediction).
  public var metrics: [ClassMetrics]?
  /// `dl/dX_c` on the slice for the main map and, in compare mode, the compare map.
  public var gradient: [Double]?
  public var compareGradient: [Double]?
  /// The main map's loss numbers of the slice alone (`MapEngine.sliceStatistics`).
  public var loss: SliceStatistics?
}

/// What a slice computation was asked for.
public struct SliceKey: Equatable, Sendable {
  public var axis: Int
  public var index: Int
  public var selectedClass: Int
  public var main: MapOptions
  public var compare: MapOptions?
  public var wantsMetrics: Bool
  public var wantsGradient: Bool
  /// The main map's loss numbers of the slice (the loss panel's, before the volume's are in);
  /// asked only when the map is 2D along the slice axis, where the slice is evaluated alone.
  public var wantsLoss: Bool = false
}

/// One simulator run's latest state for one map, on one slice.
public struct SimulationTrack: Sendable {
  public var settings: MapOptions
  public var history: [DescentRecord]
  /// Slice-local argmax, last flip step and "a wrong logit was raised" per voxel.
  public var argmax: [Int32]
  public var startArgmax: [Int32]
  public var lastFlip: [Int32]
  public var raised: [Bool]
  public var error: String?
}

/// The descent simulator as the viewer shows it.
public struct SimulationState: Sendable {
  public var generation: Int
  /// Slice the simulation runs on.
  public var axis: Int
  public var index: Int
  public var steps: Int
  public var start: DescentProblem.Start
  public var compound: DescentSettings.Compound
  public var main: SimulationTrack?
  public var compare: SimulationTrack?
  public var running: Bool
}

/// State of the loss and instability debugging features (panels, profile, instability view,
/// compare maps, simulator).
public struct DebugState: Sendable {
  // MARK: panels
  public var lossPanel = false
  public var metricsPanel = false
  public var profileVisible = false
  public var profileMode: ProfileMode = .excess
  public var instability: InstabilityMode = .off
  /// Order of the class rows of the loss and metrics panels.
  public var classOrder: ClassOrder = .contribution

  // MARK: compare
  /// Two panes side by side: the main map and `compareOptions`, same slice and cursor.
  public var compare = false
  public var compareOptions = MapOptions(kind: .boundary)
  /// The slicing axis the map keys return to when a 3D map goes back to 2D.
  public var mapSliceAxis: VolumeAxis = .k
  public var compareMaps: MapVolume?
  public var compareGeneration = 0

  // MARK: analysis (loss core)
  public var analysisGeneration = 0
  /// What the latest analysis job was asked for (main and compare settings, K).
  public var analysisKey: String?
  public var analysis: LossAnalysis?
  public var compareAnalysis: LossAnalysis?
  /// 0...1 while the analysis runs.
  public var analysisProgress: Double?
  /// The main map's profile along k as its planes complete, while the analysis runs.
  public var partialProfile: PartialProfile?
  public var analysisError: String?

  // MARK: slice extras
  public var sliceKey: SliceKey?
  public var sliceExtras: SliceExtras?

  // MARK: worst slices
  /// Position in the ranking of slices (0 = highest), -1 before the first jump.
  public var rank = -1
  /// What the ranking was made for (axis and mode), reset when it changes.
  public var rankKey: String?

  // MARK: simulator
  public var simulationStart: DescentProblem.Start = .prediction
  public var simulationCompound: DescentSettings.Compound = .off
  public var simulationSteps = 50
  /// Pause between animated steps (0 in tests).
  public var simulationDelayMs = 60
  public var simulationGeneration = 0
  public var simulation: SimulationState?

  // MARK: exports
  /// Folder exports are written to (nil: the current directory).
  public var exportDirectory: String?

  // MARK: pane roles
  /// Set on the state copy used to draw the compare pane.
  public var drawingComparePane = false

  public init() {}

  /// Whether any inspector panel is on.
  public var inspectorVisible: Bool {
    lossPanel || metricsPanel || instability != .off || simulation != nil
  }

  /// Whether the loss core's analysis is needed.
  public var needsAnalysis: Bool {
    lossPanel || metricsPanel || profileVisible || instability != .off
  }
}
