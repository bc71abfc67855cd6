import RWLoss

/// The readable text of a report (`rwview stats` without `--json`).
public enum StatsText {
  /// What the two Dice numbers are, for the text and the command's help.
  public static let diceNote =
    "soft_dice_2d_mean (soft_dice_3d in 3D geometry): 2 sum(P Y)/(sum P + sum Y + 1e-6) per "
    + "class, averaged over the slices (a slice without the class counts 0); it is the term of "
    + "the reference Dice loss, soft_dice_loss = 1 - its class mean. dice (metrics): the "
    + "volume Dice of the argmax, as nnU-Net evaluates."

  /// Inputs, options, totals, per-class shares, metrics and the per-slice table.
  public static func table(_ r: StatsReport, context c: ReportContext) -> String {
    func f(_ v: Double, _ w: Int = 12) -> String {
      pad(v.isFinite ? NumberText.short(v) : "n/a", w)
    }
    func i(_ v: Int, _ w: Int = 8) -> String { pad(String(v), w) }
    let o = r.options
    var out: [String] = []
    let read = c.readAs.map { " (read as \($0.rawValue))" } ?? ""
    out.append("labels \(c.labelsPath ?? "-")  prediction \(c.predictionPath ?? "-")\(read)")
    var opts = "map \(o.kind.name)  geometry " + (o.sliceAxis.map { "2d along \($0.name)" } ?? "3d")
    opts += "  spacing \(o.units.rawValue)"
    if o.int32 { opts += "  int32" }
    if o.kind == .rrwCI {
      opts += "  ratio " + o.ratio.map(NumberText.short).joined(separator: ",")
    }
    if let w = o.weights { opts += "  weights " + w.map(NumberText.short).joined(separator: ",") }
    out.append(opts)
    let t = r.total
    out.append(
      "total   rw_sum \(NumberText.short(t.rwSum))  rw_mean \(NumberText.short(t.rwMean))  "
        + "ce \(NumberText.short(t.ce))  focal \(NumberText.short(t.focal))  "
        + "soft_dice_loss \(NumberText.short(t.softDiceLoss))  "
        + "lowest_rw_sum \(NumberText.short(t.lowestRWSum))")
    out.append(
      "principle  A violations \(t.aViolations)  B violations \(t.bViolations)  "
        + "wrong logit pushed up \(t.wrongLogitPushedUp)  "
        + "gt logit pushed down \(t.gtLogitPushedDown)")
    out.append("")
    let dice = StatsDocument.softDiceKey(o)
    out.append("class value      rw_sum          ce" + pad(dice, 18) + "  name")
    for pc in r.perClass {
      let info = c.info(pc.classIndex)
      out.append(
        i(pc.classIndex, 5) + i(info.value, 6) + f(pc.rwSum) + f(pc.ce) + f(pc.softDice, 18)
          + "  " + (info.name ?? ""))
    }
    out.append("")
    out.append(
      "class     dice      iou        tp        fp        fn  vol_gt_mm3 vol_pred_mm3        hd"
        + "      hd95      assd")
    for m in r.metrics {
      out.append(
        i(m.classIndex, 5) + f(m.dice, 9) + f(m.iou, 9) + i(m.tp, 10) + i(m.fp, 10) + i(m.fn, 10)
          + f(m.volumeReferenceMM3, 12) + f(m.volumePredictionMM3, 13) + f(m.hd, 10)
          + f(m.hd95, 10) + f(m.assd, 10))
    }
    out.append("")
    out.append(diceNote)
    out.append("")
    out.append("slice (\(r.slices.axis.name))      rw_sum     rw_mean       A       B")
    for s in r.slices.statistics {
      out.append(i(s.index, 9) + f(s.rwSum) + f(s.rwMean) + i(s.aViolations) + i(s.bViolations))
    }
    return out.joined(separator: "\n")
  }

  /// `s` right-aligned in `width` columns.
  static func pad(_ s: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - s.count)) + s
  }
}
