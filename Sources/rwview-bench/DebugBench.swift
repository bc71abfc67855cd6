import Foundation
import RWCommands
import RWLoss
import RWRender
import RWViewer
import RWVolume

/// `rwview-bench debug [--dims 96,96,32] [--runs 300] [--panel-sizes medium,large]
/// [--panel-runs 3] [--data DIR]`: the viewer's frame budget with every debugging panel on
/// (loss, metrics, instability, simulator, profile strip, two maps side by side) at 200×60,
/// against the same frame with the panels off; the descent simulator's step time on one slice
/// (medians of `--runs` frames); then the time to all panels on real files (`panelsReady`).
enum DebugBench {
  static func run(_ args: [String]) {
    var dims = [96, 96, 32]
    var runs = 300
    var panelSizes = ["medium"]
    var panelRuns = 3
    var data = ProcessInfo.processInfo.environment["RWBENCH_DATA"] ?? "/tmp/rwbench/data"
    var i = 0
    while i < args.count {
      switch args[i] {
      case "--dims":
        i += 1
        if i < args.count { dims = args[i].split(separator: ",").compactMap { Int($0) } }
      case "--runs":
        i += 1
        if i < args.count { runs = Int(args[i]) ?? runs }
      case "--panel-sizes":
        i += 1
        if i < args.count { panelSizes = args[i].split(separator: ",").map(String.init) }
      case "--panel-runs":
        i += 1
        if i < args.count { panelRuns = Int(args[i]) ?? panelRuns }
      case "--data":
        i += 1
        if i < args.count { data = args[i] }
      default: break
      }
      i += 1
    }
    guard dims.count == 3 else {
      print("--dims needs three numbers")
      return
    }
    print(
      "rwview-bench debug: phantom \(dims.map(String.init).joined(separator: "x")), 200x60 frames, \(runs) runs"
    )
    let ph = Phantom.make(dims: dims)
    let files: [String: Volume] = [
      "img.nii": ph.image, "gt.nii": ph.labels, "pred.nii": ph.probabilities,
    ]
    let loader: VolumeLoader = { path in
      guard let v = files[path] else { throw RWLossError(path, "no such file") }
      return (v, [])
    }
    var s0 = ViewerState()
    s0.paths = [.image: "img.nii", .groundTruth: "gt.nii", .prediction: "pred.nii"]
    s0.debug.simulationDelayMs = 0
    s0.debug.compareOptions = MapOptions(kind: .boundary)
    // Every panel on: loss, metrics, profile, instability, compare, simulator (run to the end), errors.
    let keys = "LTPICse"
    let t0 = Date()
    let term = RecordingTerminal(width: 200, height: 60, events: keys.map { .key(.char($0)) })
    let rt = ViewerRuntime(terminal: term, state: s0, loader: loader, mapSource: LossMapSource())
    rt.deterministic = true
    let full = rt.run()
    print(
      "  session to all panels ready: \(fmt(Date().timeIntervalSince(t0) * 1000)) ms "
        + "(load, maps, two analyses, slice metrics, 50 simulator steps on two maps)")
    guard full.debug.analysis != nil, full.debug.simulation?.main != nil else {
      print("  panels did not come up: \(full.message ?? full.debug.analysisError ?? "?")")
      return
    }
    var plain = full
    plain.debug = DebugState()
    for (name, st) in [("panels off (map layer on)", plain), ("all debug panels on", full)] {
      var times: [Double] = []
      var cells = 0
      for _ in 0..<runs {
        let a = DispatchTime.now().uptimeNanoseconds
        let g = view(st)
        let b = DispatchTime.now().uptimeNanoseconds
        cells &+= g.cells.count
        times.append(Double(b - a) / 1e6)
      }
      times.sort()
      print(
        "  view() \(name): median \(fmt(times[times.count / 2])) ms, p90 \(fmt(times[times.count * 9 / 10])) ms"
          + (name.hasPrefix("all") ? "  (target < 5 ms)" : ""))
      _ = cells
    }
    // Instability gradient view (needs the slice gradient) drawn too.
    var grad = full
    grad.debug.instability = .gradient
    var times: [Double] = []
    for _ in 0..<runs {
      let a = DispatchTime.now().uptimeNanoseconds
      _ = view(grad)
      times.append(Double(DispatchTime.now().uptimeNanoseconds - a) / 1e6)
    }
    times.sort()
    print("  view() gradient mode: median \(fmt(times[times.count / 2])) ms")
    simulatorStep(ph)
    analysisParts(ph)
    panelsReady(sizes: panelSizes, dir: data, runs: panelRuns)
  }

  /// Where the background analysis time goes (one run each; the viewer does this off the loop).
  static func analysisParts(_ ph: Phantom) {
    do {
      let lv = try LabelVolume(
        dims: ph.labels.grid.dims, spacing: ph.labels.grid.spacing, values: ph.labels.data)
      let pred = try Prediction(dims: lv.dims, classCount: 3, probabilities: ph.probabilities.data)
      func time(_ what: String, _ body: () throws -> Void) rethrows {
        let a = Date()
        try body()
        print("  analysis part \(what): \(fmt(Date().timeIntervalSince(a) * 1000)) ms")
      }
      for kind in [MapKind.rrw, .boundary] {
        let e = try MapEngine(labels: lv, options: MapOptions(kind: kind))
        try time("evaluate \(kind.rawValue)") { _ = try e.evaluate(prediction: pred) }
        time("channel flags \(kind.rawValue) (\(e.domainCount) slices)") {
          for d in 0..<e.domainCount { for c in 0..<3 { _ = e.flags(class: c, domain: d) } }
        }
      }
      time("segmentation metrics (3D, 3 classes)") {
        _ = SegmentationMetrics.compute(
          reference: lv.labels, prediction: pred.argmax(), dims: lv.dims,
          spacing: lv.spacing, classes: [0, 1, 2])
      }
    } catch {
      print("  analysis parts: \(error)")
    }
  }

  /// Median time of one descent step on the middle slice (rrw and boundary).
  static func simulatorStep(_ ph: Phantom) {
    do {
      let lv = try LabelVolume(
        dims: ph.labels.grid.dims, spacing: ph.labels.grid.spacing, values: ph.labels.data)
      let pred = try Prediction(dims: lv.dims, classCount: 3, probabilities: ph.probabilities.data)
      for kind in [MapKind.rrw, .boundary] {
        let e = try MapEngine(labels: lv, options: MapOptions(kind: kind))
        let pb = try DescentProblem.slice(
          engine: e, prediction: pred, axis: .k, index: lv.dims[2] / 2, start: .prediction)
        for compound in [DescentSettings.Compound.off, .dice] {
          var sim = DescentSimulator(
            problem: pb, settings: DescentSettings(steps: 60, compound: compound))
          var times: [Double] = []
          while !sim.isFinished {
            let a = DispatchTime.now().uptimeNanoseconds
            sim.advance()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - a) / 1e6)
          }
          times.sort()
          print(
            "  simulator step \(kind.rawValue) \(compound == .off ? "RW" : "Dice+RW"), \(pb.voxelCount) voxels: "
              + "median \(fmt(times[times.count / 2])) ms")
        }
      }
    } catch {
      print("  simulator bench: \(error)")
    }
  }

  static func fmt(_ v: Double) -> String { String(format: "%.3f", v) }
}
