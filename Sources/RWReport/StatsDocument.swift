import RWLoss

/// The one JSON encoder of reports: `rwview stats --json`, each case of a dataset run, and the
/// viewer's profile export are this document (the export with its slices along the viewed axis).
///
/// Members, in order: `inputs`, `options` (every option in effect, named as on the command
/// line), `classes` (index, label value, name), `total`, `per_class`, `slices`, `metrics`.
/// NaN and infinities are `null`.
public enum StatsDocument {
  /// The per-class soft Dice member: `soft_dice_2d_mean` (mean over the slices, as the reference
  /// loss takes it) or `soft_dice_3d` (the volume's), so it is never confused with the argmax
  /// Dice of `metrics`.
  public static func softDiceKey(_ options: MapOptions) -> String {
    options.sliceAxis == nil ? "soft_dice_3d" : "soft_dice_2d_mean"
  }

  /// The whole document.
  public static func json(_ r: StatsReport, context: ReportContext) -> JSONValue {
    .object([
      ("inputs", inputs(context)),
      ("options", options(r.options, context: context)),
      ("classes", .array(r.perClass.map { classEntry($0.classIndex, context) })),
      ("total", total(r.total)),
      (
        "per_class",
        .array(
          r.perClass.map { c in
            .object([
              ("class", .int(c.classIndex)), ("rw_sum", .double(c.rwSum)), ("ce", .double(c.ce)),
              (softDiceKey(r.options), .double(c.softDice)),
            ])
          })
      ),
      ("slices", slices(r.slices)),
      ("metrics", .array(r.metrics.map(metric))),
    ])
  }

  /// `inputs`: the files and how the prediction was read.
  static func inputs(_ c: ReportContext) -> JSONValue {
    .object([
      ("labels", c.labelsPath.map(JSONValue.string) ?? .null),
      ("prediction", c.predictionPath.map(JSONValue.string) ?? .null),
      ("read_as", c.readAs.map { .string($0.rawValue) } ?? .null),
      ("notes", .array(c.notes.map(JSONValue.string))),
    ])
  }

  /// `options`: every option in effect, under its command-line name.
  static func options(_ o: MapOptions, context c: ReportContext) -> JSONValue {
    .object([
      ("map", .string(o.kind.name)),
      ("geometry", .string(o.sliceAxis == nil ? "3d" : "2d")),
      ("axis", o.sliceAxis.map { .string($0.name) } ?? .null),
      ("spacing", .string(o.units.rawValue)),
      ("int32", .bool(o.int32)),
      ("ratio", .array(o.ratio.map(JSONValue.double))),
      ("weights", o.weights.map { .array($0.map(JSONValue.double)) } ?? .null),
      ("classes", c.classesOption.map(JSONValue.int) ?? .null),
      ("pred_kind", .string(c.forcedKind?.rawValue ?? "auto")),
    ])
  }

  /// One `classes` entry: index, original label value, name.
  static func classEntry(_ k: Int, _ c: ReportContext) -> JSONValue {
    let info = c.info(k)
    return .object([
      ("class", .int(k)), ("value", .int(info.value)),
      ("name", info.name.map(JSONValue.string) ?? .null),
    ])
  }

  /// `total` with the principle's counts.
  static func total(_ t: StatsReport.Total) -> JSONValue {
    .object([
      ("rw_sum", .double(t.rwSum)), ("rw_mean", .double(t.rwMean)), ("ce", .double(t.ce)),
      ("focal", .double(t.focal)), ("soft_dice_loss", .double(t.softDiceLoss)),
      ("lowest_rw_sum", .double(t.lowestRWSum)),
      (
        "principle",
        .object([
          ("A_violations", .int(t.aViolations)), ("B_violations", .int(t.bViolations)),
          ("wrong_logit_pushed_up", .int(t.wrongLogitPushedUp)),
          ("gt_logit_pushed_down", .int(t.gtLogitPushedDown)),
        ])
      ),
    ])
  }

