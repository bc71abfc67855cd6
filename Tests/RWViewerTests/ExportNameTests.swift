import Foundation
import RWRender
import Testing

@testable import RWViewer

/// Exports (`X` frame, `#` profile) are named after the view and a counter and never replace
/// an earlier export.
@Suite struct ExportNameTests {
  @Test func theNameSaysWhatTheFrameShows() {
    var s = ViewFrameTests.small()
    #expect(s.exportView == "labels")
    s.visible.groundTruth = false
    s.visible.prediction = false
    #expect(s.exportView == "image")
    s.visible.map = true
    s.selectedClass = 2
    #expect(s.exportView == "map_rrw_c2")
    s.mapQuantity = .loss
    s.debug.lossPanel = true
    s.debug.profileVisible = true
    s.debug.profileMode = .violations
    s.debug.instability = .raise
    #expect(s.exportView == "loss_rrw-instability_raise-losspanel-profile_violations")
    s.visible.error = true
    s.debug = DebugState()
    s.debug.metricsPanel = true
    s.debug.compare = true
    #expect(s.exportView == "errors-vs_boundary-metrics")
  }

  @Test func xAsksForTheNextFreeNameOfThisView() throws {
    var s = ViewFrameTests.small()
    s.paths[.image] = "/data/case 7.nii.gz"
    s.debug.exportDirectory = "/out"
    let effects = performDebug(&s, .exportFrame)
    guard case .debug(.exportFrame(_, let name, let inputs)) = try #require(effects.first) else {
      Issue.record("no export effect: \(effects)")
      return
    }
    #expect(name.base == "/out/rwview-case_7-axial-2-labels")
    #expect(name.path(3, ".png") == "/out/rwview-case_7-axial-2-labels-3.png")
    #expect(inputs.sorted() == ["/data/case 7.nii.gz", "gt.nii", "pred.nii"])
    #expect(s.message == "writing /out/rwview-case_7-axial-2-labels-N.png")
  }

  /// Two exports of one view get 1 and 2; the profile's .csv and .json share a counter and
  /// skip a counter where either exists; nothing earlier is replaced.
  @Test func writingNeverReplacesAnEarlierExport() throws {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("rwview-export-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let frame = ExportName(base: dir + "/rwview-c-axial-4-labels")
    #expect(try frame.write([(".png", [1])], protecting: []) == [frame.path(1, ".png")])
    #expect(try frame.write([(".png", [2])], protecting: []) == [frame.path(2, ".png")])
    #expect(FileManager.default.contents(atPath: frame.path(1, ".png")) == Data([1]))
    let profile = ExportName(base: dir + "/rwview-c-rrw-k-profile")
    FileManager.default.createFile(atPath: profile.path(1, ".json"), contents: Data("x".utf8))
    let written = try profile.write([(".csv", Array("a".utf8)), (".json", [])], protecting: [])
    #expect(written == [profile.path(2, ".csv"), profile.path(2, ".json")])
    #expect(FileManager.default.contents(atPath: profile.path(1, ".json")) == Data("x".utf8))
    #expect(!FileManager.default.fileExists(atPath: profile.path(1, ".csv")))
  }
}
