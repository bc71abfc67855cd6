import Foundation
import RWLoss

/// `rwview-bench maps [--sizes small,medium] [--no-peers] [--data DIR]`: EDT, the full rrw and
/// boundary map sets and per-slice loss profiles on the make_volumes.py volumes, against the peers
/// in ../shared/bench run in the same process tree; medians, ratios and peak memory.
enum MapsBench {
  static func run(_ args: [String]) {
    var sizes = ["small", "medium"]
    var data = ProcessInfo.processInfo.environment["RWBENCH_DATA"] ?? "/tmp/rwbench/data"
    var peers = true
    var lean = false
    var i = 0
    while i < args.count {
      switch args[i] {
      case "--sizes":
        i += 1
        if i < args.count { sizes = args[i].split(separator: ",").map(String.init) }
      case "--data":
        i += 1
        if i < args.count { data = args[i] }
      case "--no-peers": peers = false
      case "--lean": lean = true
      default: break
      }
      i += 1
    }
    let bench = sharedBenchDir()
    print(
      "rwview-bench maps: data \(data), peers \(peers ? bench ?? "NOT FOUND" : "off"), cores \(ProcessInfo.processInfo.activeProcessorCount)"
    )
    for size in sizes {
      do {
        try runSize(size, data: data, bench: peers ? bench : nil, lean: lean)
      } catch {
        print("maps bench \(size): \(error)")
      }
    }
  }

  struct Row {
    var op: String
    var ours: Timing
    var peerName: String
  }

  /// Median wall and CPU (all threads) seconds.
  struct Timing {
    var wall: Double
    var cpu: Double
  }

