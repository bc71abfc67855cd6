import Foundation
import RWLoss
import RWNIfTI
import RWTestSupport
import RWViewer
import RWVolume
import Testing

@testable import RWCommands

/// The one grid rule through `rwview stats` and the viewer on Samples/phantom: a prediction
/// stored x-flipped or with i/j swapped (affine adjusted, so the same anatomy) gives the
/// numbers of the original in both, and one 30 mm off is refused with one line.
@Suite struct GridRuleStatsTests {
  static let dir = Fixtures.samples.appendingPathComponent("phantom").path
  static let image = dir + "/phantom.nii.gz"
  static let gt = dir + "/phantom_gt.nii.gz"
  static let pred = dir + "/phantom_prob.nii.gz"
  static let tmp: URL = {
    let d = FileManager.default.temporaryDirectory
      .appendingPathComponent("rwview-gridrule-\(getpid())")
    try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    return d
  }()

  /// The prediction with voxel (i, j, k) moved to `place(i, j, k)` in a volume of `dims`, and
  /// `affine` the caller worked out by hand for that storage.
  static func moved(
    _ v: Volume, dims: [Int], affine: Affine, place: (Int, Int, Int) -> (Int, Int, Int)
  ) -> Volume {
    let d = v.grid.dims
    let n = v.grid.voxelCount
    var out = [Float](repeating: 0, count: v.data.count)
    for c in 0..<v.channels {
      for k in 0..<d[2] {
        for j in 0..<d[1] {
          for i in 0..<d[0] {
            let (a, b, e) = place(i, j, k)
            out[c * n + a + dims[0] * (b + dims[1] * e)] = v.data[c * n + i + d[0] * (j + d[1] * k)]
          }
        }
      }
    }
    let spacing = (0..<3).map { c in
      (0..<3).map { r in affine[r, c] * affine[r, c] }.reduce(0, +).squareRoot()
    }
    return Volume(
      grid: VoxelGrid(dims: dims, spacing: spacing, affine: affine),
      shape: dims + Array(v.shape.dropFirst(3)), data: out)
  }

  /// Writes `v` as float32 NIfTI (the affine goes through the file's float32 sform).
  static func write(_ v: Volume, _ name: String) throws -> String {
    let path = tmp.appendingPathComponent(name).path
    try NIfTI.writeVolume(v, to: path, datatype: .float32)
    return path
  }

  /// x flipped: new i = 95 - i; the first column negated, the origin at old voxel 95.
  static func flipped(_ p: Volume) -> Volume {
    let a = p.grid.affine
    var f = a
    for r in 0..<3 {
      f[r, 0] = -a[r, 0]
      f[r, 3] = a[r, 3] + 95 * a[r, 0]
    }
    return moved(p, dims: [96, 96, 32], affine: f) { i, j, k in (95 - i, j, k) }
  }

  /// i and j swapped: the first two columns swapped.
  static func permuted(_ p: Volume) -> Volume {
    let a = p.grid.affine
    var f = a
    for r in 0..<3 {
      f[r, 0] = a[r, 1]
      f[r, 1] = a[r, 0]
    }
    return moved(p, dims: [96, 96, 32], affine: f) { i, j, k in (j, i, k) }
  }

