import Foundation
import RWNIfTI
import RWVolume

/// `rwview-bench load`: loading the medium (256×256×128 float32) image as .nii and .nii.gz,
/// against nibabel (../shared/bench/bench_case.py, run in the same process tree), raw zlib and
/// libdeflate inflate of the same stream, and memcpy of the same number of bytes.
///
/// Options: `--size small|medium|large` (default medium), `--kind image|label|pred`
/// (default image), `--runs N` (default 7, at least 5). Prints medians and ratios.
enum LoadBench {
  static func run(_ args: [String]) {
    var size = "medium"
    var kind = "image"
    var runs = 7
    var i = 0
    while i < args.count {
      switch args[i] {
      case "--size" where i + 1 < args.count:
        size = args[i + 1]
        i += 1
      case "--kind" where i + 1 < args.count:
        kind = args[i + 1]
        i += 1
      case "--runs" where i + 1 < args.count:
        runs = max(5, Int(args[i + 1]) ?? 7)
        i += 1
      default: break
      }
      i += 1
    }
    guard let shared = findShared() else {
      print("LoadBench: cannot find ../shared (set RWVIEW_SHARED)")
      return
    }
    let dataDir = "/tmp/rwbench/data"
    let nii = "\(dataDir)/\(size)_\(kind).nii"
    let gz = nii + ".gz"
    if !FileManager.default.fileExists(atPath: gz) || !FileManager.default.fileExists(atPath: nii) {
      print("generating volumes: python3 \(shared)/bench/make_volumes.py --sizes \(size)")
      _ = shell(["python3", "\(shared)/bench/make_volumes.py", "--sizes", size])
    }
    guard let compressed = FileManager.default.contents(atPath: gz),
      let rawSize = (try? FileManager.default.attributesOfItem(atPath: nii))?[.size] as? Int
    else {
      print("LoadBench: missing \(nii) / \(gz)")
      return
    }
    let first = try? NIfTI.loadVolume(path: nii)
    print(
      "LoadBench: \(size) \(kind): shape \(first?.volume.shape ?? []), .nii \(mb(rawSize)), .nii.gz \(mb(compressed.count)); median of \(runs) runs"
    )

    let out = UnsafeMutableRawBufferPointer.allocate(byteCount: rawSize, alignment: 64)
    defer { out.deallocate() }
    memset(out.baseAddress!, 1, rawSize)
    let src = UnsafeMutableRawBufferPointer.allocate(byteCount: rawSize, alignment: 64)
    defer { src.deallocate() }
    memset(src.baseAddress!, 2, rawSize)
    let cBytes = UnsafeMutableRawBufferPointer.allocate(byteCount: compressed.count, alignment: 64)
    defer { cBytes.deallocate() }
    compressed.copyBytes(to: cBytes)
    let c = UnsafeRawBufferPointer(cBytes)

    // The cases run round-robin (one of each per round) so that load from other processes on
    // this shared machine hits them alike; each reports the median over the rounds.
    let cases: [(String, () -> Void)] = [
      ("rwview loadVolume .nii", { _ = try! NIfTI.loadVolume(path: nii) }),
      ("rwview loadVolume .nii.gz (libdeflate)", { _ = try! NIfTI.loadVolume(path: gz) }),
      ("rwview loadVolume .nii.gz (zlib)", { _ = try! GzipBench.loadVolumeWithZlib(path: gz) }),
      (
        "raw zlib inflate of the stream (preallocated)",
        { precondition(GzipBench.zlibInflate(c, into: out) == rawSize) }
      ),
      (
        "raw libdeflate inflate of the stream (preallocated)",
        { precondition(GzipBench.libdeflateInflate(c, into: out) == rawSize) }
      ),
      (
        "memcpy \(mb(rawSize)) (pre-touched)",
        { memcpy(out.baseAddress!, src.baseAddress!, rawSize) }
      ),
      (
        "memcpy \(mb(rawSize)) into a fresh allocation",
        {
          let fresh = [UInt8](unsafeUninitializedCapacity: rawSize) { b, n in
            adviseHuge(b.baseAddress!, rawSize)  // as the reader does (and numpy)
            memcpy(b.baseAddress!, src.baseAddress!, rawSize)
            n = rawSize
          }
          precondition(fresh.count == rawSize)
        }
      ),
    ]
    for (_, body) in cases { body() }  // warm-up
    var times = [[Double]](repeating: [], count: cases.count)
    for _ in 0..<runs {
      for (k, (_, body)) in cases.enumerated() {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times[k].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
      }
    }
    var rows: [(String, Double)] = []
    for (k, (name, _)) in cases.enumerated() { rows.append((name, times[k].sorted()[runs / 2])) }
    let tNii = rows[0].1
    let tGz = rows[1].1
    let tGzZ = rows[2].1
    let tZlib = rows[3].1
    let tDeflate = rows[4].1
    let tCopy = rows[5].1
    let tCopyFresh = rows[6].1
    let nibNii = nibabel(shared, size, kind, "nii")
    let nibGz = nibabel(shared, size, kind, "nii.gz")
    if let v = nibNii { rows.append(("nibabel nib_array .nii (bench_case.py)", v)) }
    if let v = nibGz { rows.append(("nibabel nib_array .nii.gz (bench_case.py)", v)) }

    print("")
    print(pad("case", 52) + pad("median", 11))
    for (name, t) in rows { print(pad(name, 52) + pad(String(format: "%.4f s", t), 11)) }
    print("")
    print("ratios (>1 means rwview is faster):")
    if let n = nibGz {
      print(String(format: "  nibabel .nii.gz / rwview .nii.gz        %6.2fx", n / tGz))
    }
    if let n = nibNii {
      print(String(format: "  nibabel .nii / rwview .nii              %6.2fx", n / tNii))
    }
    print(String(format: "  raw zlib inflate / rwview .nii.gz       %6.2fx", tZlib / tGz))
    print(String(format: "  rwview zlib path / rwview libdeflate    %6.2fx", tGzZ / tGz))
    print(String(format: "  raw libdeflate / rwview .nii.gz         %6.2fx", tDeflate / tGz))
    print(String(format: "  memcpy fresh / rwview .nii              %6.2fx", tCopyFresh / tNii))
    print(String(format: "  memcpy pre-touched / rwview .nii        %6.2fx", tCopy / tNii))
  }

