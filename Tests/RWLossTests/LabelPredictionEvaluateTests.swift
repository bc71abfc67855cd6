import Foundation
import Testing

@testable import RWLoss

/// The label-prediction evaluation of the per-class maps (`evaluateLabelPrediction`: box
/// transforms, one multi-label transform) against the class-by-class evaluation over full
/// channels (`evaluatePerClass`), which the plain reference of `StreamEvaluateTests` checks.
@Suite struct LabelPredictionEvaluateTests {
  /// A parcellation: the nearest of `seeds` seeds (classes drawn from 0..<classes), some noise,
  /// and optionally slice k = 0 filled by one class (a whole domain in 2D along k).
  static func parcels(
    dims: [Int], classes: Int, seeds: Int, seed: UInt64, noise: Int, wholeSlice: Bool
  ) -> [Int32] {
    var r = EDTTests.Rng(s: seed)
    let n = dims.reduce(1, *)
    let pts = (0..<seeds).map { s in
      ([r.int(dims[0]), r.int(dims[1]), r.int(dims[2])], Int32(s < classes ? s : r.int(classes)))
    }
    var out = [Int32](repeating: 0, count: n)
    for t in 0..<n {
      let c = [t % dims[0], (t / dims[0]) % dims[1], t / (dims[0] * dims[1])]
      var best = Int.max
      for (p, l) in pts {
        let d = zip(c, p).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
        if d < best {
          best = d
          out[t] = l
        }
      }
      if noise > 0 && r.int(noise) == 0 { out[t] = Int32(r.int(classes)) }
      if wholeSlice && c[2] == 0 { out[t] = 3 }
    }
    return out
  }

