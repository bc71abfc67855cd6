import ArgumentParser
import Foundation
import RWDataset
import RWLoss
import RWNIfTI
import RWReport
import RWSystem
import RWVolume

/// `rwview stats`: RW loss, comparison losses, the principle and metrics of a prediction.
public struct StatsCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "stats",
    abstract: "Losses, principle violations and metrics of a prediction against labels.",
    discussion: StatsText.diceNote)

  @Option(
    name: .long, help: "Ground-truth label map (or, for a dataset, a folder of them).",
    completion: FileCompletion.volume)
  public var gt: String?
  @Option(
    name: .long,
    help:
      "Prediction: probabilities or logits (X,Y,Z,K or X,Y,Z,1,K), a 3D label map or nnU-Net's .npz (or, for a dataset, a folder).",
    completion: FileCompletion.prediction)
  public var pred: String?
  @Option(
    name: .customLong("pred-kind"), help: ArgumentHelp(PredictionKindOption.help),
    completion: OptionChoices.predKind.completion)
  public var predKind: String?
  @OptionGroup public var mapOptions: MapOptionGroup
  @OptionGroup public var labelOptions: LabelOptionGroup
  @Flag(name: .long, help: "Print one JSON object.")
  public var json: Bool = false
  @OptionGroup(title: "Datasets") public var datasetOptions: DatasetStatsOptions
  @OptionGroup public var system: SystemOptions

  public init() {}

  public func run() throws {
    try reportingErrors {
      try system.apply()
      let opts = try mapOptions.mapOptions()
      let forced = try PredictionKindOption.parse(predKind)
      if DatasetStatsCommand.applies(gt: gt, pred: pred, datasetOptions) {
        let status = try DatasetStatsCommand.run(
          gt: gt, pred: pred, forced: forced, classes: mapOptions.classes, options: opts,
          json: json, datasetOptions)
        if status != 0 { throw ExitCode(status) }
        return
      }
      guard let gt else {
        throw RWLossError("--gt", "needed: the labels (a file, or a folder for a dataset)")
      }
      guard let pred else {
        throw RWLossError("--pred", "needed: the prediction (a file, or a folder for a dataset)")
      }
      try StatsRunner.checkMemory(labels: gt, prediction: pred)
      // Progress on a terminal only (reading, then the evaluation, then the metrics), so a
      // long case never looks hung; cleared before anything else is printed.
      let bar = ProgressBar.onTerminal(total: 100, percent: true)
      func warn(_ line: String) {
        bar?.finish()
        printError(line)
      }
      // An error is printed after this scope: the bar is gone by then.
      defer { bar?.finish() }
      bar?.draw(done: 0)
      let (g, gw) = try NIfTI.loadVolume(path: gt)
      for w in gw { warn("rwview: warning: \(gt): \(w)") }
      bar?.draw(done: 5)
      let (p, pw) = try CaseFiles.loadVolume(path: pred, reference: gt)
      for w in pw { warn("rwview: warning: \(pred): \(w)") }
      bar?.draw(done: 20)
      let (table, warning) = LabelCommandSetup.table(labelOptions.labels, near: gt)
      if let warning { warn("rwview: warning: \(warning)") }
      let result = try StatsRunner.run(
        gt: consume g, gtPath: gt, pred: consume p, predPath: pred, forced: forced,
        classes: mapOptions.classes,
        options: opts, labelTable: table, remap: try labelOptions.remapAuto(),
        progress: bar.map { b in { @Sendable f in b.draw(done: 20 + Int(f * 80)) } })
      bar?.finish()
      for notice in result.context.notes { printError("rwview: note: \(notice)") }
      try StandardOutput.line(
        json ? result.json.text : StatsText.table(result.report, context: result.context))
    }
  }
}

/// The testable core of `rwview stats` (no argument parsing, no files).
public enum StatsRunner {
  /// A report with what it was computed from.
  public struct Result: Sendable {
    /// The numbers.
    public var report: StatsReport
    /// Inputs, options as given, classes, notices (reorientation, then prediction kind).
    public var context: ReportContext
    /// The `stats --json` document.
    public var json: JSONValue { StatsDocument.json(report, context: context) }
  }

  /// Builds the report from loaded volumes; returns it with the notices (reorientation, then
  /// prediction kind).
  public static func report(
    gt: Volume, gtPath: String, pred: Volume, predPath: String, forced: PredictionKind?,
    classes: Int?, options: MapOptions
  ) throws -> (StatsReport, [String]) {
    let r = try run(
      gt: gt, gtPath: gtPath, pred: pred, predPath: predPath, forced: forced, classes: classes,
      options: options)
    return (r.report, r.context.notes)
  }

  /// The estimated whole peak of `stats` on one case (`MemoryEstimate.statsCase`) from the
  /// headers alone: the labels' grid and the prediction's stored values (NIfTI or nnU-Net
  /// `.npz`). nil when the labels' header cannot be read (reading it names the problem); an
  /// unreadable prediction counts as a one-channel one.
  public static func peakBytes(labels: String, prediction: String) -> (dims: [Int], bytes: Int)? {
    guard let g = try? NIfTI.loadGrid(path: labels) else { return nil }
    let dims = g.grid.dims
    let n = g.grid.voxelCount
    var values = n
    if FileNames.isNPZ(prediction),
      let h = try? NPZ.header(path: prediction, name: NNUNetProbabilities.arrayName)
    {
      values = h.elementCount
    } else if let p = try? NIfTI.loadGrid(path: prediction) {
      values = MemoryBudget.bytes(p.shape)
    }
    let channels = n > 0 ? max(1, values / n) : 1
    return (
      dims,
      MemoryEstimate.statsCase(dims: dims, predictionValues: values, channels: channels)
    )
  }

