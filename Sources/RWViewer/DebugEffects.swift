import RWLoss
import RWRender

/// The inputs every debug computation needs, captured by value for a background queue.
public struct DebugInputs: Sendable {
  /// Identifies the loaded data (files and K), so the runner can reuse its loss-core objects.
  public var key: String
  public var dims: [Int]
  public var spacing: [Double]
  public var labels: [Int32]
  public var classCount: Int
  public var prediction: PredictionLayer?
}

/// Loss analysis of the main map (and the compare map) over the whole volume.
public struct AnalysisJob: Sendable {
  public var generation: Int
  public var main: MapOptions
  public var compare: MapOptions?
  public var inputs: DebugInputs
}

/// 2D metrics and gradients of one slice.
public struct SliceJob: Sendable {
  public var key: SliceKey
  public var inputs: DebugInputs
}

/// A descent simulation on one slice, for one or two maps.
public struct SimulationJob: Sendable {
  public var generation: Int
  public var axis: Int
  public var index: Int
  public var settings: DescentSettings
  public var start: DescentProblem.Start
  public var main: MapOptions
  public var compare: MapOptions?
  public var inputs: DebugInputs
  /// Pause between steps so the animation can be followed (0 in tests).
  public var stepDelayMs: Int
}

/// Work the debugging features ask the runtime to do.
public enum DebugJob: Sendable {
  case analyze(AnalysisJob)
  case slice(SliceJob)
  /// Compute the compare map unit by unit (priority units first), as the main map is computed.
  case compareMaps(MapJob)
  case prioritizeCompare(generation: Int, units: [Int])
  case simulate(SimulationJob)
  case stopSimulation
  /// Write a frame as PNG (drawn from the state snapshot) without touching the inputs or an
  /// earlier export.
  case exportFrame(ViewerState, name: ExportName, protecting: [String])
  /// Write text files (extension, text) under one counter, atomically, without touching the
  /// inputs or an earlier export.
  case exportText(ExportName, [(ext: String, text: String)], protecting: [String])
}

/// Results of debug work, fed back to `update`.
public enum DebugResult: Sendable {
  case analysisProgress(generation: Int, Double)
  /// k-planes of the main map whose sums are final (the profile strip fills with them).
  case analysisPlanes(generation: Int, CompletedPlanes)
  case analysis(generation: Int, main: LossAnalysis, compare: LossAnalysis?)
  case analysisFailed(generation: Int, String)
  case slice(SliceExtras)
  case sliceFailed(SliceKey, String)
  case compareUnit(generation: Int, unit: Int, values: [Float])
  case compareFailed(generation: Int, String)
  case simulation(
    generation: Int, main: SimulationTrack?, compare: SimulationTrack?, finished: Bool)
  case exported(String)
  case exportFailed(String)
}
