import Foundation
import RWCommands
import RWLoss
import RWNIfTI
import RWRender
import RWViewer
import RWVolume

/// The viewer's own frame (`view(state)` with every layer on) and the time to the first frame.
///
/// `swift run -c release rwview-bench frame [--runs N] [--data DIR]`
enum ViewerFrameBench {
  /// A 256×256×128 in-memory case (0.8×0.8×2.5 mm): smooth image, two label blobs, 3-class
  /// probabilities and a complete map volume with values in [−1, 1].
  static func state(cols: Int, rows: Int) -> ViewerState {
    let dims = [256, 256, 128]
    let grid = VoxelGrid(
      dims: dims, spacing: [0.8, 0.8, 2.5],
      affine: Affine(rowMajor: [0.8, 0, 0, 0, 0, 0.8, 0, 0, 0, 0, 2.5, 0, 0, 0, 0, 1]))
    let n = grid.voxelCount
    var img = [Float](repeating: 0, count: n)
    var lab = [Float](repeating: 0, count: n)
    var prob = [Float](repeating: 0, count: 3 * n)
    for k in 0..<dims[2] {
      for j in 0..<dims[1] {
        for i in 0..<dims[0] {
          let v = (k * dims[1] + j) * dims[0] + i
          let dx = Float(i) - 128
          let dy = Float(j) - 128
          let dz = (Float(k) - 64) * 3
          let r = (dx * dx + dy * dy + dz * dz).squareRoot()
          img[v] = 1000 - 3 * r + 40 * Float((i / 16 + j / 16) % 2)
          var l = r < 70 ? 1 : 0
          if abs(dx - 20) < 15 && abs(dy + 10) < 25 && abs(dz) < 60 { l = 2 }
          lab[v] = Float(l)
          let p = (i % 9 == 0) ? (l + 1) % 3 : l
          for c in 0..<3 { prob[c * n + v] = c == p ? 0.8 : 0.1 }
        }
      }
    }
    var s = ViewerState()
    s.termCols = cols
    s.termRows = rows
    s.paths = [
      .image: "bench_image.nii.gz", .groundTruth: "bench_label.nii.gz",
      .prediction: "bench_pred.nii.gz",
    ]
    for r in LayerRole.allCases { s.loadStatus[r] = .loaded }
    s.image = LayerPreparation.image(
      path: "bench_image.nii.gz", volume: Volume(grid: grid, shape: dims, data: img))
    s.groundTruth = try! LayerPreparation.labels(
      path: "bench_label.nii.gz", volume: Volume(grid: grid, shape: dims, data: lab))
    s.prediction = try! LayerPreparation.prediction(
      path: "bench_pred.nii.gz", volume: Volume(grid: grid, shape: dims + [1, 3], data: prob),
      kind: nil)
    s.cursor = [128, 128, 64]
    s.visible.map = true
    s.mapGeneration = 1
    var m = MapVolume(generation: 1, settings: MapOptions(kind: .rrw), dims: dims, classCount: 3)
    let slice = dims[0] * dims[1]
    for u in 0..<dims[2] {
      var ch = [Float](repeating: 1, count: 3 * slice)
      for c in 0..<3 {
        for t in 0..<slice where Int(lab[u * slice + t]) == c {
          ch[c * slice + t] = -Float(t % 97) / 97
        }
      }
      m.store(unit: u, channels: ch)
    }
    s.maps = m
    return s
  }

  /// Times `view(state)` in several layer set-ups; returns the median of the first (image, gt
  /// outline, prediction fill, map: the layers the numpy peer composes).
  static func run(_ args: [String]) -> Double {
    let runs = FrameBench.option(args, "--runs", 300)
    let cols = FrameBench.option(args, "--cols", 200)
    let rows = FrameBench.option(args, "--rows", 60)
    let clock = ContinuousClock()
    print("viewer frame: view(state) at \(cols)x\(rows), 256x256x128 case, \(runs) runs")
    let base = state(cols: cols, rows: rows)
    var first: Double?
    let configs: [(String, (inout ViewerState) -> Void)] = [
      ("image+gt outline+pred fill+map", { _ in }),
      ("image+map loss P·Z+gt+pred", { $0.mapQuantity = .loss }),
      ("image+map+error layer", { $0.visible.error = true }),
      (
        "three-plane, every layer",
        {
          $0.threePlane = true
          $0.mapQuantity = .loss
        }
      ),
      (
        "coronal, every layer, zoom 3",
        {
          $0.plane = .coronal
          $0.zoom = 3
          $0.mapQuantity = .loss
        }
      ),
    ]
    for (name, tweak) in configs {
      var s = base
      tweak(&s)
      for _ in 0..<10 { _ = view(s) }
      var times: [Double] = []
      var check = 0
      for n in 0..<runs {
        s.cursor[2] = 40 + n % 48  // a held key: a new slice every frame
        let t0 = clock.now
        let g = view(s)
        times.append(FrameBench.ms(clock.now - t0))
        check &+= Int(g.cells[g.width * 5 + 20].char.value)
      }
      let sorted = times.sorted()
      if first == nil { first = FrameBench.median(times) }
      print(
        "  view \(name): median \(FrameBench.fmt(FrameBench.median(times))) ms, p90 \(FrameBench.fmt(sorted[sorted.count * 9 / 10])) ms (target < 5 ms)\(check == 0 ? "" : "")"
      )
    }
    // Truecolor vs palettes and ASCII: the same frame encoded for other terminals.
    for (name, caps) in [
      ("256-colour", RenderCaps(colorMode: .palette256, unicode: true)),
      ("8-colour", RenderCaps(colorMode: .palette8, unicode: true)),
      ("mono ASCII", RenderCaps(colorMode: .monochrome, unicode: false)),
    ] {
      var s = base
      s.caps = caps
      var times: [Double] = []
      for n in 0..<runs {
        s.cursor[2] = 40 + n % 48
        let t0 = clock.now
        _ = view(s)
        times.append(FrameBench.ms(clock.now - t0))
      }
      print(
        "  view image+gt outline+pred fill+map, \(name): median \(FrameBench.fmt(FrameBench.median(times))) ms"
      )
    }
    return first ?? .nan
  }