  /// Both evaluations of `pred` agree: voxel values and flags exactly, sums exactly in voxel
  /// units; in millimetres the transforms may round the last float32 bit differently.
  static func expectSame(_ e: MapEngine, _ pred: Prediction, _ what: String) throws {
    let got = try e.evaluate(prediction: pred)
    let lean = try e.evaluate(prediction: pred, voxelOutputs: false)
    let ref = try e.evaluatePerClass(
      prediction: pred, voxelOutputs: true, progress: nil, isCancelled: nil)
    #expect(lean.voxelLoss.isEmpty && lean.voxelFlags.isEmpty, "\(what) lean")
    #expect(got.voxelLoss == ref.voxelLoss, "\(what) loss")
    #expect(got.voxelFlags == ref.voxelFlags, "\(what) flags")
    for a in VolumeAxis.allCases {
      for g in [got.profile(a), lean.profile(a)] {
        let r = ref.profile(a)
        #expect(
          g.rw == r.rw && g.pY == r.pY && g.pSum == r.pSum && g.ySum == r.ySum, "\(what) \(a)")
        #expect(g.ce == r.ce && g.focal == r.focal && g.lowest == r.lowest, "\(what) \(a) ce")
        #expect(g.aViolations == r.aViolations && g.aTies == r.aTies, "\(what) \(a) A")
        #expect(g.bViolations == r.bViolations, "\(what) \(a) B")
        #expect(g.wrongLogitPushedUp == r.wrongLogitPushedUp, "\(what) \(a) up")
        #expect(g.gtLogitPushedDown == r.gtLogitPushedDown, "\(what) \(a) down")
      }
    }
  }

  /// Many classes (most absent from most slices: stale and zero-filled channels, predicted
  /// classes absent from the truth), a whole-domain slice, every geometry and per-class kind.
  @Test(arguments: [MapKind.boundary, .boundaryKervadec, .hdUnsigned], 0..<4)
  func manyClassesEqualClassByClass(kind: MapKind, geo: Int) throws {
    let dims = [23, 19, 17]
    let k = 14
    let gt = Self.parcels(dims: dims, classes: k, seeds: 20, seed: 5, noise: 40, wholeSlice: true)
    let pl = Self.parcels(dims: dims, classes: k, seeds: 20, seed: 6, noise: 25, wholeSlice: false)
    let lv = try LabelVolume(dims: dims, spacing: [1, 1, 1], labels: gt, classes: k)
    let pred = try Prediction(dims: dims, classCount: k, labels: pl)
    for int32 in kind == .boundaryKervadec ? [false, true] : [false] {
      let e = try MapEngine(
        labels: lv,
        options: MapOptions(kind: kind, geometry: EngineTests.geometries[geo], int32: int32))
      try Self.expectSame(e, pred, "\(kind) \(EngineTests.geometries[geo]) int32 \(int32)")
    }
  }

  /// Few classes, all present everywhere: principle B is decided by the exact values of every
  /// other class at the voxels the boxes cannot decide (the path the many-class case rarely
  /// takes), and the sums are still the class-by-class ones.
  @Test(arguments: 0..<4)
  func allClassesPresentTakeTheExactPath(geo: Int) throws {
    let dims = [21, 18, 9]
    let k = 4
    let gt = Self.parcels(dims: dims, classes: k, seeds: 9, seed: 11, noise: 0, wholeSlice: false)
    let pl = Self.parcels(dims: dims, classes: k, seeds: 9, seed: 12, noise: 30, wholeSlice: false)
    let lv = try LabelVolume(dims: dims, spacing: [1, 1, 1], labels: gt, classes: k)
    let pred = try Prediction(dims: dims, classCount: k, labels: pl)
    let e = try MapEngine(
      labels: lv, options: MapOptions(kind: .boundary, geometry: EngineTests.geometries[geo]))
    try Self.expectSame(e, pred, "boundary \(EngineTests.geometries[geo])")
    // Both ways of deciding B were taken.
    let shape = e.fullShape
    let domains = PerClassDomains(
      counts: e.domainCounts, classCount: k, domainCount: shape.domainCount, kind: .boundary)
    var ml = [Float](repeating: 0, count: lv.voxelCount)
    gt.withUnsafeBufferPointer { lp in
      ml.withUnsafeMutableBufferPointer { o in
        EDT.squaredDistances(
          keys: lp, out: o, dims: dims, axes: shape.transformAxes, spacing: shape.spacing)
      }
    }
    var b = [UInt8](repeating: 0, count: lv.voxelCount)
    let gtBoxes = e.classBoxes(gt, shape: shape, domains: domains)
    let (_, unresolved) = e.markQueries(
      pl, ml: ml, gt: gtBoxes, shape: shape, domains: domains, b: &b)
    #expect(
      unresolved > 0 && b.contains(1), "\(EngineTests.geometries[geo]) unresolved \(unresolved)")
  }

  /// In millimetres the label path agrees with the class-by-class one to float32 rounding.
  @Test func millimetresAgreeToRounding() throws {
    let dims = [23, 19, 17]
    let k = 9
    let gt = Self.parcels(dims: dims, classes: k, seeds: 14, seed: 8, noise: 40, wholeSlice: true)
    let pl = Self.parcels(dims: dims, classes: k, seeds: 14, seed: 9, noise: 25, wholeSlice: false)
    let lv = try LabelVolume(dims: dims, spacing: [0.8, 0.8, 2.5], labels: gt, classes: k)
    let pred = try Prediction(dims: dims, classCount: k, labels: pl)
    for geo in EngineTests.geometries {
      let e = try MapEngine(
        labels: lv, options: MapOptions(kind: .boundary, geometry: geo, units: .mm))
      let got = try e.evaluate(prediction: pred)
      let ref = try e.evaluatePerClass(
        prediction: pred, voxelOutputs: true, progress: nil, isCancelled: nil)
      let worst = zip(got.voxelLoss, ref.voxelLoss).map { abs($0 - $1) / max(1, abs($1)) }.max()
      #expect((worst ?? 1) <= 1e-6, "\(geo) worst \(worst ?? .nan)")
      let r = ref.profile(.k)
      #expect(StreamEvaluateTests.close(got.profile(.k).rw, r.rw), "\(geo) rw")
    }
  }
}
