import Foundation
import Testing

@testable import RWLoss

/// The one prediction-kind rule (`Prediction.make`) and label maps kept as labels.
@Suite struct PredictionTests {
  /// A trailing axis of length 1 is not a class axis: (X,Y,Z,1) is a label map like (X,Y,Z).
  @Test func oneChannel4DIsALabelMap() throws {
    let made = try Prediction.make(shape: [3, 1, 1, 1], data: [0, 2, 1], classCount: nil)
    #expect(made.prediction.kind == .labels)
    #expect(made.prediction.classCount == 3)
    #expect(made.prediction.labelMap == [0, 2, 1])
    let five = try Prediction.make(shape: [3, 1, 1, 1, 1], data: [0, 2, 1], classCount: 4)
    #expect(five.prediction.kind == .labels && five.prediction.classCount == 4)
  }

  /// One channel read as probabilities: P = (1 - p, p), a binary problem.
  @Test func forcedOneChannelProbabilitiesAreBinaryForeground() throws {
    let made = try Prediction.make(
      shape: [3, 1, 1], data: [0.25, 0.9, 0.5], classCount: nil, forced: .probs)
    let p = made.prediction
    #expect(p.kind == .probs && p.classCount == 2)
    let fg: [Float] = [0.25, 0.9, 0.5]
    #expect(p.probabilities == fg.map { 1 - $0 } + fg)
    #expect(p.argmax() == [0, 1, 0])
    #expect(made.notice.contains("foreground"))
    // With three classes in the truth the binary reading cannot stand.
    #expect(throws: RWLossError("prediction", "has 2 classes but the labels have 3")) {
      try Prediction.make(shape: [3, 1, 1], data: [0.25, 0.9, 0.5], classCount: 3, forced: .probs)
    }
  }

  /// One channel read as logits: the two-class logits (0, x), softmax = sigmoid, in float64.
  @Test func forcedOneChannelLogitsAreABinaryLogit() throws {
    let x: [Float] = [-2, 0, 3]
    let p = try Prediction.make(shape: [3, 1, 1], data: x, classCount: 2, forced: .logits)
      .prediction
    #expect(p.kind == .logits && p.classCount == 2)
    #expect(p.logits == [0, 0, 0, -2, 0, 3])
    let sig = x.map { 1 / (1 + exp(-Double($0))) }
    let s = try p.sliceProbabilities(axis: .k, index: 0)
    for t in 0..<3 {
      #expect(abs(s[3 + t] - sig[t]) < 1e-15)
      #expect(abs(s[t] - (1 - sig[t])) < 1e-15)
    }
  }

  /// A label map is one Int32 per voxel whatever K is; its probabilities are the one-hot.
  /// The blocked argmax (no volume-sized scratch) is the plain first-maximum sweep: ties,
  /// several blocks and a partial last one.
  @Test func argmaxIsTheFirstMaximum() throws {
    let dims = [37, 29, 11]
    let n = dims.reduce(1, *)
    let k = 4
    var r = EDTTests.Rng(s: 99)
    var p = [Float](repeating: 0, count: k * n)
    for t in 0..<n {
      // Probabilities from a few levels, so ties between channels are common.
      var w = (0..<k).map { _ in Float(r.int(4)) }
      if w.allSatisfy({ $0 == 0 }) { w[r.int(k)] = 1 }
      let s = w.reduce(0, +)
      for c in 0..<k { p[c * n + t] = w[c] / s }
    }
    let pred = try Prediction(dims: dims, classCount: k, probabilities: p)
    var expected = [Int32](repeating: 0, count: n)
    for t in 0..<n {
      var best = -Float.infinity
      for c in 0..<k where p[c * n + t] > best {
        best = p[c * n + t]
        expected[t] = Int32(c)
      }
    }
    #expect(pred.argmax() == expected)
  }

  @Test func labelMapIsNotExpanded() throws {
    let p = try Prediction(dims: [4, 1, 1], classCount: 1000, labelMap: [0, 999, 5, 5])
    #expect(p.kind == .labels && p.probabilities == nil)
    #expect(p.labelMap == [0, 999, 5, 5])
    #expect(
      p.probability(999, at: 1) == 1 && p.probability(5, at: 1) == 0 && p.probability(5, at: 3) == 1
    )
    #expect(p.argmax() == [0, 999, 5, 5])
    // Widening K keeps the labels; narrowing below a label is refused.
    #expect(try p.withClassCount(1200).classCount == 1200)
    #expect(throws: RWLossError("prediction", "label 999 at voxel (1,0,0) is outside 0..<10")) {
      try p.withClassCount(10)
    }
  }

  /// Label values are checked once, naming the first bad voxel: no trap on 1e20, NaN or -1.
  @Test func badLabelValuesAreOneLineErrors() {
    #expect(
      throws: RWLossError(
        "prediction",
        "value 1e+20 at voxel (1,0,0) is too large for a class label (at most 2147483520)")
    ) {
      try Prediction.make(shape: [2, 1, 1], data: [0, 1e20], classCount: nil, forced: .labels)
    }
    #expect(
      throws: RWLossError(
        "labels", "value nan at voxel (0,1,0) is not a class label (a non-negative integer)")
    ) {
      try LabelVolume(dims: [1, 2, 1], values: [0, .nan])
    }
    #expect(
      throws: RWLossError(
        "labels", "value -1.0 at voxel (0,0,1) is not a class label (a non-negative integer)")
    ) {
      try LabelVolume(dims: [1, 1, 2], values: [0, -1])
    }
    // Detected (not forced) one channel with fractions: the hint says how to read it.
    #expect(
      throws: RWLossError(
        "prediction",
        "value 0.5 at voxel (1,0,0) is not a class label (a non-negative integer) (one channel is read as a label map; read a probability map as kind probs)"
      )
    ) {
      try Prediction.make(shape: [2, 1, 1], data: [0, 0.5], classCount: nil)
    }
  }

  /// Every quantity of a label-map prediction equals that of its explicit one-hot probabilities
  /// (the implicit one-hot changes storage, not numbers).
  @Test(arguments: [MapKind.rrw, .rrwCI, .rwAC, .wce, .hdDTM, .boundary, .boundaryKervadec])
  func labelMapEqualsItsOneHot(kind: MapKind) throws {
    let classes = kind == .rrwCI ? 2 : 3
    let dims = [9, 7, 5]
    let (lv, _) = try EngineTests.volume(dims: dims, classes: classes, seed: 5)
    let pl = EDTTests.labels(dims: dims, classes: classes, seed: 99)
    let n = pl.count
    var hot = [Float](repeating: 0, count: classes * n)
    for t in 0..<n { hot[Int(pl[t]) * n + t] = 1 }
    let labelsPred = try Prediction(dims: dims, classCount: classes, labels: pl)
    let hotPred = try Prediction(dims: dims, classCount: classes, probabilities: hot)
    for geo in EngineTests.geometries {
      let e = try MapEngine(labels: lv, options: MapOptions(kind: kind, geometry: geo))
      let a = try e.evaluate(prediction: labelsPred)
      let b = try e.evaluate(prediction: hotPred)
      #expect(a.voxelLoss == b.voxelLoss && a.voxelFlags == b.voxelFlags)
      for axis in VolumeAxis.allCases {
        #expect(a.profile(axis).rw == b.profile(axis).rw)
        #expect(a.profile(axis).ce == b.profile(axis).ce)
        #expect(a.profile(axis).pY == b.profile(axis).pY)
      }
      #expect(try e.rwProfiles(prediction: labelsPred) == e.rwProfiles(prediction: hotPred))
      #expect(try e.gradient(prediction: labelsPred) == e.gradient(prediction: hotPred))
      if case .slices(let axis) = geo {
        #expect(
          try e.sliceStatistics(prediction: labelsPred, axis: axis, index: 2)
            == e.sliceStatistics(prediction: hotPred, axis: axis, index: 2))
      }
      let ra = StatsReport.make(field: a, labels: lv, prediction: labelsPred)
      let rb = StatsReport.make(field: b, labels: lv, prediction: hotPred)
      #expect(ra.total == rb.total && ra.perClass == rb.perClass)
      #expect("\(ra.metrics)" == "\(rb.metrics)")  // NaN-safe
    }
  }

  /// NaN or infinite probabilities and logits are refused, naming the voxel and channel (they
  /// turned every loss into NaN, or were read as logits, before).
  @Test func nonFiniteValuesAreRefused() {
    // (2,1,1) grid, 2 channels: channel 1 of voxel (1,0,0) is NaN.
    #expect(throws: RWLossError("prediction", "value nan at voxel (1,0,0) channel 1 is not finite"))
    {
      try Prediction.make(shape: [2, 1, 1, 2], data: [0.5, 0.5, 0.5, .nan], classCount: nil)
    }
    #expect(throws: RWLossError("prediction", "value inf at voxel (0,0,0) channel 0 is not finite"))
    {
      try Prediction.make(
        shape: [2, 1, 1], data: [.infinity, 1], classCount: nil, forced: .logits)
    }
    #expect(
      throws: RWLossError("prediction", "value -inf at voxel (1,0,0) channel 0 is not finite")
    ) {
      try Prediction(dims: [2, 1, 1], classCount: 2, logits: [0, -.infinity, 1, 1])
    }
  }

  /// Probabilities asked for are checked: in [0, 1], channels summing to 1 within 1e-3.
  @Test func forcedProbabilitiesMustBeOnTheSimplex() throws {
    #expect(
      throws: RWLossError(
        "prediction",
        "value -0.25 at voxel (0,0,0) channel 1 is not a probability (outside [0, 1]); read logits as kind logits"
      )
    ) {
      try Prediction.make(
        shape: [2, 1, 1, 2], data: [0.75, 0.5, -0.25, 0.5], classCount: nil, forced: .probs)
    }
    #expect(
      throws: RWLossError(
        "prediction",
        "the 2 channels at voxel (1,0,0) sum to 2.0, not 1 within 0.001: not probabilities; read logits as kind logits"
      )
    ) {
      try Prediction.make(
        shape: [2, 1, 1, 2], data: [0.5, 1, 0.5, 1], classCount: nil, forced: .probs)
    }
    #expect(
      throws: RWLossError(
        "prediction",
        "value 3.4e+38 at voxel (1,0,0) channel 0 is not a probability (outside [0, 1]); read logits as kind logits"
      )
    ) {
      try Prediction.make(shape: [2, 1, 1], data: [0.5, 3.4e38], classCount: nil, forced: .probs)
    }
    // Within the tolerance: accepted as given.
    let ok = try Prediction.make(
      shape: [1, 1, 1, 2], data: [0.4995, 0.5], classCount: nil, forced: .probs)
    #expect(ok.prediction.probabilities == [0.4995, 0.5])
    #expect(Prediction.simplexTolerance == 1e-3)
  }
}
