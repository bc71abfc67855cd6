import Foundation

/// `rwview-bench stats [--sizes small,medium,large,medium60,mni256] [--repeats N] [--no-peers]
/// [--data DIR] [--rwview PATH] [--python PATH]`: the release `rwview stats` as a whole
/// process (wall time, CPU time and peak RSS from `wait4`, medians over repeats) against its
/// peers run in the same session, each in its own process (Benchmarks/peers/stats_peers.py):
/// nibabel loading the two files, medpy Dice+HD95+ASSD, SimpleITK's Hausdorff filter and the
/// reference RRW/boundary pipelines (../shared/bench/rw_maps_ref.py).
///
/// Inputs: `make_volumes.py` (small, medium, large: 3-class float32 probabilities),
/// `Benchmarks/peers/make_many_classes.py` (medium60: 60 classes, a uint8 label prediction)
/// and `Benchmarks/peers/make_mni256.py` (mni256: the MNI T1 read as 256 labels, issue 11),
/// the last two written when missing. Set RWBENCH_PYTHON to the venv's python that has the
/// peers.
enum StatsBench {
  /// One input pair and what runs on it.
  struct Input {
    var name: String
    var dims: [Int]
    var classes: Int
    /// Probabilities (float32 channels) or a label map.
    var probabilities: Bool
    /// `rwview stats` map options per row.
    var maps: [String]
    var label: String { "\(name)_label.nii.gz" }
    var pred: String { "\(name)_pred.nii.gz" }
    var voxels: Int { dims.reduce(1, *) }
    /// The prediction as K float32 channels, the memory goals' unit.
    var float32Bytes: Double { Double(voxels * classes * 4) }
    /// The same in MiB, the unit of every memory figure here.
    var float32MiB: Double { float32Bytes / 1_048_576 }
  }

  static let inputs: [String: Input] = [
    "small": Input(
      name: "small", dims: [128, 128, 64], classes: 3, probabilities: true, maps: ["rrw"]),
    "medium": Input(
      name: "medium", dims: [256, 256, 128], classes: 3, probabilities: true, maps: ["rrw"]),
    "large": Input(
      name: "large", dims: [512, 512, 256], classes: 3, probabilities: true, maps: ["rrw"]),
    "medium60": Input(
      name: "medium60", dims: [256, 256, 128], classes: 60, probabilities: false,
      maps: ["rrw", "boundary"]),
    "mni256": Input(
      name: "mni256", dims: [197, 233, 189], classes: 256, probabilities: false, maps: ["rrw"]),
  ]

  struct Options {
    var sizes = ["small", "medium", "large", "medium60"]
    var repeats: Int?
    var peers = true
    var data = ProcessInfo.processInfo.environment["RWBENCH_DATA"] ?? "/tmp/rwbench/data"
    var rwview = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("rwview").path
    var python = ProcessInfo.processInfo.environment["RWBENCH_PYTHON"] ?? "/usr/bin/python3"
  }

  static func parse(_ args: [String]) -> Options {
    var o = Options()
    var i = 0
    while i < args.count {
      let v = i + 1 < args.count ? args[i + 1] : ""
      switch args[i] {
      case "--sizes":
        o.sizes = v.split(separator: ",").map(String.init)
        i += 1
      case "--repeats":
        o.repeats = Int(v)
        i += 1
      case "--data":
        o.data = v
        i += 1
      case "--rwview":
        o.rwview = v
        i += 1
      case "--python":
        o.python = v
        i += 1
      case "--no-peers": o.peers = false
      default: break
      }
      i += 1
    }
    return o
  }

  /// Medians of the whole-process measurements.
  struct Measured {
    var wall: Double
    var cpu: Double
    /// Peak RSS, MiB.
    var peakMB: Double
    var maxPeakMB: Double
    var runs: Int
  }

