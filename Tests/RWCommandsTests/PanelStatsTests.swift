import Foundation
import RWLoss
import RWNIfTI
import RWRender
import RWTestSupport
import RWViewer
import RWVolume
import Testing

@testable import RWCommands

/// The viewer's debugging panels against `rwview stats` on the synthetic phantom: the same
/// numbers, per slice and in total, and the principle's verdict on boundary vs rrw maps.
@Suite struct PanelStatsTests {
  /// A smaller phantom (same shapes in mm, cropped grid) keeps debug-build tests quick.
  /// Read-only after creation.
  nonisolated(unsafe) static let phantom = Phantom.make(dims: [64, 64, 12])

  static func session(
    _ keys: String, map: String = "rrw", compare: String? = nil, cols: Int = 160, rows: Int = 50,
    files paths: [LayerRole: String]? = nil
  ) -> (ViewerState, RecordingTerminal) {
    let files: [String: Volume] = [
      "img.nii": phantom.image, "gt.nii": phantom.labels, "pred.nii": phantom.probabilities,
    ]
    let memory: VolumeLoader = { path in
      guard let v = files[path] else { throw RWLossError(path, "no such file") }
      return (v, [])
    }
    let loader = paths == nil ? memory : ViewSetup.loader
    var s = ViewerState()
    s.paths = paths ?? [.image: "img.nii", .groundTruth: "gt.nii", .prediction: "pred.nii"]
    s.mapOptions = MapOptions(kind: MapKind(name: map) ?? .rrw)
    if let c = compare { s.debug.compareOptions = MapOptions(kind: MapKind(name: c) ?? .rrw) }
    s.debug.simulationDelayMs = 0
    let term = RecordingTerminal(width: cols, height: rows, events: keys.map { .key(.char($0)) })
    let rt = ViewerRuntime(terminal: term, state: s, loader: loader, mapSource: LossMapSource())
    rt.deterministic = true
    return (rt.run(), term)
  }

  static func stats(_ kind: MapKind) throws -> StatsReport {
    try StatsRunner.report(
      gt: phantom.labels, gtPath: "gt.nii", pred: phantom.probabilities, predPath: "pred.nii",
      forced: nil, classes: nil, options: MapOptions(kind: kind)
    ).0
  }

  @Test(arguments: [MapKind.rrw, .boundary])
  func lossPanelEqualsStatsPerSliceAndTotal(kind: MapKind) throws {
    let report = try Self.stats(kind)
    var (s, term) = Self.session("LT", map: kind.rawValue)
    #expect(s.debug.analysis != nil && s.debug.analysis?.hasPrediction == true)
    // Every slice along k: the panel model's numbers are the report's.
    for k in 0..<12 {
      s.cursor[2] = k
      let m = try #require(LossPanelModel(s))
      #expect(m.index == k && m.axis == 2)
      #expect(m.slice.rwSum == report.slices.rwSum[k])
      #expect(m.slice.rwMean == report.slices.rwMean[k])
      #expect(m.slice.aViolations == report.slices.aViolations[k])
      #expect(m.slice.bViolations == report.slices.bViolations[k])
      #expect(m.slice.rwSumPerClass.reduce(0, +).isApproximatelyEqual(report.slices.rwSum[k]))
    }
    let m = try #require(LossPanelModel(s))
    #expect(m.total == report.total)
    #expect(m.perClass == report.perClass)
    // "of vol": |slice| / the sum of |slice| (the plain share when no slice is negative).
    let absolute = report.slices.rwSum.reduce(0) { $0 + abs($1) }
    #expect(m.share.isApproximatelyEqual(abs(report.slices.rwSum[11]) / absolute))
    if kind == .rrw {
      #expect(m.share.isApproximatelyEqual(report.slices.rwSum[11] / report.total.rwSum))
    }
    // The slices' sums add up to the total the report prints.
    #expect(report.slices.rwSum.reduce(0, +).isApproximatelyEqual(report.total.rwSum))
    // Volume metrics are the report's.
    let metrics = try #require(MetricsPanelModel(s))
    #expect(metrics.volume == report.metrics)
    // The drawn panel shows the total as `rwview stats` formats numbers in the panel.
    let frame = term.lastFrame!.lines.joined(separator: "\n")
    #expect(frame.contains("LOSS") && frame.contains("METRICS"))
  }