  /// `lean`: skip the stats row and run only the peers the map targets need (rrw_ref, bnd_ref
  /// on sizes other than large, rrw_edt_multilabel_p2, bnd_edt_p2, edt_ml_p2, sitk_t2): for
  /// the large volume, where each reference run takes minutes.
  static func runSize(_ size: String, data: String, bench: String?, lean: Bool = false) throws {
    let lab = try RawNIfTI.read(path: "\(data)/\(size)_label.nii")
    let pr = try RawNIfTI.read(path: "\(data)/\(size)_pred.nii")
    let dims = Array(lab.shape.prefix(3))
    let spacing = Array(lab.spacing.prefix(3))
    let labels = try LabelVolume(dims: dims, spacing: spacing, values: lab.data)
    let k = labels.classCount
    let pred = try Prediction(dims: dims, classCount: k, probabilities: pr.data)
    let n = labels.voxelCount
    if ProcessInfo.processInfo.environment["RWBENCH_ONLY"] == "stats" {
      let t = median {
        _ = try! StatsReport.make(labels: labels, prediction: pred, options: MapOptions())
      }
      print("stats report: \(t.wall) s wall, \(t.cpu) s cpu")
      return
    }
    print("\n== \(size): \(dims[0])x\(dims[1])x\(dims[2]), K=\(k), spacing \(spacing)")
    if ProcessInfo.processInfo.environment["RWBENCH_ONLY"] == "edt" {
      var out = [Float](repeating: 0, count: n)
      for sp in [[1.0, 1, 1], spacing] {
        for axes in [[0], [0, 1], [0, 1, 2]] {
          let t = median {
            labels.labels.withUnsafeBufferPointer { l in
              out.withUnsafeMutableBufferPointer { o in
                EDT.squaredDistances(keys: l, out: o, dims: dims, axes: axes, spacing: sp)
              }
            }
          }
          print(
            pad("edt \(sp) \(axes)", 40) + String(format: "%.4f s wall  %.4f s cpu", t.wall, t.cpu))
        }
      }
      return
    }
    if ProcessInfo.processInfo.environment["RWBENCH_ONLY"] == "rrw" {
      for (name, opts) in [
        ("rrw 3D voxel", MapOptions(kind: .rrw, geometry: .volume, units: .voxel)),
        ("rrw 3D mm", MapOptions(kind: .rrw, geometry: .volume, units: .mm)),
        ("rrw 2D k voxel", MapOptions(kind: .rrw)),
      ] {
        if let v = ProcessInfo.processInfo.environment["RWBENCH_VARIANT"], !name.contains(v) {
          continue
        }
        let t = median {
          let e = try! MapEngine(labels: labels, options: opts)
          _ = try! e.allChannels()
        }
        print(pad(name, 20) + String(format: "%.4f s wall  %.4f s cpu", t.wall, t.cpu))
      }
      return
    }
    let ml3D: () -> Void = {
      var out = [Float](repeating: 0, count: n)
      labels.labels.withUnsafeBufferPointer { l in
        out.withUnsafeMutableBufferPointer { o in
          EDT.squaredDistances(keys: l, out: o, dims: dims, axes: [0, 1, 2], spacing: spacing)
        }
      }
    }
    let signed3: () -> Void = {
      var out = [Float](repeating: 0, count: n)
      var keys = [UInt8](repeating: 0, count: n)
      for c in 0..<k {
        for t in 0..<n { keys[t] = labels.labels[t] == Int32(c) ? 1 : 0 }
        keys.withUnsafeBufferPointer { kp in
          out.withUnsafeMutableBufferPointer { o in
            EDT.squaredDistances(keys: kp, out: o, dims: dims, axes: [0, 1, 2], spacing: spacing)
          }
        }
      }
    }
    func mapSet(_ opts: MapOptions) -> () -> Void {
      {
        let e = try! MapEngine(labels: labels, options: opts)
        _ = try! e.allChannels()
      }
    }
    let profEngine = try MapEngine(
      labels: labels, options: MapOptions(kind: .rrw, geometry: .volume, units: .mm))
    // The transform is cached: time the profile pass itself.
    _ = try profEngine.rwProfiles(prediction: pred)
    var rows: [Row] = []
    rows.append(
      Row(
        op: "EDT inside, all classes (1 multi-label pass, mm)", ours: median(ml3D),
        peerName: "edt_ml_p2"))
    rows.append(Row(op: "EDT signed, 3 classes (mm)", ours: median(signed3), peerName: "sitk_t2"))
    rows.append(Row(op: "EDT signed, 3 classes (mm)", ours: rows[1].ours, peerName: "edt_p2"))
    rows.append(Row(op: "EDT signed, 3 classes (mm)", ours: rows[1].ours, peerName: "edt_sdf_p2"))
    let rrwVox = median(mapSet(MapOptions(kind: .rrw, geometry: .volume, units: .voxel)))
    rows.append(Row(op: "RRW maps, every class, 3D voxel units", ours: rrwVox, peerName: "rrw_ref"))
    let rrwMM = median(mapSet(MapOptions(kind: .rrw, geometry: .volume, units: .mm)))
    rows.append(
      Row(op: "RRW maps, every class, 3D mm", ours: rrwMM, peerName: "rrw_edt_perclass_p2"))
    rows.append(
      Row(op: "RRW maps, every class, 3D mm", ours: rrwMM, peerName: "rrw_edt_multilabel_p2"))
    rows.append(Row(op: "RRW maps, every class, 3D mm", ours: rrwMM, peerName: "sitk_t2"))
    let rrw2D = median(mapSet(MapOptions(kind: .rrw)))
    rows.append(
      Row(
        op: "RRW maps, every class, 2D per k-slice (reference default)", ours: rrw2D,
        peerName: "rrw_ref"))
    let bndVox = median(mapSet(MapOptions(kind: .boundary, geometry: .volume, units: .voxel)))
    rows.append(
      Row(op: "Boundary maps, every class, 3D voxel units", ours: bndVox, peerName: "bnd_ref"))
    let bndMM = median(mapSet(MapOptions(kind: .boundary, geometry: .volume, units: .mm)))
    rows.append(
      Row(op: "Boundary (signed) maps, every class, 3D mm", ours: bndMM, peerName: "sitk_t2"))
    rows.append(
      Row(op: "Boundary (signed) maps, every class, 3D mm", ours: bndMM, peerName: "bnd_edt_p2"))
    let prof = median { _ = try! profEngine.rwProfiles(prediction: pred) }
    let stream = median {
      var s = 0.0
      pr.data.withUnsafeBufferPointer { p in
        for t in stride(from: 0, to: p.count, by: 1) { s += Double(p[t]) }
      }
      if s == -1 { print(s) }
    }
    rows.append(Row(op: "(floor) one read pass over the prediction", ours: stream, peerName: "-"))
    if !lean {
      let stats = median {
        _ = try! StatsReport.make(labels: labels, prediction: pred, options: MapOptions())
      }
      rows.append(
        Row(
          op: "rwview stats report (rrw 2D, every loss, principle, metrics)", ours: stats,
          peerName: "-"))
    }
    rows.append(
      Row(op: "RW loss profiles, 3 axes (closed form)", ours: prof, peerName: "profiles_compact"))
    rows.append(
      Row(op: "RW loss profiles, 3 axes (closed form)", ours: prof, peerName: "profiles_all"))
    let selfPeak = peakMemoryMB()

    var peerTimes: [String: Double] = [:]
    var peerCPU: [String: Double] = [:]
    var peerPeak: [String: Double] = [:]
    if let b = bench {
      for tool in lean
        ? ["edt_ml_p2", "sitk_t2"] : ["edt_ml_p2", "edt_p2", "edt_sdf_p2", "sitk_t2"]
      {
        for r in runPeer(["\(b)/bench_case.py", "edt", "--size", size, "--tool", tool]) {
          peerTimes[tool] = r["median"] as? Double
          peerCPU[tool] = r["cpu_median"] as? Double
          peerPeak[tool] = r["op_peak_mb"] as? Double
        }
      }
      let ops =
        lean
        ? (size == "large"
          ? "rrw_ref,rrw_edt_multilabel_p2,bnd_edt_p2"
          : "rrw_ref,bnd_ref,rrw_edt_multilabel_p2,bnd_edt_p2")
        : "rrw_ref,bnd_ref,rrw_edt_perclass_p2,rrw_edt_multilabel_p2,bnd_edt_p2,profiles_all,profiles_compact"
      for r in runPeer(["\(b)/rw_maps_ref.py", "--size", size, "--ops", ops]) {
        if let op = r["op"] as? String {
          peerTimes[op] = r["median"] as? Double
          peerCPU[op] = r["cpu_median"] as? Double
          peerPeak[op] = r["op_peak_mb"] as? Double
        }
      }
    }
    print(
      pad("operation", 58) + pad("rwview s", 10) + pad("(cpu s)", 9) + pad("peer", 23)
        + pad("peer s", 9)
        + pad("(cpu s)", 9) + pad("ratio", 8) + pad("cpu ratio", 10) + "peer MB")
    for r in rows {
      let peer = peerTimes[r.peerName]
      let pc = peerCPU[r.peerName]
      let ratio = peer.map { String(format: "%.1fx", $0 / r.ours.wall) } ?? "-"
      let cratio = pc.map { String(format: "%.1fx", $0 / r.ours.cpu) } ?? "-"
      let pt = peer.map { String(format: "%.4f", $0) } ?? "-"
      let pct = pc.map { String(format: "%.4f", $0) } ?? "-"
      let pm = peerPeak[r.peerName].map { String(format: "%.0f", $0) } ?? "-"
      print(
        pad(r.op, 58) + pad(String(format: "%.4f", r.ours.wall), 10)
          + pad(String(format: "%.4f", r.ours.cpu), 9)
          + pad(r.peerName, 23) + pad(pt, 9) + pad(pct, 9) + pad(ratio, 8) + pad(cratio, 10) + pm)
    }
    let bytes = Double(pr.data.count * 4 + n * 4 + n * 4)
    print(
      String(
        format: "profile pass streams %.0f MB (P, labels, d): %.1f GB/s", bytes / 1e6,
        bytes / prof.wall / 1e9))
    print(
      String(
        format: "rwview peak RSS so far: %.0f MB (inputs %.0f MB)", selfPeak,
        Double(lab.data.count * 4 + pr.data.count * 4 + n * 4 + pr.data.count * 4) / 1e6))
  }

