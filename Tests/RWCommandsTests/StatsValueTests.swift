import RWLoss
import RWVolume
import Testing

@testable import RWCommands

/// `stats` (and `maps`) on labels or predictions holding NaN, ±Inf, ±3e38 or 1e20 at one voxel:
/// one error line naming the file, the voxel (and the channel); never a trap (issue 8 item 3).
@Suite struct StatsValueTests {
  static let hostile: [Float] = [.nan, .infinity, -.infinity, 3e38, -3e38, 1e20]
  static let grid = VoxelGrid(dims: [3, 2, 1], spacing: [1, 1, 1], affine: .identity)

  static func volume(_ v: [Float], channels: Int = 1) -> Volume {
    Volume(grid: grid, shape: channels == 1 ? [3, 2, 1] : [3, 2, 1, channels], data: v)
  }

  static func run(gt: Volume, pred: Volume) throws {
    _ = try StatsRunner.run(
      gt: gt, gtPath: "gt.nii", pred: pred, predPath: "pred.nii", forced: nil, classes: nil,
      options: MapOptions())
  }

  static func labelProblem(_ x: Float) -> String {
    x.isFinite && x > 0
      ? "value \(x) at voxel (1,1,0) is too large for a class label (at most 2147483520)"
      : "value \(x) at voxel (1,1,0) is not a class label (a non-negative integer)"
  }

  @Test(arguments: hostile) func hostileVoxelIsOneLine(_ x: Float) throws {
    let good: [Float] = [0, 1, 1, 0, 0, 1]
    var bad = good
    bad[4] = x
    #expect(throws: RWLossError("gt.nii", Self.labelProblem(x))) {
      try Self.run(gt: Self.volume(bad), pred: Self.volume(good))
    }
    #expect(throws: RWLossError("gt.nii", Self.labelProblem(x))) {
      _ = try MapsRunner.classes(
        Self.volume(bad), path: "gt.nii", classes: nil, table: nil, remap: false)
    }
    #expect(throws: RWLossError("pred.nii", Self.labelProblem(x))) {
      try Self.run(gt: Self.volume(good), pred: Self.volume(bad))
    }
    // Two-channel logits/probabilities: x in channel 1 of voxel (1,1,0).
    var probs: [Float] = good.map { 1 - $0 } + good
    probs[6 + 4] = x
    let pred = Self.volume(probs, channels: 2)
    if x.isFinite {
      // A huge finite logit is a logit: the numbers stay finite or n/a, no trap.
      try Self.run(gt: Self.volume(good), pred: pred)
    } else {
      let line = "value \(x) at voxel (1,1,0) channel 1 is not finite"
      #expect(throws: RWLossError("pred.nii", line)) {
        try Self.run(gt: Self.volume(good), pred: pred)
      }
    }
  }
}
