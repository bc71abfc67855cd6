import RWLoss
import RWReport

/// The per-slice profile of one map along one axis, as CSV and as the `rwview stats --json`
/// document (RWReport's one encoder) with its slices along that axis.
public struct ProfileExport: Sendable {
  public var analysis: LossAnalysis
  public var axis: Int
  /// The inputs, options and class names the document records.
  public var context: ReportContext

  public init(analysis: LossAnalysis, axis: Int, context: ReportContext) {
    self.analysis = analysis
    self.axis = axis
    self.context = context
  }

  /// The analysis's report with every slice along the export axis.
  public var report: StatsReport {
    var r = analysis.report
    r.slices = StatsReport.Slices(field: analysis.field, axis: VolumeAxis(rawValue: axis) ?? .k)
    return r
  }

  /// One header line, then one line per slice.
  public func csv() -> String {
    StatsDocument.slicesCSV(report.slices, classCount: analysis.field.classCount)
  }

  /// The `stats --json` document of this analysis, slices along the export axis.
  public func json() -> String { StatsDocument.json(report, context: context).text + "\n" }
}

extension ViewerState {
  /// What the viewer's reports were computed from: its files, how the prediction was read, the
  /// options given and the label table's names.
  public func reportContext(classCount k: Int) -> ReportContext {
    ReportContext(
      labelsPath: paths[.groundTruth], predictionPath: paths[.prediction],
      readAs: prediction?.kind, forcedKind: predictionKind, classesOption: classes,
      classes: (0..<k).map {
        ReportContext.ClassInfo(
          value: Int(classValue($0)), name: labelTable.entries[classValue($0)]?.name)
      })
  }
}