  /// Samples/phantom read from disk by both: the viewer's panel and `rwview stats --json`.
  @Test func samplesPhantomPanelEqualsStatsJSON() throws {
    let dir = Fixtures.packageRoot.appendingPathComponent("Samples/phantom").path
    let img = dir + "/phantom.nii.gz"
    let gt = dir + "/phantom_gt.nii.gz"
    let pred = dir + "/phantom_prob.nii.gz"
    let (g, _) = try NIfTI.loadVolume(path: gt)
    let (p, _) = try NIfTI.loadVolume(path: pred)
    let result = try StatsRunner.run(
      gt: g, gtPath: gt, pred: p, predPath: pred, forced: nil, classes: nil,
      options: MapOptions(kind: .boundary))
    let report = result.report
    let json = try JSONSerialization.jsonObject(with: Data(result.json.text.utf8)) as! [String: Any]
    let total = json["total"] as! [String: Any]
    let slices = json["slices"] as! [String: Any]
    let perSlice = (slices["rw_sum"] as! [NSNumber]).map(\.doubleValue)
    var (s, _) = Self.session(
      "L", map: "boundary", files: [.image: img, .groundTruth: gt, .prediction: pred])
    #expect(s.fatalError == nil)
    for k in 0..<perSlice.count {
      s.cursor[2] = k
      let m = try #require(LossPanelModel(s))
      // Exactly the report's value; the JSON text parses back within the parser's last digit.
      #expect(m.slice.rwSum == report.slices.rwSum[k], "slice \(k)")
      #expect(abs(m.slice.rwSum - perSlice[k]) <= 1e-12 * abs(perSlice[k]), "slice \(k)")
    }
    let m = try #require(LossPanelModel(s))
    #expect(m.total == report.total)
    for key in ["rw_sum", "rw_mean", "ce", "soft_dice_loss", "lowest_rw_sum"] {
      let v = (total[key] as! NSNumber).doubleValue
      let t = try #require(m.total)
      let mine = [t.rwSum, t.rwMean, t.ce, t.softDiceLoss, t.lowestRWSum][
        ["rw_sum", "rw_mean", "ce", "soft_dice_loss", "lowest_rw_sum"].firstIndex(of: key)!]
      #expect(abs(mine - v) <= 1e-12 * max(1, abs(v)), "\(key)")
    }
  }

  /// The 3-class phantom: the instability view counts B violations for boundary and none for
  /// rrw (also side by side), and the counts equal the report's.
  @Test func principleViolationsBoundaryNotRRW() throws {
    let (s, term) = Self.session("IC", map: "rrw", compare: "boundary")
    let rrw = try #require(InstabilityPanelModel(s))
    let boundary = try #require(InstabilityPanelModel(s, compare: true))
    #expect(rrw.settings.name == "rrw" && boundary.settings.name == "boundary")
    #expect(rrw.totalA == 0 && rrw.totalB == 0 && rrw.totalRaised == 0)
    #expect(boundary.totalB > 0 && boundary.totalRaised > 0)
    #expect(boundary.totalA == (try Self.stats(.boundary)).total.aViolations)
    #expect(boundary.totalB == (try Self.stats(.boundary)).total.bViolations)
    #expect(boundary.badges.contains { $0.text.hasPrefix("unbounded") })
    #expect(!rrw.badges.contains { $0.text.hasPrefix("unbounded") })
    let text = term.lastFrame!.lines.joined(separator: "\n")
    #expect(text.contains("INSTABILITY"))
    #expect(text.contains("rrw slice A 0  B 0"))
  }

  /// The simulator in the viewer, both maps side by side on the current slice.
  @Test func simulatorSideBySide() throws {
    let (s, term) = Self.session("Cs", map: "rrw", compare: "boundary")
    let sim = try #require(s.debug.simulation)
    #expect(!sim.running)
    let a = try #require(sim.main)
    let b = try #require(sim.compare)
    #expect(a.history.count == 51 && b.history.count == 51)
    #expect(a.raised.allSatisfy { !$0 })
    #expect(b.raised.contains(true))
    #expect(a.history.last!.rwSum < a.history.first!.rwSum)
    #expect(term.lastFrame!.lines.contains { $0.contains("DESCENT") && $0.contains("50/50") })
  }
}

extension Double {
  func isApproximatelyEqual(_ other: Double) -> Bool {
    abs(self - other) <= 1e-9 * Swift.max(1, abs(other))
  }
}