  /// A terminal for timing: no keys; ends when `done` says so (or after 60 s).
  final class BenchTerminal: TerminalIO {
    let size: TerminalSize
    let caps = RenderCaps.full
    var done = false
    /// Input handed to the viewer before it waits again (a key a bench presses).
    var queued: [InputEvent] = []
    let start: ContinuousClock.Instant
    init(cols: Int, rows: Int, start: ContinuousClock.Instant) {
      size = TerminalSize(width: cols, height: rows)
      self.start = start
    }
    func draw(_ grid: CellGrid) {}
    func nextEvent(timeoutMs: Int) -> InputEvent? {
      if done || ContinuousClock.now - start > .seconds(60) { return .closed }
      if !queued.isEmpty { return queued.removeFirst() }
      usleep(UInt32(max(0, min(timeoutMs, 5)) * 1000))
      return nil
    }
  }

  /// Time from start to the first frame showing the image, to all overlays, and to the map of
  /// the visible slice and of the whole volume (the medium case as .nii.gz).
  static func firstFrame(_ args: [String]) {
    let dir =
      args.firstIndex(of: "--data").flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
      ?? "/tmp/rwbench/data"
    let files = ["image", "label", "pred"].map { "\(dir)/medium_\($0).nii.gz" }
    guard files.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) else {
      print("  first frame: skipped (run python3 ../shared/bench/make_volumes.py --sizes medium)")
      return
    }
    let reps = FrameBench.option(args, "--first-frame-runs", 5)
    print(
      "first frame: medium 256x256x128 image + labels + 3-class probabilities (.nii.gz), --map rrw, 200x60, \(reps) runs"
    )
    var first: [Double] = []
    var overlays: [Double] = []
    var visibleMap: [Double] = []
    var allMaps: [Double] = []
    for _ in 0..<reps {
      var s = ViewerState()
      s.paths = [.image: files[0], .groundTruth: files[1], .prediction: files[2]]
      s.mapsWanted = true
      s.visible.map = true
      let clock = ContinuousClock()
      let t0 = clock.now
      let term = BenchTerminal(cols: 200, rows: 60, start: t0)
      let rt = ViewerRuntime(
        terminal: term, state: s,
        loader: { p in
          let r = try NIfTI.loadVolume(path: p)
          return (r.volume, r.warnings)
        }, mapSource: LossMapSource())
      var tFirst: Double?
      var tOverlays: Double?
      var tVisible: Double?
      var tAll: Double?
      rt.onFrame = { st, _ in
        let now = FrameBench.ms(clock.now - t0)
        if tFirst == nil && st.image != nil { tFirst = now }
        if tOverlays == nil && st.groundTruth != nil && st.prediction != nil { tOverlays = now }
        if let m = st.maps, tVisible == nil, m.isDone(st.cursor[0], st.cursor[1], st.cursor[2]) {
          tVisible = now
        }
        if let m = st.maps, tAll == nil, m.isComplete {
          tAll = now
          term.done = true
        }
      }
      let end = rt.run()
      if let e = end.fatalError {
        print("  first frame: failed: \(e)")
        return
      }
      first.append(tFirst ?? .nan)
      overlays.append(tOverlays ?? .nan)
      visibleMap.append(tVisible ?? .nan)
      allMaps.append(tAll ?? .nan)
    }
    let m = FrameBench.median
    print("  image on screen: median \(FrameBench.fmt(m(first))) ms (target < 1000 ms)")
    print("  labels and prediction joined: median \(FrameBench.fmt(m(overlays))) ms")
    print(
      "  rrw map of the visible slice: median \(FrameBench.fmt(m(visibleMap))) ms; whole volume: \(FrameBench.fmt(m(allMaps))) ms"
    )
    if let peer = nibabelImageLoad(dir) {
      print(
        "  peer nibabel: loading the image alone takes \(FrameBench.fmt(peer)) ms (median); rwview shows it in \(FrameBench.fmt(m(first) / peer))x that time"
      )
    } else {
      print("  peer nibabel: unavailable")
    }
  }

  /// Median ms for nibabel to load the medium image (.nii.gz) into an array, via the shared peer script.
  static func nibabelImageLoad(_ dir: String) -> Double? {
    let script = ["../shared/bench/bench_case.py", "/work/shared/bench/bench_case.py"].first {
      FileManager.default.fileExists(atPath: $0)
    }
    guard let script else { return nil }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [
      "python3", script, "load", "--size", "medium", "--kind", "image", "--ext", "nii.gz", "--tool",
      "nib_array",
    ]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return nil }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n")
    where line.hasPrefix("RESULT ") {
      if let obj = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(7).utf8))
        as? [String: Any],
        let med = obj["median"] as? Double
      {
        return med * 1000
      }
    }
    return nil
  }
}
