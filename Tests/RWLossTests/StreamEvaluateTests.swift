import Foundation
import Testing

@testable import RWLoss

/// The one-pass closed-form evaluation (`MapEngine.evaluateClosedForm`) against a plain
/// reference: every class channel materialised in float64, every voxel's terms added one by one.
@Suite struct StreamEvaluateTests {
  /// Every profile quantity, per voxel loss and flags of `field`'s evaluation, done plainly.
  static func reference(_ e: MapEngine, _ pred: Prediction) -> LossField {
    let dims = e.labels.dims
    let n = e.labels.voxelCount
    let k = e.classCount
    var z = [[Double]](repeating: [Double](repeating: 0, count: n), count: k)
    var p = z
    let terms = pred.softmaxTerms()
    for c in 0..<k {
      z[c].withUnsafeMutableBufferPointer { e.channelDouble(c, into: $0) }
      pred.probabilityChannel(c, terms: terms, into: &p[c])
    }
    var prof = VolumeAxis.allCases.map { a in
      AxisProfile(
        axis: a, sliceCount: dims[a.rawValue], classCount: k, sliceSize: n / dims[a.rawValue])
    }
    var loss = [Float](repeating: 0, count: n)
    var flags = [UInt8](repeating: 0, count: n)
    for t in 0..<n {
      let ijk = [t % dims[0], (t / dims[0]) % dims[1], t / (dims[0] * dims[1])]
      let c = Int(e.labels.labels[t])
      var l = 0.0
      for q in 0..<k { l += p[q][t] * z[q][t] }
      let others = (0..<k).filter { $0 != c }
      let minO = others.map { z[$0][t] }.min() ?? .infinity
      let maxO = others.map { z[$0][t] }.max() ?? -.infinity
      let minOP = others.filter { p[$0][t] > 0 }.map { z[$0][t] }.min() ?? .infinity
      let pc = p[c][t]
      var f: UInt8 = 0
      if k > 1 {
        if !(z[c][t] < minO) { f |= VoxelFlag.aViolation }
        if z[c][t] == minO { f |= VoxelFlag.aTie }
        if maxO != minO { f |= VoxelFlag.bViolation }
        if minOP < l { f |= VoxelFlag.wrongLogitPushedUp }
      }
      if pc > 0 && z[c][t] > l { f |= VoxelFlag.gtLogitPushedDown }
      loss[t] = Float(l)
      flags[t] = f
      for a in 0..<3 {
        for q in 0..<k {
          let s = ijk[a] * k + q
          prof[a].rw[s] += p[q][t] * z[q][t]
          prof[a].pSum[s] += p[q][t]
          if q == c {
            prof[a].pY[s] += p[q][t]
            prof[a].ySum[s] += 1
          }
        }
        let s = ijk[a] * k + c
        prof[a].ce[s] += -log(pc + 1e-15)
        let fo = 1 - pc + 1e-15
        prof[a].focal[s] += -(fo * fo) * log(pc + 1e-15)
        prof[a].lowest[s] += min(z[c][t], minO)
        if f & VoxelFlag.aViolation != 0 { prof[a].aViolations[s] += 1 }
        if f & VoxelFlag.aTie != 0 { prof[a].aTies[s] += 1 }
        if f & VoxelFlag.bViolation != 0 { prof[a].bViolations[s] += 1 }
        if f & VoxelFlag.wrongLogitPushedUp != 0 { prof[a].wrongLogitPushedUp[s] += 1 }
        if f & VoxelFlag.gtLogitPushedDown != 0 { prof[a].gtLogitPushedDown[s] += 1 }
      }
    }
    return LossField(
      options: e.options, classCount: k, dims: dims, voxelLoss: loss, voxelFlags: flags,
      profiles: prof)
  }

