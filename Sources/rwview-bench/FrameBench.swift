import RWRender
import RWViewer

/// Times the product's frame: `view(state)`, the pipeline the viewer, `render` and exports
/// draw with (viewport → per-pixel samples → grey, map, labels → half blocks → CellGrid), with
/// the numpy peer composing the same layers in the same run.
///
/// `swift run -c release rwview-bench frame [--runs N] [--cols C] [--rows R]`
enum FrameBench {
  static func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty
      ? 0 : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
  }

  static func option(_ args: [String], _ name: String, _ def: Int) -> Int {
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) else {
      return def
    }
    return v
  }

  static func run(_ args: [String]) {
    let runs = option(args, "--runs", 300)
    let cols = option(args, "--cols", 200)
    let rows = option(args, "--rows", 60)
    let viewMedian = ViewerFrameBench.run(args)
    if let peer = peerMedian(cols: cols, rows: rows, runs: max(20, runs / 5)) {
      print(
        "  peer numpy (one 256x256 slice: window, label fill + outline, diverging map, half-block "
          + "pairs; no chrome): median \(fmt(peer)) ms; rwview's whole frame (image+gt outline+pred "
          + "fill+map, with panels) is \(fmt(peer / max(viewMedian, 1e-9)))x faster")
    } else {
      print("  peer numpy: unavailable (python3 with numpy not found)")
    }
    // Export costs, for `rwview render`: the product frame.
    let g = view(ViewerFrameBench.state(cols: cols, rows: rows))
    let clock = ContinuousClock()
    for (name, f) in [
      ("ansi 24-bit", { _ = FrameExport.ansi(g, caps: .full) }),
      (
        "ansi 256",
        { _ = FrameExport.ansi(g, caps: RenderCaps(colorMode: .palette256, unicode: true)) }
      ),
      ("png (default 6x12 cells, font)", { _ = try? FrameExport.png(g) }),
    ] as [(String, () -> Void)] {
      var times: [Double] = []
      for _ in 0..<max(5, runs / 10) {
        let t0 = clock.now
        f()
        times.append(ms(clock.now - t0))
      }
      print("  export \(name): median \(fmt(median(times))) ms")
    }
    ViewerFrameBench.firstFrame(args)
  }

  static func ms(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
  }

  static func fmt(_ x: Double) -> String {
    let v = (x * 1000).rounded() / 1000
    return String(v)
  }
}
