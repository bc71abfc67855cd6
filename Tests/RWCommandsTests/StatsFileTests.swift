import Foundation
import RWLoss
import RWNIfTI
import RWTestSupport
import RWVolume
import Testing

@testable import RWCommands

/// End-to-end `rwview maps` / `rwview stats` on real NIfTI files.
@Suite struct StatsFileTests {
  static let dir: URL = TemporaryDirectory.make("statsfile")

  @Test func mapsWritesXYZKAndRefusesItsInput() throws {
    let (gt, _, _) = try StatsCommandTests.case07()
    var grid = gt.grid
    grid.spacing = [0.8, 0.8, 2.5]
    let input = Self.dir.appendingPathComponent("labels.nii.gz").path
    try NIfTI.writeVolume(
      Volume(grid: grid, shape: gt.shape, data: gt.data), to: input, datatype: .uint8)
    let out = Self.dir.appendingPathComponent("maps.nii.gz").path
    var cmd = try RWView.parseAsRoot(["maps", input, "--map", "rw-ac", "-o", out])
    try cmd.run()
    let (vol, _) = try NIfTI.loadVolume(path: out)
    #expect(vol.shape == [8, 6, 2, 3])
    #expect(vol.grid.affine == grid.affine)
    for c in 0..<3 {
      for t in 0..<96 { #expect(vol.data[c * 96 + t] == (Int(gt.data[t]) == c ? 0 : 1)) }
    }
    var again = try RWView.parseAsRoot(["maps", input, "--map", "rrw", "-o", input])
    #expect(throws: (any Error).self) { try again.run() }
    #expect(try NIfTI.loadVolume(path: input).volume.data == gt.data)  // input untouched
  }

  @Test func statsJSONEndToEnd() throws {
    let (gt, pred, exp) = try StatsCommandTests.case07()
    let g = Self.dir.appendingPathComponent("gt.nii").path
    let p = Self.dir.appendingPathComponent("pred.nii.gz").path
    try NIfTI.writeVolume(gt, to: g, datatype: .uint8)
    try NIfTI.writeVolume(pred, to: p, datatype: .float32)
    let (g2, _) = try NIfTI.loadVolume(path: g)
    let (p2, _) = try NIfTI.loadVolume(path: p)
    let (report, _) = try StatsRunner.report(
      gt: g2, gtPath: g, pred: p2, predPath: p, forced: nil, classes: nil,
      options: MapOptions())
    #expect(StatsCommandTests.close(report.total.rwMean, try exp.loss("rw_rrw_mean")))
    var cmd = try RWView.parseAsRoot(["stats", "--gt", g, "--pred", p, "--json"])
    try cmd.run()
  }
}
