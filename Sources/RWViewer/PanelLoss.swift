import RWLoss
import RWRender

/// The loss panel: RW loss (paper sum and reference mean) of the slice, in total and per class,
/// CE, focal and soft Dice loss, the slice's share of the volume and the lowest reachable loss.
func drawLossPanel(_ g: inout CellGrid, _ s: ViewerState, _ w: inout PanelWriter) {
  guard let m = LossPanelModel(s) else { return }
  let axis = ["i", "j", "k"][m.axis]
  w.title(&g, "LOSS", m.settings.summary)
  w.line(&g, [("slice \(axis)=\(m.index)/\(m.sliceCount - 1)", Panel.text, .bold),
              (m.hasPrediction ? "  \(m.slice.voxelCount) voxels" : "  no --pred: uniform P", m.hasPrediction ? Panel.dim : Panel.warn, .plain)])
  w.line(&g, lpad("", 13) + rpad("sum", 10) + rpad("mean", 9) + rpad("of vol", 8), Panel.dim)
  w.line(&g, [(lpad("RW loss", 13), Panel.text, .bold), (rpad(pnum(m.slice.rwSum), 10), Panel.text, .bold),
              (rpad(pnum(m.slice.rwMean), 9), Panel.text, .plain), (rpad(pct(m.share), 8), Panel.mainTag, .bold)])
  let k = m.slice.rwSumPerClass.count
  for c in 0..<min(k, 8) {
    let name = "\(c) " + s.className(c)
    let col = classColor(s, c)
    let classShare = m.perClass[c].rwSum == 0 ? Double.nan : m.slice.rwSumPerClass[c] / m.perClass[c].rwSum
    w.line(&g, [(s.caps.unicode ? "■ " : "# ", col, .plain), (lpad(name, 11), Panel.text, .plain),
                (rpad(pnum(m.slice.rwSumPerClass[c]), 10), Panel.text, .plain), (rpad(pnum(m.classMean(c)), 9), Panel.dim, .plain),
                (rpad(pct(classShare), 8), Panel.dim, .plain)])
  }
  w.line(&g, [("CE ", Panel.dim, .plain), (pnum(m.slice.ce), Panel.text, .plain), ("  focal ", Panel.dim, .plain),
              (pnum(m.slice.focal), Panel.text, .plain)])
  // The reference Dice loss: soft Dice, not the argmax Dice of the metrics panel.
  w.line(&g, [("soft Dice loss ", Panel.dim, .plain), (pnum(m.slice.softDiceLoss), Panel.text, .plain)])
  w.line(&g, [("lowest possible ", Panel.dim, .plain), (pnum(m.slice.lowestRWSum), Panel.text, .plain),
              (" excess ", Panel.dim, .plain), (pnum(m.excess), m.excess > 1e-9 ? Panel.warn : Panel.good, .bold),
              (" " + pct(m.excessShare), Panel.dim, .plain)])
  w.line(&g, [("volume  RW ", Panel.dim, .plain), (pnum(m.total.rwSum), Panel.text, .plain),
              ("  mean ", Panel.dim, .plain), (pnum(m.total.rwMean), Panel.text, .plain)])
  w.line(&g, [("        lowest ", Panel.dim, .plain), (pnum(m.total.lowestRWSum), Panel.text, .plain),
              ("  excess ", Panel.dim, .plain), (pnum(m.total.rwSum - m.total.lowestRWSum), Panel.text, .plain)])
  if s.debug.compare, let c = LossPanelModel(s, compare: true) {
    w.line(&g, [("vs \(c.settings.name) ", Panel.compareTag, .bold), ("RW ", Panel.dim, .plain), (pnum(c.slice.rwSum), Panel.text, .plain),
                ("  mean ", Panel.dim, .plain), (pnum(c.slice.rwMean), Panel.text, .plain), ("  ", Panel.dim, .plain),
                (pct(c.share), Panel.compareTag, .plain)])
  }
  w.skip()
}

/// The metrics panel: Dice, IoU, HD95 and volume difference per class, slice (2D) and volume (3D).
func drawMetricsPanel(_ g: inout CellGrid, _ s: ViewerState, _ w: inout PanelWriter) {
  w.title(&g, "METRICS", "argmax vs truth")
  guard let m = MetricsPanelModel(s) else {
    w.line(&g, s.paths[.prediction] == nil ? "needs --pred" : "computing" + (s.caps.unicode ? "…" : "..."), Panel.dim)
    w.skip()
    return
  }
  let axis = ["i", "j", "k"][m.axis]
  func table(_ label: String, _ rows: [ClassMetrics]?) {
    w.line(&g, [(lpad(label, 12), Panel.text, .bold), (rpad("Dice", 7) + rpad("IoU", 7) + rpad("HD95", 8) + rpad("dVol", 8), Panel.dim, .plain)])
    guard let rows else {
      w.line(&g, "  computing" + (s.caps.unicode ? "…" : "..."), Panel.dim)
      return
    }
    for r in rows.prefix(8) {
      let name = "\(r.classIndex) " + s.className(r.classIndex)
      let dv = MetricsPanelModel.volumeDifference(r)
      let dice = r.dice
      let col: CellColor = !dice.isFinite ? Panel.dim : dice >= 0.9 ? Panel.good : dice >= 0.7 ? Panel.warn : Panel.bad
      w.line(&g, [(s.caps.unicode ? "■ " : "# ", classColor(s, r.classIndex), .plain), (lpad(name, 10), Panel.text, .plain),
                  (rpad(dice.isFinite ? fixed(dice, 3) : "n/a", 7), col, .bold),
                  (rpad(r.iou.isFinite ? fixed(r.iou, 3) : "n/a", 7), Panel.text, .plain),
                  (rpad(r.hd95.isFinite ? fixed(r.hd95, 1) : "n/a", 8), Panel.text, .plain),
                  (rpad(dv.isFinite ? (dv >= 0 ? "+" : "") + pct(dv) : "n/a", 8), Panel.text, .plain)])
    }
  }
  table("slice \(axis)=\(m.index)", m.slice)
  table("volume 3D", m.volume)
  w.line(&g, "HD95 in mm; dVol = (pred - gt) / gt", Panel.dim)
  w.skip()
}