  static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(b)) }

  @Test(arguments: ["flipped", "permuted"])
  func statsAndViewerAgreeOnAReorientedCopy(copy: String) throws {
    let (g, _) = try NIfTI.loadVolume(path: Self.gt)
    let (p, _) = try NIfTI.loadVolume(path: Self.pred)
    let options = MapOptions(kind: .boundary)
    let (original, _) = try StatsRunner.report(
      gt: g, gtPath: Self.gt, pred: p, predPath: Self.pred, forced: nil, classes: nil,
      options: options)
    let stored = copy == "flipped" ? Self.flipped(p) : Self.permuted(p)
    let path = try Self.write(stored, "pred-\(copy).nii.gz")
    let (q, _) = try NIfTI.loadVolume(path: path)
    #expect(q.grid.affine.axcodes == (copy == "flipped" ? "RAS" : "ALS"))
    let (report, notices) = try StatsRunner.report(
      gt: g, gtPath: Self.gt, pred: q, predPath: path, forced: nil, classes: nil, options: options)
    let axes = copy == "flipped" ? "(-i, j, k)" : "(j, i, k)"
    #expect(
      notices.first == "\(path): prediction stored as \(axes), reoriented onto the labels grid")
    // The same voxels on the labels' grid: the original's numbers.
    #expect(report.total == original.total)
    #expect(report.perClass == original.perClass)
    #expect(report.metrics == original.metrics)
    // The viewer reads the same files and shows the same numbers in its loss panel.
    var (s, term) = PanelStatsTests.session(
      "L", map: "boundary", files: [.image: Self.image, .groundTruth: Self.gt, .prediction: path])
    #expect(s.fatalError == nil)
    // The notice is on screen (before `L` replaces it).
    let notice = "\(path): prediction stored as \(axes), reoriented onto the image grid"
    #expect(term.frames.contains { $0.lines.contains { $0.contains(notice) } })
    for k in [0, 10, 16, 31] {
      s.cursor[2] = k
      let m = try #require(LossPanelModel(s))
      #expect(Self.close(m.slice.rwSum, report.slices.rwSum[k]), "slice \(k)")
    }
    let m = try #require(LossPanelModel(s))
    let t = try #require(m.total)
    let mine = [t.rwSum, t.rwMean, t.ce, t.softDiceLoss, t.lowestRWSum]
    let theirs = [
      report.total.rwSum, report.total.rwMean, report.total.ce, report.total.softDiceLoss,
      report.total.lowestRWSum,
    ]
    for (a, b) in zip(mine, theirs) { #expect(Self.close(a, b), "\(a) vs \(b)") }
    #expect(try #require(MetricsPanelModel(s)).volume == report.metrics)
  }

  /// 30 mm off along x: `stats` refuses it in one line that says how, and exits non-zero.
  @Test func shiftedPredictionIsRefused() throws {
    let (g, _) = try NIfTI.loadVolume(path: Self.gt)
    var (p, _) = try NIfTI.loadVolume(path: Self.pred)
    p.grid.affine[0, 3] += 30
    let path = try Self.write(p, "pred-shifted.nii.gz")
    let (q, _) = try NIfTI.loadVolume(path: path)
    #expect {
      _ = try StatsRunner.report(
        gt: g, gtPath: Self.gt, pred: q, predPath: path, forced: nil, classes: nil,
        options: MapOptions())
    } throws: { e in
      "\(e)" == "\(path): prediction grid differs from the labels: origin differs: centre at "
        + "(30, 0, 0) vs (0, 0, 0) mm, 30 mm apart"
    }
    var cmd = try RWView.parseAsRoot(["stats", "--gt", Self.gt, "--pred", path])
    #expect(throws: (any Error).self) { try cmd.run() }
  }

  /// The real binary: `stats` prints the original's table for the flipped copy with a note,
  /// and `stats` and `render` refuse the shifted one in one line.
  @Test func binaryStatsAndRenderApplyTheRule() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("gridrule")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (img, gt, pred) = try E2ESupport.writePhantom(in: dir)
    var (p, _) = try NIfTI.loadVolume(path: pred)
    p = Self.moved(
      p, dims: p.grid.dims,
      affine: {
        var f = p.grid.affine
        for r in 0..<3 {
          f[r, 3] += 39 * f[r, 0]
          f[r, 0] = -f[r, 0]
        }
        return f
      }()
    ) { i, j, k in (39 - i, j, k) }
    let flippedPath = dir.appendingPathComponent("flipped.nii.gz").path
    try NIfTI.writeVolume(p, to: flippedPath, datatype: .float32)
    let original = ProcessRunner.run(bin, ["stats", "--gt", gt, "--pred", pred])
    let flipped = ProcessRunner.run(bin, ["stats", "--gt", gt, "--pred", flippedPath])
    #expect(original.status == 0 && flipped.status == 0, "\(flipped.err)")
    // The same numbers; only the first line (the input files) differs.
    #expect(
      flipped.out.split(separator: "\n").dropFirst()
        == original.out.split(separator: "\n").dropFirst()
        && flipped.out.contains("rw_sum"))
    let note = "\(flippedPath): prediction stored as (-i, j, k), reoriented onto the labels grid"
    #expect(flipped.err.hasPrefix("rwview: note: \(note)\n"), "\(flipped.err)")
    let render = ProcessRunner.run(
      bin,
      ["render", img, "--gt", gt, "--pred", flippedPath, "--format", "text", "--size", "100x30"])
    #expect(render.status == 0)
    #expect(
      render.err.contains(
        "rwview: note: \(flippedPath): prediction stored as (-i, j, k), "
          + "reoriented onto the image grid\n"), "\(render.err)")

    var (q, _) = try NIfTI.loadVolume(path: pred)
    q.grid.affine[0, 3] += 30
    let shiftedPath = dir.appendingPathComponent("shifted.nii.gz").path
    try NIfTI.writeVolume(q, to: shiftedPath, datatype: .float32)
    let refused = ProcessRunner.run(bin, ["stats", "--gt", gt, "--pred", shiftedPath])
    #expect(refused.status != 0 && refused.out.isEmpty)
    #expect(
      refused.err == "rwview: \(shiftedPath): prediction grid differs from the labels: "
        + "origin differs: centre at (49.5, 5.5, 16) vs (19.5, 5.5, 16) mm, 30 mm apart\n")
    let notDrawn = ProcessRunner.run(
      bin, ["render", img, "--gt", gt, "--pred", shiftedPath, "--format", "text"])
    #expect(notDrawn.status != 0 && notDrawn.out.isEmpty)
    #expect(
      notDrawn.err == "rwview: \(shiftedPath): prediction grid differs from the image: "
        + "origin differs: centre at (49.5, 5.5, 16) vs (19.5, 5.5, 16) mm, 30 mm apart\n")
  }
}