  /// Median wall and CPU time of `body` over at least 5 runs (more while under ~4 s total).
  static func median(_ body: () -> Void) -> Timing {
    body()  // warm-up
    var times: [Double] = []
    var cpus: [Double] = []
    let start = DispatchTime.now().uptimeNanoseconds
    repeat {
      let c0 = cpuSeconds()
      let t0 = DispatchTime.now().uptimeNanoseconds
      body()
      times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
      cpus.append(cpuSeconds() - c0)
    } while times.count < 5
      || (times.count < 15 && Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 < 4)
    times.sort()
    cpus.sort()
    return Timing(wall: times[times.count / 2], cpu: cpus[cpus.count / 2])
  }

  /// User + system CPU seconds of this process (all threads).
  static func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(
      u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
  }

  static func pad(_ s: String, _ w: Int) -> String {
    s.count >= w ? s + " " : s + String(repeating: " ", count: w - s.count)
  }

  /// VmHWM of this process in MB.
  static func peakMemoryMB() -> Double {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
      return .nan
    }
    for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? .nan
      return kb / 1024
    }
    return .nan
  }

  /// ../shared/bench from the current directory or $RWVIEW_SHARED.
  static func sharedBenchDir() -> String? {
    if let env = ProcessInfo.processInfo.environment["RWVIEW_SHARED"] { return env + "/bench" }
    var dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    for _ in 0..<5 {
      let cand = dir.appendingPathComponent("shared/bench").path
      if FileManager.default.fileExists(atPath: cand + "/rw_maps_ref.py") { return cand }
      let cand2 = dir.appendingPathComponent("../shared/bench").standardizedFileURL.path
      if FileManager.default.fileExists(atPath: cand2 + "/rw_maps_ref.py") { return cand2 }
      dir = dir.deletingLastPathComponent()
    }
    return nil
  }

  /// Runs one peer script; returns its RESULT records.
  static func runPeer(_ args: [String]) -> [[String: Any]] {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3"] + args
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch {
      print("peer \(args): \(error)")
      return []
    }
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let text = String(decoding: out, as: UTF8.self)
    var recs: [[String: Any]] = []
    for line in text.split(separator: "\n") where line.hasPrefix("RESULT ") {
      if let d = line.dropFirst(7).data(using: .utf8),
        let o = try? JSONSerialization.jsonObject(with: d) as? [String: Any]
      {
        recs.append(o)
      }
    }
    if recs.isEmpty { print("peer \(args.joined(separator: " ")): no RESULT lines") }
    return recs
  }
}

