import Foundation
import RWLoss
import RWSystem
import RWTestSupport
import RWVolume
import RWZlib
import Testing

@testable import RWCommands
@testable import RWNIfTI

/// `stats` and `maps` estimate their peak before allocating and refuse above the memory
/// guard with one line; `info --stats` streams (issue 13 item 9, issue 8 item 5).
@Suite struct MemoryGuardTests {
  /// A 128³ uint8 label map (2 MB of voxels, a few KB compressed) with classes 0, 1, 2.
  static func labels(in dir: URL, side: Int = 128) throws -> String {
    let dims = [side, side, side]
    let grid = VoxelGrid(dims: dims, spacing: [1, 1, 1], affine: .identity)
    var data = [Float](repeating: 0, count: grid.voxelCount)
    for v in 0..<data.count where v % side >= side / 4 { data[v] = v % side >= side / 2 ? 2 : 1 }
    let p = dir.appendingPathComponent("labels-\(side).nii.gz").path
    try NIfTI.writeVolume(Volume(grid: grid, shape: dims, data: data), to: p, datatype: .uint8)
    return p
  }

  /// A `side`³ uint8 .nii.gz of zeros but one voxel of 200, written without holding the
  /// volume: gzip members of 4 MiB each (1024³ is about 1 MB on disk).
  static func bigZeros(in dir: URL, side: Int) throws -> String {
    var h = NIfTIHeader.blank(shape: [side, side, side], datatype: .uint8)
    h.sformCode = 1
    let piece = 1 << 22
    let zero = [UInt8](repeating: 0, count: piece)
    var one = zero
    one[12345] = 200
    func gz(_ b: [UInt8]) throws -> [UInt8] {
      try b.withUnsafeBytes { try Zlib.gzip($0, level: 9) }
    }
    let zeroMember = try gz(zero)
    var file = try gz(h.encoded() + [0, 0, 0, 0]) + gz(one)
    for _ in 1..<(side * side * side / piece) { file += zeroMember }
    let p = dir.appendingPathComponent("zeros-\(side).nii.gz").path
    try Data(file).write(to: URL(fileURLWithPath: p))
    return p
  }

  /// Runs `body` with `extra` bytes allowed on top of what the process already holds.
  static func withHeadroom<R>(_ extra: Int, _ body: () throws -> R) rethrows -> R {
    let inUse = MemoryBudget.withLimit(1 << 40) {
      (1 << 40) - (MemoryBudget.available()?.bytes ?? 0)
    }
    return try MemoryBudget.withLimit(inUse + extra, body)
  }

  /// The refusal's one line, or nil when `body` did not throw.
  static func refusal(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch {
      return "\(error)"
    }
  }

  /// The estimates are the measured per-voxel costs (see `MemoryEstimate`), and saturate.
  @Test func estimatesAddUpAndSaturate() throws {
    let n = 128 * 128 * 128
    #expect(MemoryEstimate.prediction(voxels: n, channels: 1) == n * 8)
    #expect(MemoryEstimate.prediction(voxels: n, channels: 5) == n * 20)
    // 88 bytes a voxel, and 12 sums of 8 bytes per class per slice of each axis.
    #expect(MemoryEstimate.report(dims: [128, 128, 128], classes: 3) == n * 88 + 384 * 3 * 96)
    #expect(MemoryEstimate.mapSet(voxels: n, classes: 3) == n * 30)
    #expect(MemoryEstimate.mapsCase(dims: [128, 128, 128], classes: 3) == n * 39)
    // Labels (Float + classes) 8, a one-channel prediction 4 + 8, the report 88 (K = 2).
    let one = MemoryEstimate.statsCase(dims: [128, 128, 128], predictionValues: n, channels: 1)
    #expect(one == n * 108 + 384 * 2 * 96)
    #expect(MemoryEstimate.mapSet(voxels: 1 << 40, classes: 1 << 30) == Int.max)
    let huge = [1 << 30, 1 << 30, 1 << 30]
    #expect(MemoryEstimate.statsCase(dims: huge, predictionValues: 1, channels: 1) == Int.max)
    let dir = try TemporaryDirectory.create("memory-estimate")
    defer { try? FileManager.default.removeItem(at: dir) }
    let gt = try Self.labels(in: dir)
    let peak = try #require(StatsRunner.peakBytes(labels: gt, prediction: gt))
    #expect(peak.dims == [128, 128, 128])
    #expect(peak.bytes == n * 108 + 384 * 2 * 96)
  }

