import RWLoss
import RWRender

/// The instability panel: principle A/B violations of the slice per class and of the volume,
/// voxels where descent raises a wrong logit, and badges for degenerate channels and ranges.
func drawInstabilityPanel(_ g: inout CellGrid, _ s: ViewerState, _ w: inout PanelWriter) {
  w.title(&g, "INSTABILITY", s.debug.instability.label)
  guard let m = InstabilityPanelModel(s) else {
    w.line(&g, "waiting for the loss core" + (s.caps.unicode ? "…" : "..."), Panel.dim)
    w.skip()
    return
  }
  drawInstabilityBlock(&g, s, &w, m, tag: Panel.mainTag)
  if s.debug.compare, let c = InstabilityPanelModel(s, compare: true) {
    drawInstabilityBlock(&g, s, &w, c, tag: Panel.compareTag)
  }
  switch s.debug.instability {
  case .principle:
    w.line(
      &g,
      [
        (s.caps.unicode ? "■" : "#", .rgb(DebugOverlay.aColor), .plain),
        (" A truth not lowest  ", Panel.dim, .plain),
        (s.caps.unicode ? "■" : "#", .rgb(DebugOverlay.bColor), .plain),
        (" B wrong Z differ", Panel.dim, .plain),
      ])
  case .raise:
    w.line(
      &g,
      [
        (s.caps.unicode ? "■" : "#", .rgb(DebugOverlay.raiseColor), .plain),
        (" descent raises a wrong logit here", Panel.dim, .plain),
      ])
  case .gradient:
    let c = max(0, min(s.classCount - 1, s.selectedClass))
    w.line(
      &g,
      [
        ("dl/dX c\(c): ", Panel.text, .bold), ("blue", .rgb(DivergingMap.anchors[1]), .bold),
        (" descent raises X, ", Panel.dim, .plain), ("red", .rgb(DivergingMap.anchors[9]), .bold),
        (" lowers", Panel.dim, .plain),
      ])
    if let gr = s.debug.sliceExtras?.gradient, s.debug.sliceExtras?.key == s.debug.sliceKey {
      w.line(
        &g,
        [
          ("max |dl/dX| on the slice ", Panel.dim, .plain),
          (pnum(gr.map { abs($0) }.max() ?? 0), Panel.text, .plain),
          ("  (n: class)", Panel.dim, .plain),
        ])
    } else {
      w.line(&g, "computing the slice gradient" + (s.caps.unicode ? "…" : "..."), Panel.dim)
    }
  case .off: break
  }
  w.skip()
}

private func drawInstabilityBlock(
  _ g: inout CellGrid, _ s: ViewerState, _ w: inout PanelWriter,
  _ m: InstabilityPanelModel, tag: CellColor
) {
  let sl = m.slice
  func count(_ n: Int) -> (String, CellColor, CellStyle) {
    (String(n), n > 0 ? Panel.bad : Panel.good, .bold)
  }
  w.line(
    &g,
    [
      (m.settings.name + " ", tag, .bold), ("slice A ", Panel.dim, .plain), count(sl.aViolations),
      ("  B ", Panel.dim, .plain), count(sl.bViolations), ("  raise ", Panel.dim, .plain),
      count(sl.wrongLogitPushedUp),
    ])
  let k = sl.aViolationsPerClass.count
  var parts: [(String, CellColor, CellStyle)] = [("  ", Panel.dim, .plain)]
  for c in 0..<min(k, 6) {
    parts.append(("c\(c) ", classColor(s, c), .bold))
    parts.append(
      ("\(sl.aViolationsPerClass[c])/\(sl.bViolationsPerClass[c])  ", Panel.text, .plain))
  }
  parts.append(("(A/B)", Panel.dim, .plain))
  w.line(&g, parts)
  w.line(
    &g,
    [
      ("  volume A ", Panel.dim, .plain), count(m.totalA), ("  B ", Panel.dim, .plain),
      count(m.totalB),
      ("  raise ", Panel.dim, .plain), count(m.totalRaised),
    ])
  w.badges(&g, m.badges)
}