/// A minimal reader for the benchmark's own uncompressed NIfTI-1 files (uint8 or float32),
/// so the benchmark does not depend on the full reader. Not for user input.
enum RawNIfTI {
  struct Image {
    var shape: [Int]
    var spacing: [Double]
    var data: [Float]
  }

  static func read(path: String) throws -> Image {
    let d = try Data(contentsOf: URL(fileURLWithPath: path))
    guard d.count >= 352 else { throw RWLossError(path, "too short for NIfTI-1") }
    func i16(_ o: Int) -> Int {
      Int(d.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: o, as: Int16.self) })
    }
    func f32(_ o: Int) -> Float {
      d.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: o, as: Float.self) }
    }
    let nd = i16(40)
    guard (1...7).contains(nd) else { throw RWLossError(path, "unexpected dim[0] \(nd)") }
    let shape = (1...nd).map { i16(40 + 2 * $0) }
    let dtype = i16(70)
    let off = Int(f32(108))
    let spacing = (1...3).map { Double(f32(76 + 4 * $0)) }
    let count = shape.reduce(1, *)
    var out = [Float](repeating: 0, count: count)
    try d.withUnsafeBytes { raw in
      switch dtype {
      case 2:
        guard off + count <= d.count else { throw RWLossError(path, "truncated") }
        for t in 0..<count { out[t] = Float(raw[off + t]) }
      case 16:
        guard off + 4 * count <= d.count else { throw RWLossError(path, "truncated") }
        out.withUnsafeMutableBytes { o in
          o.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[off..<(off + 4 * count)]))
        }
      default: throw RWLossError(path, "datatype \(dtype) not handled by the bench reader")
      }
    }
    return Image(shape: shape, spacing: spacing, data: out)
  }
}
