import Testing

@testable import RWLoss

/// Every place the loss core turns voxel values into integers or probabilities, fed the values
/// a damaged or hostile file holds: NaN, ±Inf, ±3e38, 1e20 (issue 8 item 3). Each is a
/// one-line error naming the voxel (and channel), or a finite result; never a trap.
@Suite struct ValueConversionTests {
  static let hostile: [Float] = [.nan, .infinity, -.infinity, 3e38, -3e38, 1e20]

  /// The message `LabelValues` gives for `x` at voxel (1,0,0).
  static func labelProblem(_ x: Float) -> String {
    x.isFinite && x > 0
      ? "value \(x) at voxel (1,0,0) is too large for a class label (at most 2147483520)"
      : "value \(x) at voxel (1,0,0) is not a class label (a non-negative integer)"
  }

  /// A volume converted in parallel chunks names its first bad voxel, not a later chunk's,
  /// and converts a good one exactly.
  @Test func labelsNameTheFirstBadVoxelAcrossChunks() throws {
    let dims = [256, 256, 5]
    var v = (0..<dims.reduce(1, *)).map { Float($0 % 7) }
    #expect(try LabelValues.labels(v, dims: dims, what: "labels") == v.map { Int32($0) })
    v[4 * 65536 + 3] = -1
    v[65536 + 257] = 0.5
    #expect(
      throws: RWLossError(
        "labels", "value 0.5 at voxel (1,1,1) is not a class label (a non-negative integer)")
    ) {
      try LabelValues.labels(v, dims: dims, what: "labels")
    }
  }

  /// Labels (truth, the viewer's label layers) and a 3D label-map prediction: the first bad
  /// voxel is named.
  @Test(arguments: hostile) func labelSitesRefuse(_ x: Float) {
    #expect(throws: RWLossError("labels", Self.labelProblem(x))) {
      try LabelValues.labels([0, x, 1], dims: [3, 1, 1], what: "labels")
    }
    #expect(throws: RWLossError("labels", Self.labelProblem(x))) {
      try LabelVolume(dims: [3, 1, 1], values: [0, x, 1])
    }
    #expect(throws: RWLossError("prediction", Self.labelProblem(x))) {
      try Prediction.make(shape: [3, 1, 1], data: [0, x, 1], classCount: nil)
    }
    #expect(throws: RWLossError("prediction", Self.labelProblem(x))) {
      try Prediction(dims: [3, 1, 1], classCount: 2, labelMap: [0, x, 1])
    }
  }

  /// Probabilities and logits: NaN and ±Inf are refused naming voxel and channel; ±3e38 and
  /// 1e20 are finite logits whose softmax is exact (one-hot on the largest) and whose losses
  /// are finite.
  @Test(arguments: hostile) func predictionSitesRefuseOrStayFinite(_ x: Float) throws {
    // (2,1,1) grid, 2 channels; channel 1 of voxel (1,0,0) holds x.
    let data: [Float] = [0.5, 0.5, 0.5, x]
    let refused = RWLossError("prediction", "value \(x) at voxel (1,0,0) channel 1 is not finite")
    guard x.isFinite else {
      #expect(throws: refused) {
        try Prediction.make(shape: [2, 1, 1, 2], data: data, classCount: nil)
      }
      #expect(throws: refused) {
        try Prediction(dims: [2, 1, 1], classCount: 2, logits: data)
      }
      return
    }
    let made = try Prediction.make(shape: [2, 1, 1, 2], data: data, classCount: nil)
    let p = made.prediction
    #expect(p.kind == .logits)
    // Voxel 1: logits (0.5, x): x = 3e38 or 1e20 wins outright, -3e38 loses outright.
    let p1 = p.probability(1, at: 1)
    #expect(p1 == (x > 0 ? 1 : 0) && p.probability(0, at: 1) == 1 - p1)
    #expect(p.probability(0, at: 0) == 0.5)
    let labels = try LabelVolume(dims: [2, 1, 1], labels: [0, 1], classes: 2)
    let report = try StatsReport.make(labels: labels, prediction: p, options: MapOptions())
    #expect(report.total.rwSum.isFinite && report.total.ce.isFinite || x < 0)
    #expect(!report.total.rwSum.isNaN)
  }
}
