import RWLoss
import RWRender
import RWVolume

/// The simulator panel: step, settings, and per map the RW loss and Dice curves, flips and
/// raised wrong logits.
func drawSimulatorPanel(_ g: inout CellGrid, _ s: ViewerState, _ w: inout PanelWriter) {
  guard let sim = s.debug.simulation else { return }
  let step = max(sim.main?.history.count ?? 0, sim.compare?.history.count ?? 0) - 1
  let status = sim.running ? "running" : (step >= sim.steps ? "done" : "stopped")
  w.title(&g, "DESCENT", "step \(max(0, step))/\(sim.steps) \(status)")
  let axis = ["i", "j", "k"][sim.axis]
  w.line(
    &g,
    "\(axis)=\(sim.index) from \(sim.start == .prediction ? "prediction" : "uniform"), "
      + simulationLossName(sim.compound), Panel.dim)
  for (track, tag) in [(sim.main, Panel.mainTag), (sim.compare, Panel.compareTag)] {
    guard let t = track else { continue }
    if let e = t.error {
      w.line(&g, [(t.settings.name + " ", tag, .bold), (e, Panel.bad, .plain)])
      continue
    }
    guard let first = t.history.first, let last = t.history.last else { continue }
    let width = max(4, w.width - 16)
    let loss = Sparkline.resample(t.history.map(\.rwSum), width: width)
    let dice = Sparkline.resample(t.history.map { meanDice($0.hardDice) }, width: width)
    w.line(
      &g,
      [
        (lpad(t.settings.name, 10), tag, .bold), ("RW   ", Panel.dim, .plain),
        (Sparkline.line(loss, unicode: s.caps.unicode), tag, .plain),
      ])
    w.line(
      &g,
      [
        (lpad("", 10), Panel.dim, .plain), ("Dice ", Panel.dim, .plain),
        (Sparkline.line(dice, unicode: s.caps.unicode, lo: 0, hi: 1), Panel.good, .plain),
      ])
    let raised = t.raised.reduce(0) { $0 + ($1 ? 1 : 0) }
    w.line(
      &g,
      [
        (lpad("", 10), Panel.dim, .plain),
        (pnum(first.rwSum) + (s.caps.unicode ? "→" : "->") + pnum(last.rwSum), Panel.text, .plain),
        ("  Dice ", Panel.dim, .plain), (fixed(meanDice(last.hardDice), 3), Panel.text, .plain),
      ])
    w.line(
      &g,
      [
        (lpad("", 10), Panel.dim, .plain), ("flipped ", Panel.dim, .plain),
        (String(last.flippedSinceStart), Panel.warn, .bold),
        ("  raised wrong ", Panel.dim, .plain),
        (String(raised), raised > 0 ? Panel.bad : Panel.good, .bold),
      ])
  }
  w.line(
    &g,
    [
      (s.caps.unicode ? "■" : "#", .rgb(DebugOverlay.flipColor), .plain),
      (" flipped  ", Panel.dim, .plain),
      (s.caps.unicode ? "■" : "#", .rgb(DebugOverlay.raiseColor), .plain),
      (" wrong logit raised", Panel.dim, .plain),
    ])
  w.skip()
}

/// Mean of the defined Dice values.
func meanDice(_ d: [Double]) -> Double {
  let f = d.filter { $0.isFinite }
  return f.isEmpty ? .nan : f.reduce(0, +) / Double(f.count)
}