  /// nibabel's median for one file, from bench_case.py's RESULT line.
  static func nibabel(_ shared: String, _ size: String, _ kind: String, _ ext: String) -> Double? {
    let out = shell([
      "python3", "\(shared)/bench/bench_case.py", "load", "--size", size, "--kind", kind, "--ext",
      ext, "--tool", "nib_array",
    ])
    for line in out.split(separator: "\n") where line.hasPrefix("RESULT ") {
      if let obj = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(7).utf8))
        as? [String: Any],
        let m = obj["median"] as? Double
      {
        return m
      }
    }
    print("nibabel run failed:\n\(out)")
    return nil
  }

  static func findShared() -> String? {
    var candidates: [String] = []
    if let e = ProcessInfo.processInfo.environment["RWVIEW_SHARED"] { candidates.append(e) }
    let cwd = FileManager.default.currentDirectoryPath
    candidates += [cwd + "/../shared", cwd + "/../../shared"]
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    candidates += [
      here.appendingPathComponent("../shared").path,
      here.appendingPathComponent("../../shared").path,
    ]
    return candidates.first { FileManager.default.fileExists(atPath: $0 + "/bench/bench_case.py") }
  }

  @discardableResult
  static func shell(_ args: [String]) -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = args
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    do { try p.run() } catch { return "\(error)" }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  /// madvise(MADV_HUGEPAGE) on the 2 MiB-aligned interior, as RWNIfTI does for big buffers.
  static func adviseHuge(_ p: UnsafeMutableRawPointer, _ n: Int) {
    let huge = 1 << 21
    let start = (Int(bitPattern: p) + huge - 1) & ~(huge - 1)
    let end = (Int(bitPattern: p) + n) & ~(huge - 1)
    if end > start {
      _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
    }
  }

  static func mb(_ n: Int) -> String { String(format: "%.1f MB", Double(n) / 1e6) }
  static func pad(_ s: String, _ n: Int) -> String {
    s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
  }
}
