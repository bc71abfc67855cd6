import Foundation
import RWCommands
import RWLoss
import RWNIfTI
import RWRender
import RWViewer
import RWVolume

/// The viewer opened on real files with the loss, metrics and profile panels on, as a user
/// opens it (`rwview IMAGE --gt LABELS --pred PRED`, then `L`, `T`, `P`): time from the first
/// frame to the visible slice's numbers and to every panel's volume numbers, and the time of a
/// frame while the loss core works in the background.
extension DebugBench {
  /// One case of the panels row.
  struct PanelCase {
    var name: String
    var files: [String]
  }

  /// Runs the panels row on `sizes` (cases of `make_volumes.py` in `dir`), `runs` times each.
  static func panelsReady(sizes: [String], dir: String, runs: Int) {
    for size in sizes {
      let files = ["image", "label", "pred"].map { "\(dir)/\(size)_\($0).nii.gz" }
      guard files.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) else {
        print("  panels \(size): skipped (python3 ../shared/bench/make_volumes.py --sizes \(size))")
        continue
      }
      print(
        "panels ready: \(size) image + labels + 3-class probabilities (.nii.gz), --map rrw, "
          + "loss + metrics + profile panels, 200x60, \(runs) runs")
      var toSlice: [Double] = []
      var toPanels: [Double] = []
      var firstFrames: [Double] = []
      var busyFrames: [Double] = []
      var afterKey: [Double] = []
      for _ in 0..<runs {
        guard let r = panelsOnce(files) else { return }
        firstFrames.append(r.first)
        toSlice.append(r.slice - r.first)
        toPanels.append(r.panels - r.first)
        busyFrames += r.busyFrames
        if let k = r.afterKey { afterKey.append(k) }
      }
      let m = FrameBench.median
      busyFrames.sort()
      let worst = busyFrames.last ?? .nan
      let p99 =
        busyFrames.isEmpty
        ? .nan : busyFrames[min(busyFrames.count - 1, busyFrames.count * 99 / 100)]
      print("  first frame (image on screen): median \(fmt(m(firstFrames))) ms after start")
      print(
        "  visible slice's loss numbers: median \(fmt(m(toSlice))) ms after the first frame")
      print(
        "  next slice's loss numbers after a key (k) while the volume is evaluated: median "
          + "\(afterKey.isEmpty ? "n/a (the volume was done first)" : fmt(m(afterKey)) + " ms") (target 100 ms)"
      )
      print(
        "  all panels ready (volume loss, metrics, profile): median \(fmt(m(toPanels))) ms after the first frame"
          + " (target \(size == "large" ? "15000" : "1500") ms)")
      print(
        "  view() while the loss core works: \(busyFrames.count) frames, median \(fmt(m(busyFrames))) ms, "
          + "p99 \(fmt(p99)) ms, slowest \(fmt(worst)) ms (target < 5 ms)")
    }
  }

  /// Times of one session: first frame, slice numbers and all panels (ms from start), and
  /// `view(state)` times of frames drawn while the analysis ran.
  static func panelsOnce(_ files: [String]) -> (
    first: Double, slice: Double, panels: Double, busyFrames: [Double], afterKey: Double?
  )? {
    var s = ViewerState()
    s.paths = [.image: files[0], .groundTruth: files[1], .prediction: files[2]]
    s.debug.lossPanel = true
    s.debug.metricsPanel = true
    s.debug.profileVisible = true
    let clock = ContinuousClock()
    let t0 = clock.now
    let term = ViewerFrameBench.BenchTerminal(cols: 200, rows: 60, start: t0)
    let rt = ViewerRuntime(
      terminal: term, state: s,
      loader: { p in
        let r = try NIfTI.loadVolume(path: p)
        return (r.volume, r.warnings)
      }, mapSource: LossMapSource())
    var first: Double?
    var slice: Double?
    var panels: Double?
    var busy: [Double] = []
    var keyAt: (time: Double, index: Int)?
    var afterKey: Double?
    rt.onFrame = { st, _ in
      let now = FrameBench.ms(clock.now - t0)
      if first == nil && st.image != nil { first = now }
      if slice == nil && sliceNumbersShown(st) {
        slice = now
        // Next slice while the volume is still evaluated: how soon are its numbers shown?
        if st.debug.analysis == nil {
          term.queued.append(.key(.char("k")))
          keyAt = (now, st.cursor[2] + 1)
        }
      }
      if let k = keyAt, afterKey == nil, st.cursor[2] == k.index, sliceNumbersShown(st) {
        afterKey = now - k.time
      }
      if st.debug.analysis == nil && st.image != nil && st.prediction != nil {
        // The frame as the loop draws it, under the background work's load.
        let a = clock.now
        _ = view(st)
        busy.append(FrameBench.ms(clock.now - a))
      }
      if panels == nil && st.debug.analysis != nil && st.debug.sliceExtras?.metrics != nil {
        panels = now
        term.done = true
      }
    }
    let end = rt.run()
    if let e = end.fatalError ?? end.debug.analysisError {
      print("  panels: failed: \(e)")
      return nil
    }
    guard let f = first, let p = panels else {
      print("  panels: not ready within 60 s")
      return nil
    }
    return (f, slice ?? p, p, busy, afterKey)
  }

  /// Whether the loss panel shows numbers of the visible slice.
  static func sliceNumbersShown(_ st: ViewerState) -> Bool {
    LossPanelModel(st).map { $0.index == st.cursor[2] } == true
  }
}