  /// Whether two float64 sums agree to summation-order rounding.
  static func close(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }
  }

  /// The three prediction kinds on one grid: logits, their float32 softmax as probabilities, and
  /// a label map.
  static func predictions(_ lv: LabelVolume, _ logits: Prediction, seed: UInt64) throws
    -> [Prediction]
  {
    let probs = try Prediction(
      dims: lv.dims, classCount: lv.classCount, probabilities: logits.probabilities ?? [])
    let pl = EDTTests.labels(dims: lv.dims, classes: lv.classCount, seed: seed)
    let labels = try Prediction(dims: lv.dims, classCount: lv.classCount, labels: pl)
    return [logits, probs, labels]
  }

  @Test(
    arguments: [
      MapKind.rrw, .rrwCI, .rwAC, .wce, .hdDTM, .boundary, .boundaryKervadec, .hdUnsigned,
    ],
    0..<4)
  func evaluationEqualsPlainReference(kind: MapKind, geo: Int) throws {
    let classes = kind == .rrwCI ? 2 : 4
    // 40 k-planes: several blocks of planes, so the block-ordered reduction is exercised.
    let (lv, logits) = try EngineTests.volume(dims: [11, 6, 40], classes: classes, seed: 21)
    for units in [DistanceUnits.voxel, .mm] {
      let e = try MapEngine(
        labels: lv,
        options: MapOptions(kind: kind, geometry: EngineTests.geometries[geo], units: units))
      for pred in try Self.predictions(lv, logits, seed: 8) {
        let what = "\(kind) \(EngineTests.geometries[geo]) \(units) \(pred.kind)"
        let got = try e.evaluate(prediction: pred)
        let lean = try e.evaluate(prediction: pred, voxelOutputs: false)
        let ref = Self.reference(e, pred)
        #expect(got.voxelLoss == ref.voxelLoss, "\(what) loss")
        #expect(got.voxelFlags == ref.voxelFlags, "\(what) flags")
        #expect(lean.voxelLoss.isEmpty && lean.voxelFlags.isEmpty, "\(what) lean")
        for a in VolumeAxis.allCases {
          for (g, r) in [(got.profile(a), ref.profile(a)), (lean.profile(a), ref.profile(a))] {
            #expect(Self.close(g.rw, r.rw) && Self.close(g.pY, r.pY), "\(what) \(a) rw pY")
            #expect(Self.close(g.pSum, r.pSum) && g.ySum == r.ySum, "\(what) \(a) pSum ySum")
            #expect(Self.close(g.ce, r.ce) && Self.close(g.focal, r.focal), "\(what) \(a) ce")
            #expect(Self.close(g.lowest, r.lowest), "\(what) \(a) lowest")
            #expect(g.aViolations == r.aViolations && g.aTies == r.aTies, "\(what) \(a) A")
            #expect(g.bViolations == r.bViolations, "\(what) \(a) B")
            #expect(g.wrongLogitPushedUp == r.wrongLogitPushedUp, "\(what) \(a) up")
            #expect(g.gtLogitPushedDown == r.gtLogitPushedDown, "\(what) \(a) down")
          }
        }
        // The counts are real: some voxels break a principle or push a logit the wrong way.
        if kind == .boundary {
          #expect(ref.profile(.k).bViolations.reduce(0, +) > 0, "\(what) B present")
        }
      }
    }
  }

  /// A stats report of a label map equals that of its one-hot probabilities exactly (the label
  /// path is O(1) a voxel, the probability path loops over the classes; same sums).
  @Test(arguments: [MapKind.rrw, .wce, .boundary, .boundaryKervadec, .hdUnsigned])
  func labelReportEqualsOneHotReport(kind: MapKind) throws {
    let classes = 5
    let (lv, _) = try EngineTests.volume(dims: [13, 9, 33], classes: classes, seed: 4)
    let pl = EDTTests.labels(dims: lv.dims, classes: classes, seed: 17)
    let n = pl.count
    var hot = [Float](repeating: 0, count: classes * n)
    for t in 0..<n { hot[Int(pl[t]) * n + t] = 1 }
    let opts = MapOptions(kind: kind)
    let a = try StatsReport.make(
      labels: lv, prediction: Prediction(dims: lv.dims, classCount: classes, labels: pl),
      options: opts)
    let b = try StatsReport.make(
      labels: lv, prediction: Prediction(dims: lv.dims, classCount: classes, probabilities: hot),
      options: opts)
    #expect(a.total == b.total && a.perClass == b.perClass && a.slices == b.slices)
    #expect(a.total.rwSum != 0 && a.total.lowestRWSum != 0)
    if kind == .boundary { #expect(a.total.bViolations > 0) }
  }
}
