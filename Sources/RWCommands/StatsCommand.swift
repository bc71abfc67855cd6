import ArgumentParser
import Foundation
import RWDataset
import RWLoss
import RWNIfTI
import RWVolume

/// `rwview stats`: RW loss, comparison losses, the principle and metrics of a prediction.
public struct StatsCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "stats", abstract: "Losses, principle violations and metrics of a prediction against labels.")

  @Option(name: .long, help: "Ground-truth label map (or, for a dataset, a folder of them).")
  public var gt: String?
  @Option(name: .long, help: "Prediction: probabilities or logits (X,Y,Z,K or X,Y,Z,1,K), a 3D label map or nnU-Net's .npz (or, for a dataset, a folder).")
  public var pred: String?
  @Option(name: .customLong("pred-kind"), help: "Force the prediction kind: probs, logits or labels.")
  public var predKind: String?
  @OptionGroup public var mapOptions: MapsOptionGroup
  @Flag(name: .long, help: "Print one JSON object.")
  public var json: Bool = false
  @OptionGroup(title: "Datasets") public var datasetOptions: DatasetStatsOptions

  public init() {}

  public func run() throws {
    try reportingErrors {
      let opts = try mapOptions.mapOptions()
      var forced: PredictionKind? = nil
      if let k = predKind {
        guard let f = PredictionKind(rawValue: k) else {
          throw RWLossError("--pred-kind", "'\(k)' is not probs, logits or labels")
        }
        forced = f
      }
      if DatasetStatsCommand.applies(gt: gt, pred: pred, datasetOptions) {
        let status = try DatasetStatsCommand.run(
          gt: gt, pred: pred, forced: forced, classes: mapOptions.classes, options: opts, json: json, datasetOptions)
        if status != 0 { throw ExitCode(status) }
        return
      }
      guard let gt else { throw RWLossError("--gt", "needed: the labels (a file, or a folder for a dataset)") }
      guard let pred else { throw RWLossError("--pred", "needed: the prediction (a file, or a folder for a dataset)") }
      let (g, gw) = try NIfTI.loadVolume(path: gt)
      for w in gw { printError("rwview: \(gt): \(w)") }
      let (p, pw) = try CaseFiles.loadVolume(path: pred, reference: gt)
      for w in pw { printError("rwview: \(pred): \(w)") }
      let (report, notice) = try StatsRunner.report(
        gt: g, gtPath: gt, pred: p, predPath: pred, forced: forced, classes: mapOptions.classes, options: opts)
      printError("rwview: note: \(notice)")
      print(json ? report.json() : report.table())
    }
  }
}

/// The testable core of `rwview stats` (no argument parsing, no files).
public enum StatsRunner {
  /// Builds the report from loaded volumes; returns it with the prediction-kind notice.
  public static func report(gt: Volume, gtPath: String, pred: Volume, predPath: String, forced: PredictionKind?,
                            classes: Int?, options: MapOptions) throws -> (StatsReport, String) {
    guard pred.grid.dims == gt.grid.dims else {
      throw RWLossError(predPath, "grid \(pred.grid.dims) does not match the labels' \(gt.grid.dims)")
    }
    for a in 0..<3 where abs(pred.grid.spacing[a] - gt.grid.spacing[a]) > 1e-4 * max(1, abs(gt.grid.spacing[a])) {
      throw RWLossError(predPath, "voxel spacing \(pred.grid.spacing) does not match the labels' \(gt.grid.spacing)")
    }
    // K: explicit, else the larger of max label + 1 and the prediction's channel count.
    let probe = try MapsRunner.labelVolume(gt, path: gtPath, classes: classes)
    var k = probe.classCount
    if classes == nil && pred.channels > 1 { k = max(k, pred.channels) }
    if classes == nil && pred.channels == 1 && forced != .probs && forced != .logits {
      var mx: Float = 0
      for v in pred.data where v.isFinite && v > mx { mx = v }
      if mx < 65536 { k = max(k, Int(mx) + 1) }  // a label map may hold classes the truth lacks
    }
    let labels = k == probe.classCount ? probe : try MapsRunner.labelVolume(gt, path: gtPath, classes: k)
    let made: (prediction: Prediction, notice: String)
    do {
      made = try Prediction.make(shape: pred.shape, data: pred.data, classCount: k, forced: forced)
    } catch let e as RWLossError {
      throw RWLossError(predPath, e.problem)
    }
    let report = try StatsReport.make(labels: labels, prediction: made.prediction, options: options)
    return (report, made.notice)
  }
}