  @Test func statsRefusesBeforeReadingAnything() throws {
    let dir = try TemporaryDirectory.create("memory-stats")
    defer { try? FileManager.default.removeItem(at: dir) }
    let gt = try Self.labels(in: dir)
    try Self.withHeadroom(64 << 20) {
      let line = try #require(
        Self.refusal { try StatsRunner.checkMemory(labels: gt, prediction: gt) })
      // 128³ × 108 bytes + profiles = 216.1 MB.
      #expect(line.hasPrefix("\(gt): stats on 128×128×128 voxels needs 216.1 MB"), "\(line)")
      #expect(line.contains("--max-memory") && !line.contains("\n"))
      #expect(throws: (any Error).self) {
        try StatsCommand.parse(["--gt", gt, "--pred", gt]).run()
      }
    }
    try Self.withHeadroom(1 << 30) { try StatsRunner.checkMemory(labels: gt, prediction: gt) }
  }

  /// Inside `StatsRunner.run` (the dataset runner and tests call it on loaded volumes) the
  /// report's own estimate is checked before the engine allocates.
  @Test func statsReportIsCheckedBeforeTheEngine() throws {
    let dir = try TemporaryDirectory.create("memory-report")
    defer { try? FileManager.default.removeItem(at: dir) }
    let gt = try Self.labels(in: dir, side: 64)
    let vol = try NIfTI.loadVolume(path: gt).volume
    // 64³ × 88 bytes + profiles = 22.1 MB; reading the prediction (2 MB) fits in 8 MB.
    try Self.withHeadroom(8 << 20) {
      let line = try #require(
        Self.refusal {
          _ = try StatsRunner.run(
            gt: vol, gtPath: gt, pred: vol, predPath: gt, forced: nil, classes: nil,
            options: MapOptions())
        })
      #expect(line.hasPrefix("the 3-class report on 64×64×64 voxels needs 22.1 MB"), "\(line)")
      #expect(line.contains("--max-memory") && !line.contains("\n"))
    }
    let fits = try Self.withHeadroom(256 << 20) {
      try StatsRunner.run(
        gt: vol, gtPath: gt, pred: vol, predPath: gt, forced: nil, classes: nil,
        options: MapOptions())
    }
    let dice = fits.report.metrics.map { (m: ClassMetrics) in m.dice }
    #expect(dice == [1, 1, 1])
  }

  @Test func mapsRefusesBeforeTheEngine() throws {
    let dir = try TemporaryDirectory.create("memory-maps")
    defer { try? FileManager.default.removeItem(at: dir) }
    let gt = try Self.labels(in: dir)
    let vol = try NIfTI.loadVolume(path: gt).volume
    let lv = try MapsRunner.labelVolume(vol, path: gt, classes: nil)
    // 128³ voxels × (18 + 4·3) bytes = 60 MB.
    try Self.withHeadroom(32 << 20) {
      let line = try #require(
        Self.refusal {
          _ = try MapsRunner.mapVolume(labels: lv, grid: vol.grid, options: MapOptions())
        })
      #expect(line.hasPrefix("the 3-class map set of 128×128×128 voxels needs 60 MB"), "\(line)")
      let early = try #require(Self.refusal { try MapsRunner.checkMemory(labels: gt, classes: 3) })
      #expect(early.hasPrefix("\(gt): maps on 128×128×128 voxels needs 78 MB"), "\(early)")
      #expect(!early.contains("\n") && early.contains("--max-memory"))
      let out = dir.appendingPathComponent("maps.nii.gz").path
      #expect(throws: (any Error).self) { try MapsCommand.parse([gt, "-o", out]).run() }
      #expect(!FileManager.default.fileExists(atPath: out))
    }
  }

  /// The volumes: a 1024³ uint8 .nii.gz of about 1 MB. `info --json --stats` streams
  /// it within 64 MB; `stats` on 512³ and `maps` on 1024³ refuse with one line before reading
  /// the voxels, under a 1 GB `--max-memory`.
  @Test func largeVolumesStreamOrRefuse() throws {
    let dir = try TemporaryDirectory.create("memory-large")
    defer { try? FileManager.default.removeItem(at: dir) }
    let big = try Self.bigZeros(in: dir, side: 1024)
    let mid = try Self.bigZeros(in: dir, side: 512)
    let size = try FileManager.default.attributesOfItem(atPath: big)[.size] as? Int ?? 0
    #expect(size < 2 << 20)
    try Self.withHeadroom(64 << 20) {
      let r = try NIfTIReport.make(path: big, stats: true)
      let s = try #require(r.stats?.first)
      #expect(s.count == 1 << 30 && s.nonzeroCount == 1 && s.max == 200 && s.sum == 200)
    }
    try Self.withHeadroom(1 << 30) {
      let stats = try #require(
        Self.refusal { try StatsRunner.checkMemory(labels: mid, prediction: mid) })
      // 512³ × 108 bytes + profiles = 13.5 GB.
      #expect(stats.hasPrefix("\(mid): stats on 512×512×512 voxels needs 13.5 GB"), "\(stats)")
      #expect(!stats.contains("\n") && stats.contains("--max-memory"))
      let maps = try #require(
        Self.refusal { try MapsRunner.checkMemory(labels: big, classes: nil) })
      // 1024³ × (9 + 18 + 4·2) bytes = 35 GB.
      #expect(maps.hasPrefix("\(big): maps on 1024×1024×1024 voxels needs 35 GB"), "\(maps)")
      #expect(!maps.contains("\n") && maps.contains("--max-memory"))
    }
  }
}
