import Foundation
import RWLoss
import RWViewer
import RWVolume
import Testing

@testable import RWCommands

/// `rwview stats` and the viewer read a prediction file by the same rule (`Prediction.make`):
/// the cases where their two copies used to disagree.
@Suite struct PredictionKindTests {
  static let grid = VoxelGrid(dims: [6, 5, 2], spacing: [1, 1, 1], affine: .identity)
  static let n = 60

  /// A binary truth: a 3x3 square in each k-slice.
  static let truth: Volume = {
    var d = [Float](repeating: 0, count: n)
    for k in 0..<2 { for j in 1..<4 { for i in 1..<4 { d[i + 6 * (j + 5 * k)] = 1 } } }
    return Volume(grid: grid, shape: [6, 5, 2], data: d)
  }()

  /// A foreground probability p (one channel): shifted by one voxel and graded.
  static let foreground: [Float] = (0..<n).map { t in
    let i = t % 6
    let j = (t / 6) % 5
    return (2...4).contains(i) && (1...3).contains(j) ? 0.9 - Float(j) * 0.1 : 0.05 * Float(i)
  }

  static func stats(_ pred: Volume, forced: PredictionKind?) throws -> (StatsReport, String) {
    let (report, notices) = try StatsRunner.report(
      gt: truth, gtPath: "gt.nii", pred: pred, predPath: "pred.nii", forced: forced,
      classes: nil, options: MapOptions())
    return (report, notices.joined(separator: "\n"))
  }

  /// (X,Y,Z,1) holding labels: read as the label map it is (stats refused it as one-channel
  /// "logits" before; the viewer read it as labels).
  @Test func oneChannel4DLabelsEqualThe3DLabelMap() throws {
    let labels3 = Volume(
      grid: Self.grid, shape: [6, 5, 2], data: Self.foreground.map { $0 > 0.5 ? 1 : 0 })
    let labels4 = Volume(grid: Self.grid, shape: [6, 5, 2, 1], data: labels3.data)
    let (a, notice) = try Self.stats(labels4, forced: nil)
    let (b, _) = try Self.stats(labels3, forced: nil)
    #expect(notice == "pred.nii: one channel read as a hard label map (one-hot)")
    #expect(a.total == b.total && a.perClass == b.perClass)
    // Prediction square i 2...4 vs truth i 1...3 (j 1...3, both slices).
    #expect(a.metrics[1].tp == 12 && a.metrics[1].fp == 6 && a.metrics[1].fn == 6)
  }

  /// One channel with `--pred-kind probs`: the binary foreground, numbers equal to the explicit
  /// two-channel (1 - p, p) file (stats refused it before; the viewer read it so).
  @Test func forcedOneChannelProbsEqualTwoChannels() throws {
    let one = Volume(grid: Self.grid, shape: [6, 5, 2], data: Self.foreground)
    let two = Volume(
      grid: Self.grid, shape: [6, 5, 2, 2], data: Self.foreground.map { 1 - $0 } + Self.foreground)
    let (a, notice) = try Self.stats(one, forced: .probs)
    let (b, _) = try Self.stats(two, forced: nil)
    #expect(notice.hasSuffix("one channel read as the foreground probability of a binary problem"))
    #expect(a.total == b.total && a.perClass == b.perClass && a.slices == b.slices)
    // CE from p directly: mean of -log(P of the true class).
    var ce = 0.0
    for t in 0..<Self.n {
      let p = Double(Self.foreground[t])
      let y = Self.truth.data[t] == 1
      ce -= log((y ? p : Double(1 - Self.foreground[t])) + 1e-15)
    }
    #expect(abs(a.total.ce - ce / Double(Self.n)) < 1e-12)
    // The viewer's layer holds the very same prediction.
    let layer = try LayerPreparation.prediction(path: "pred.nii", volume: one, kind: .probs)
    #expect(layer.prediction.probabilities == two.data)
  }

  /// One channel with `--pred-kind logits`: a binary logit x, i.e. two-class logits (0, x).
  @Test func forcedOneChannelLogitsEqualTwoChannelLogits() throws {
    let x = Self.foreground.map { 8 * $0 - 4 }
    let one = Volume(grid: Self.grid, shape: [6, 5, 2], data: x)
    let two = Volume(
      grid: Self.grid, shape: [6, 5, 2, 2], data: [Float](repeating: 0, count: Self.n) + x)
    let (a, _) = try Self.stats(one, forced: .logits)
    let (b, _) = try Self.stats(two, forced: .logits)
    #expect(a.total == b.total && a.perClass == b.perClass)
  }

  /// A 3D prediction holding 1e20 is a one-line error naming the file and voxel, not a trap.
  @Test func hugeLabelIsAnErrorNotATrap() throws {
    var d = Self.truth.data
    d[7] = 1e20
    let p = Volume(grid: Self.grid, shape: [6, 5, 2], data: d)
    #expect(
      throws: RWLossError(
        "pred.nii",
        "value 1e+20 at voxel (1,1,0) is too large for a class label (at most 2147483520)")
    ) {
      try Self.stats(p, forced: nil)
    }
  }

  /// `--pred-kind` is parsed once for `view`, `render` and `stats`.
  @Test func predKindOptionIsOneParser() throws {
    #expect(try PredictionKindOption.parse(nil) == nil)
    #expect(try PredictionKindOption.parse("auto") == nil)
    #expect(try PredictionKindOption.parse("probabilities") == .probs)
    #expect(try PredictionKindOption.parse("Labels") == .labels)
    let stats = try StatsCommand.parse(["--gt", "g.nii", "--pred", "p.nii", "--pred-kind", "auto"])
    #expect(try PredictionKindOption.parse(stats.predKind) == nil)
    #expect(throws: OptionError("--pred-kind", "expected auto, labels, probs or logits, got soft"))
    {
      try PredictionKindOption.parse("soft")
    }
  }
}