  /// Refuses, before anything is read, a case whose estimated peak is above the memory guard:
  /// one line naming the labels, the size and `--max-memory`.
  public static func checkMemory(labels: String, prediction: String) throws {
    guard let (dims, need) = peakBytes(labels: labels, prediction: prediction) else { return }
    do {
      try MemoryBudget.check(need, for: "stats on \(MemoryEstimate.describe(dims: dims))")
    } catch {
      throw RWLossError(labels, error.description)
    }
  }

  /// The prediction of `volume` by the one kind rule; the volume ends here (a label map's
  /// float values are freed once converted).
  static func readPrediction(_ volume: consuming Volume, forced: PredictionKind?) throws -> (
    prediction: Prediction, notice: String
  ) {
    try Prediction.make(shape: volume.shape, data: volume.data, classCount: nil, forced: forced)
  }

  /// Builds the report and its context from loaded volumes. `labelTable` and `remap` turn
  /// label values into classes (`ClassRule`), for the truth and a label-map prediction alike.
  public static func run(
    gt: consuming Volume, gtPath: String, pred predVolume: consuming Volume, predPath: String,
    forced: PredictionKind?, classes: Int?, options: MapOptions, labelTable: LabelTable? = nil,
    remap: Bool = false, progress: (@Sendable (Double) -> Void)? = nil
  ) throws -> Result {
    // The one grid rule: the prediction on the labels' grid, flipped or permuted if need be.
    let (pred, reoriented) = try predVolume.aligned(
      to: gt.grid, path: predPath, role: "prediction", referenceRole: "labels")
    _ = consume predVolume
    func naming<T>(_ path: String, _ body: () throws -> T) throws -> T {
      do { return try body() } catch let e as RWLossError { throw RWLossError(path, e.problem) }
    }
    try MemoryBudget.check(
      MemoryEstimate.prediction(voxels: gt.grid.voxelCount, channels: pred.channels),
      for: "\(predPath): reading its \(pred.channels) channels as a prediction")
    let truth = try MapsRunner.labelValues(gt, path: gtPath)
    // The volumes' float values are not needed past here (a label map's are converted, and
    // probabilities are held by the prediction): a caller that hands them over frees them.
    let grid = gt.grid
    _ = consume gt
    // The kind by the one rule (`Prediction.make`), as the viewer reads it.
    let read: (prediction: Prediction, notice: String)
    do {
      read = try readPrediction(consume pred, forced: forced)
    } catch let e as RWLossError {
      throw RWLossError(predPath, e.problem)
    }
    let predValues = read.prediction.labelMap ?? []
    let present = LabelValues.present(truth, predValues)
    let rule = try ClassRule.mapping(
      present: present, path: gtPath, table: labelTable, remap: remap, classes: classes)
    let k: Int
    let labelsK: [Int32]
    var prediction: Prediction
    if let m = rule.mapping {
      k = m.classCount
      if let c = classes, c != k {
        throw OptionError("--classes", "\(c) does not match the \(k) classes of the label mapping")
      }
      labelsK = try m.classes(of: truth, dims: grid.dims, what: gtPath)
      if read.prediction.kind == .labels {
        let p = try m.classes(of: predValues, dims: grid.dims, what: predPath)
        prediction = try Prediction(dims: grid.dims, classCount: k, labels: p)
      } else {
        prediction = try naming(predPath) { try read.prediction.withClassCount(k) }
      }
    } else {
      // Values are class indices: K given, else the larger of the truth's and the prediction's
      // (a label map may hold classes the truth lacks).
      k = classes ?? max(Int(present.last ?? 0) + 1, read.prediction.classCount)
      labelsK = truth
      prediction = try naming(predPath) { try read.prediction.withClassCount(k) }
    }
    try MemoryBudget.check(
      MemoryEstimate.report(dims: grid.dims, classes: k),
      for: "the \(k)-class report on \(MemoryEstimate.describe(dims: grid.dims))",
      hint: k > 256 ? "(or fewer classes: --labels FILE or --remap auto)" : nil)
    let labels = try naming(gtPath) {
      try LabelVolume(dims: grid.dims, spacing: grid.spacing, labels: labelsK, classes: k)
    }
    // The evaluation is most of the work before the metrics.
    let report = try StatsReport.make(
      labels: labels, prediction: prediction, options: options,
      progress: progress.map { p in { @Sendable f in p(0.75 * f) } })
    progress?(1)
    let values = rule.mapping?.values ?? (0..<k).map { Int32($0) }
    let context = ReportContext(
      labelsPath: gtPath, predictionPath: predPath, readAs: prediction.kind, forcedKind: forced,
      classesOption: classes,
      classes: values.map {
        ReportContext.ClassInfo(value: Int($0), name: labelTable?.entries[$0]?.name)
      },
      notes: [reoriented, "\(predPath): \(read.notice)", rule.note].compactMap { $0 })
    return Result(report: report, context: context)
  }
}