  /// `slices`: one list per quantity, slice s at index s (per-class quantities as lists of
  /// per-class lists).
  public static func slices(_ s: StatsReport.Slices) -> JSONValue {
    let st = s.statistics
    func doubles(_ f: (SliceStatistics) -> Double) -> JSONValue {
      .array(st.map { .double(f($0)) })
    }
    func ints(_ f: (SliceStatistics) -> Int) -> JSONValue { .array(st.map { .int(f($0)) }) }
    func doubleRows(_ f: (SliceStatistics) -> [Double]) -> JSONValue {
      .array(st.map { .array(f($0).map(JSONValue.double)) })
    }
    func intRows(_ f: (SliceStatistics) -> [Int]) -> JSONValue {
      .array(st.map { .array(f($0).map(JSONValue.int)) })
    }
    return .object([
      ("axis", .string(s.axis.name)),
      ("slice", ints(\.index)),
      ("rw_sum", doubles(\.rwSum)),
      ("rw_mean", doubles(\.rwMean)),
      ("rw_sum_per_class", doubleRows(\.rwSumPerClass)),
      ("ce", doubles(\.ce)),
      ("focal", doubles(\.focal)),
      ("soft_dice_loss", doubles(\.softDiceLoss)),
      ("soft_dice_per_class", doubleRows(\.softDicePerClass)),
      ("lowest_rw_sum", doubles(\.lowestRWSum)),
      ("rw_excess", doubles(\.rwExcess)),
      ("A_violations", ints(\.aViolations)),
      ("B_violations", ints(\.bViolations)),
      ("A_violations_per_class", intRows(\.aViolationsPerClass)),
      ("B_violations_per_class", intRows(\.bViolationsPerClass)),
      ("wrong_logit_pushed_up", ints(\.wrongLogitPushedUp)),
      ("gt_logit_pushed_down", ints(\.gtLogitPushedDown)),
    ])
  }

  /// One `metrics` entry (argmax Dice, IoU, counts, volumes, surface distances).
  static func metric(_ m: ClassMetrics) -> JSONValue {
    .object([
      ("class", .int(m.classIndex)), ("dice", .double(m.dice)), ("iou", .double(m.iou)),
      ("tp", .int(m.tp)), ("fp", .int(m.fp)), ("fn", .int(m.fn)),
      ("volume_gt_mm3", .double(m.volumeReferenceMM3)),
      ("volume_pred_mm3", .double(m.volumePredictionMM3)),
      ("hd", .double(m.hd)), ("hd95", .double(m.hd95)), ("assd", .double(m.assd)),
    ])
  }

  /// The slices as CSV: a header, then one row per slice (the same quantities as `slices`,
  /// per-class ones as one column per class; empty cells for NaN).
  public static func slicesCSV(_ s: StatsReport.Slices, classCount k: Int) -> String {
    func num(_ v: Double) -> String { v.isFinite ? "\(v)" : "" }
    func perClass(_ name: String) -> [String] { (0..<k).map { "\(name)_class\($0)" } }
    var head = ["slice", "rw_sum", "rw_mean"] + perClass("rw_sum")
    head += ["ce", "focal", "soft_dice_loss"] + perClass("soft_dice")
    head += ["lowest_rw_sum", "rw_excess", "A_violations", "B_violations"]
    head += perClass("A_violations") + perClass("B_violations")
    head += ["wrong_logit_pushed_up", "gt_logit_pushed_down"]
    var lines = [head.joined(separator: ",")]
    for st in s.statistics {
      var f = [String(st.index), num(st.rwSum), num(st.rwMean)] + st.rwSumPerClass.map(num)
      f += [num(st.ce), num(st.focal), num(st.softDiceLoss)] + st.softDicePerClass.map(num)
      f += [
        num(st.lowestRWSum), num(st.rwExcess), String(st.aViolations),
        String(st.bViolations),
      ]
      f += st.aViolationsPerClass.map(String.init) + st.bViolationsPerClass.map(String.init)
      f += [String(st.wrongLogitPushedUp), String(st.gtLogitPushedDown)]
      lines.append(f.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