  static func run(_ args: [String]) {
    let o = parse(args)
    let load = String(
      format: "%.2f",
      (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))
        .flatMap { Double($0.split(separator: " ").first ?? "") } ?? .nan)
    print(
      "rwview-bench stats: \(o.rwview), data \(o.data), python \(o.python), load average \(load), "
        + "cores \(ProcessInfo.processInfo.activeProcessorCount)")
    guard FileManager.default.isExecutableFile(atPath: o.rwview) else {
      print("  \(o.rwview) not found: swift build -c release --product rwview")
      return
    }
    var nibabelMedium: Double?
    for size in o.sizes {
      guard let input = inputs[size] else {
        print("unknown size \(size) (small, medium, large, medium60, mni256)")
        continue
      }
      guard ensureData(input, o) else { continue }
      let peers = o.peers ? runPeers(input, o) : [:]
      if size == "medium" { nibabelMedium = peers["nib_load"]?.median }
      report(input, o, peers: peers, nibabelMedium: nibabelMedium)
    }
  }

  /// Writes the many-class case when it is missing; tells how to make the others.
  static func ensureData(_ input: Input, _ o: Options) -> Bool {
    let fm = FileManager.default
    let paths = [input.label, input.pred].map { "\(o.data)/\($0)" }
    if paths.allSatisfy({ fm.fileExists(atPath: $0) }) { return true }
    let makers = ["medium60": "make_many_classes.py", "mni256": "make_mni256.py"]
    if let maker = makers[input.name], let script = peerScript(maker) {
      print("  writing the \(input.name) case with \(script)")
      _ = ChildRun.run(o.python, [script, "--out", o.data])
      if paths.allSatisfy({ fm.fileExists(atPath: $0) }) { return true }
    }
    print(
      "  \(paths.joined(separator: ", ")) missing: run ../shared/bench/make_volumes.py --sizes \(input.name)"
    )
    return false
  }

  /// A script in Benchmarks/peers, found beside this source file or from the current directory.
  static func peerScript(_ name: String) -> String? {
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Benchmarks/peers/\(name)").path
    for p in [here, "Benchmarks/peers/\(name)"] where FileManager.default.fileExists(atPath: p) {
      return p
    }
    return nil
  }

  /// One peer operation: its in-process median and its process's wall time and peak RSS.
  struct Peer {
    var label: String
    var median: Double
    var runs: Int
    var process: ChildRun
  }

  /// Runs every peer operation on `input`, each in its own process.
  static func runPeers(_ input: Input, _ o: Options) -> [String: Peer] {
    guard let script = peerScript("stats_peers.py"), let shared = MapsBench.sharedBenchDir() else {
      print("  peers: Benchmarks/peers/stats_peers.py or ../shared/bench not found")
      return [:]
    }
    let slow = input.name != "small"
    var ops: [(key: String, label: String, args: [String])] = [
      ("nib_load", "nibabel loading both files", ["nib_load", "--reps", "5"]),
      ("medpy", "medpy dc+hd95+assd, every class", ["medpy", "--reps", slow ? "1" : "3"]),
      (
        "sitk_hd", "SimpleITK HausdorffDistance, every class",
        ["sitk_hd", "--reps", slow ? "1" : "3"]
      ),
    ]
    for m in input.maps {
      ops.append(
        (
          "rw_ref_\(m)", "reference \(m) maps (3D, scipy) + loss",
          ["rw_ref", "--map", m, "--reps", "1"]
        ))
    }
    var out: [String: Peer] = [:]
    for op in ops {
      let args =
        [script] + op.args + [
          "--label", "\(o.data)/\(input.label)", "--pred", "\(o.data)/\(input.pred)",
          "--shared", shared,
        ]
      guard let r = ChildRun.run(o.python, args, keepOutput: true), let rec = r.results.first,
        let median = rec["median"] as? Double
      else {
        print("  peer \(op.key): no result (is \(o.python) the venv with medpy, SimpleITK?)")
        continue
      }
      out[op.key] = Peer(label: op.label, median: median, runs: rec["n"] as? Int ?? 0, process: r)
      // Each measurement shows as soon as it is made (the table below repeats it with ratios).
      print(
        "  peer \(op.key): median \(f3(median)) s, process \(f3(r.wall)) s, \(f0(r.peakMB)) MiB")
    }
    return out
  }

  /// Runs `rwview stats` on `input` with `map`: one warm-up, then the repeats.
  static func measureStats(_ input: Input, map: String, _ o: Options) -> Measured? {
    let args = [
      "stats", "--gt", "\(o.data)/\(input.label)", "--pred", "\(o.data)/\(input.pred)", "--map",
      map,
    ]
    let repeats = o.repeats ?? (input.name == "large" ? 3 : 5)
    var runs: [ChildRun] = []
    for r in 0...repeats {
      guard let c = ChildRun.run(o.rwview, args) else { return nil }
      if c.status != 0 {
        print("  rwview \(args.joined(separator: " ")): exit status \(c.status)")
        return nil
      }
      if r > 0 { runs.append(c) }
    }
    return Measured(
      wall: Median.of(runs.map(\.wall)), cpu: Median.of(runs.map(\.cpu)),
      peakMB: Median.of(runs.map(\.peakMB)),
      maxPeakMB: runs.map(\.peakMB).max() ?? .nan, runs: runs.count)
  }

  static func report(_ input: Input, _ o: Options, peers: [String: Peer], nibabelMedium: Double?) {
    let predMB = input.float32MiB
    let kind = input.probabilities ? "float32 probabilities" : "uint8 label map"
    print(
      "\n== \(input.name): \(input.dims.map(String.init).joined(separator: "x")), \(input.classes) classes, "
        + "\(kind) prediction (as float32 channels: \(f0(predMB)) MiB)")
    print(
      pad("", 44) + pad("median s", 10) + pad("cpu s", 8) + pad("runs", 6) + pad("process s", 11)
        + pad("peak MiB", 9) + "ours vs peer")
    for map in input.maps {
      guard let m = measureStats(input, map: map, o) else { continue }
      print(
        pad("rwview stats --map \(map) (whole process)", 44) + pad(f3(m.wall), 10)
          + pad(f2(m.cpu), 8)
          + pad("\(m.runs)", 6) + pad(f3(m.wall), 11) + pad(f0(m.peakMB), 9)
          + "RSS \(String(format: "%.2f", m.peakMB / input.float32MiB))x the float32 prediction"
          + " (max \(f0(m.maxPeakMB)) MiB)")
      for (key, peer) in peers.sorted(by: { $0.key < $1.key })
      where !key.hasPrefix("rw_ref") || key == "rw_ref_\(map)" {
        print(
          pad("  " + peer.label, 44) + pad(f3(peer.median), 10) + pad(f2(peer.process.cpu), 8)
            + pad("\(peer.runs)", 6) + pad(f3(peer.process.wall), 11)
            + pad(f0(peer.process.peakMB), 9)
            + String(format: "%.2fx", m.wall / peer.median))
      }
      goals(input, map: map, m, nibabel: peers["nib_load"]?.median, nibabelMedium: nibabelMedium)
    }
  }

  /// The issue's goals for this row, met or not.
  static func goals(
    _ input: Input, map: String, _ m: Measured, nibabel: Double?, nibabelMedium: Double?
  ) {
    func line(_ what: String, _ ok: Bool) { print("  goal \(what): \(ok ? "met" : "NOT met")") }
    let rss = m.maxPeakMB / input.float32MiB
    switch input.name {
    case "medium":
      if let nb = nibabel {
        line("time <= 1.5x nibabel (\(String(format: "%.2f", m.wall / nb))x)", m.wall <= 1.5 * nb)
      }
      line("peak RSS <= 2.5x prediction (\(String(format: "%.2f", rss))x)", rss <= 2.5)
    case "large":
      line("time <= 10 s (\(f3(m.wall)) s)", m.wall <= 10)
      line("peak RSS <= 2.5x prediction (\(String(format: "%.2f", rss))x)", rss <= 2.5)
    case "medium60":
      let factor = map == "rrw" ? 2.0 : 8.0
      if let nb = nibabelMedium {
        line(
          "time <= \(f0(factor))x the medium nibabel load (\(String(format: "%.2f", m.wall / nb))x)",
          m.wall <= factor * nb)
      } else {
        print("  goal time: run with --sizes medium,medium60 for the medium nibabel load")
      }
      line("peak RSS <= 1 GiB (\(f0(m.maxPeakMB)) MiB)", m.maxPeakMB <= 1024)
    default: break
    }
  }

  static func pad(_ s: String, _ w: Int) -> String { MapsBench.pad(s, w) }
  static func f0(_ v: Double) -> String { String(format: "%.0f", v) }
  static func f2(_ v: Double) -> String { String(format: "%.2f", v) }
  static func f3(_ v: Double) -> String { String(format: "%.3f", v) }
}
