import Foundation
import Testing

@testable import RWLoss

/// The descent simulator: the paper's instability (boundary raises wrong logits with 3 classes,
/// rrw never does), agreement with a plain serial reference, and gradients by finite differences.
@Suite struct SimulatorTests {
  /// One 16×12 slice: background, class 1 on the left, class 2 on the right, touching.
  static func threeClassSlice() throws -> LabelVolume {
    let dims = [16, 12, 1]
    var lab = [Int32](repeating: 0, count: 16 * 12)
    for j in 3..<9 { for i in 2..<14 { lab[i + 16 * j] = i < 8 ? 1 : 2 } }
    return try LabelVolume(dims: dims, labels: lab)
  }

  /// Random-ish logits (deterministic) for every voxel and class.
  static func prediction(_ lv: LabelVolume, classes k: Int, seed: UInt64) throws -> Prediction {
    var r = EDTTests.Rng(s: seed)
    let logits = (0..<(lv.voxelCount * k)).map { _ in Float(r.int(2001) - 1000) / 400 }
    return try Prediction(dims: lv.dims, classCount: k, logits: logits)
  }

  static func simulate(
    _ kind: MapKind, start: DescentProblem.Start, compound: DescentSettings.Compound = .off,
    steps: Int = 30
  ) throws -> DescentSimulator {
    let lv = try threeClassSlice()
    let e = try MapEngine(labels: lv, options: MapOptions(kind: kind))
    let pred = try prediction(lv, classes: 3, seed: 5)
    let pb = try DescentProblem.slice(engine: e, prediction: pred, axis: .k, index: 0, start: start)
    var sim = DescentSimulator(
      problem: pb, settings: DescentSettings(steps: steps, learningRate: 1, compound: compound))
    sim.run()
    return sim
  }

  @Test(arguments: DescentProblem.Start.allCases)
  func boundaryRaisesWrongLogitsRRWNever(start: DescentProblem.Start) throws {
    let b = try Self.simulate(.boundary, start: start)
    #expect(b.raisedWrongLogitCount > 0)
    #expect(b.history.dropFirst().contains { $0.wrongLogitRaised > 0 })
    for kind in [MapKind.rrw, .rwAC] {
      let r = try Self.simulate(kind, start: start)
      #expect(r.raisedWrongLogitCount == 0, "\(kind)")
      #expect(r.history.allSatisfy { $0.wrongLogitRaised == 0 })
      // RRW descent lowers the RW loss and ends with every voxel on its true class.
      #expect(r.last.rwSum < r.history[0].rwSum)
      #expect(
        r.history.map(\.rwSum) == r.history.map(\.rwSum).sorted(by: >), "\(kind) loss must not rise"
      )
    }
    let rrw = try Self.simulate(.rrw, start: start, steps: 200)
    #expect(rrw.last.wrong == 0 && rrw.last.hardDice.allSatisfy { $0 == 1 })
  }

  /// With the compound schedule (CE first), rrw still never raises a wrong logit.
  @Test func compoundCEKeepsRRWStable() throws {
    let r = try Self.simulate(.rrw, start: .prediction, compound: .ce)
    #expect(r.raisedWrongLogitCount == 0)
    #expect(
      r.history[1].alpha == 1 && r.history[30].alpha == RWLossFunctions.compoundAlpha(epoch: 58))
  }

  /// Step 0 from the prediction reproduces the engine's slice statistics (same definitions).
  @Test func startMatchesEngineStatistics() throws {
    let lv = try Self.threeClassSlice()
    let pred = try Self.prediction(lv, classes: 3, seed: 9)
    for kind in [MapKind.rrw, .boundary, .wce] {
      let e = try MapEngine(labels: lv, options: MapOptions(kind: kind))
      let st = try e.evaluate(prediction: pred).profile(.k).statistics(slice: 0)
      let pb = try DescentProblem.slice(
        engine: e, prediction: pred, axis: .k, index: 0, start: .prediction, floor: 1e-300)
      let r = DescentSimulator(problem: pb, settings: DescentSettings()).history[0]
      // The simulator's maps are the viewer's float32 slice channels; the engine sums in float64.
      #expect(abs(r.rwSum - st.rwSum) <= 1e-5 * max(1, abs(st.rwSum)), "\(kind)")
      #expect(abs(r.ce - st.ce) <= 1e-9)
      #expect(abs(r.diceLoss - st.softDiceLoss) <= 1e-9)
    }
  }

  /// The gradient used by the simulator equals the engine's `P_k (Z_k - l)`.
  @Test func logitGradientEqualsEngineGradient() throws {
    let lv = try Self.threeClassSlice()
    let pred = try Self.prediction(lv, classes: 3, seed: 2)
    let e = try MapEngine(labels: lv, options: MapOptions(kind: .boundary))
    let g = try e.gradient(prediction: pred)
    let n = lv.voxelCount
    for c in 0..<3 {
      let s = try e.sliceGradient(prediction: pred, class: c, axis: .k, index: 0)
      for t in 0..<n { #expect(abs(s[t] - g[c * n + t]) <= 1e-5 * max(1, abs(g[c * n + t]))) }
    }
  }

  /// The parallel simulator against a plain serial loop of `X_k -= lr P_k (Z_k - l)`.
  @Test func matchesSerialReference() throws {
    // 100×60 voxels: several chunks, so the parallel split is exercised.
    let dims = [100, 60, 1]
    var lab = [Int32](repeating: 0, count: 6000)
    for j in 0..<60 {
      for i in 0..<100 where (i - 50) * (i - 50) + (j - 30) * (j - 30) < 400 {
        lab[i + 100 * j] = i < 50 ? 1 : 2
      }
    }
    let lv = try LabelVolume(dims: dims, labels: lab)
    let pred = try Self.prediction(lv, classes: 3, seed: 1)
    let e = try MapEngine(labels: lv, options: MapOptions(kind: .boundary))
    let pb = try DescentProblem.slice(
      engine: e, prediction: pred, axis: .k, index: 0, start: .prediction)
    var sim = DescentSimulator(problem: pb, settings: DescentSettings(steps: 4, learningRate: 0.05))
    sim.run()
    var x = pb.startLogits
    let k = 3
    for _ in 0..<4 {
      for t in 0..<6000 {
        let m = (0..<k).map { x[t * k + $0] }.max()!
        let ex = (0..<k).map { exp(x[t * k + $0] - m) }
        let s = ex.reduce(0, +)
        let p = ex.map { $0 / s }
        let l = (0..<k).reduce(0.0) { $0 + p[$1] * pb.maps[t * k + $1] }
        for c in 0..<k { x[t * k + c] -= 0.05 * p[c] * (pb.maps[t * k + c] - l) }
      }
    }
    let maxDiff = zip(x, sim.logits).map { abs($0 - $1) }.max()!
    #expect(maxDiff < 1e-9)
  }

  /// Each compound step is `-lr K n grad J`; check grad J by central differences of the objective.
  @Test(arguments: [DescentSettings.Compound.dice, .ce, .off])
  func compoundStepFollowsObjectiveGradient(compound: DescentSettings.Compound) throws {
    let dims = [5, 4, 1]
    let lab: [Int32] = (0..<20).map { Int32($0 % 5 < 2 ? 0 : ($0 / 5 < 2 ? 1 : 2)) }
    let lv = try LabelVolume(dims: dims, labels: lab)
    let e = try MapEngine(labels: lv, options: MapOptions(kind: .boundary))
    let z = try (0..<3).map { try e.sliceChannel(class: $0, axis: .k, index: 0) }
    var r = EDTTests.Rng(s: 4)
    let x0 = (0..<60).map { _ in Double(r.int(2001) - 1000) / 500 }
    func problem(_ x: [Double]) throws -> DescentProblem {
      var p = [Double](repeating: 0, count: 60)
      for t in 0..<20 { for c in 0..<3 { p[c * 20 + t] = exp(x[t * 3 + c]) } }
      return try DescentProblem(
        labels: lab, classCount: 3, mapChannels: z, probabilities: p, start: .prediction,
        floor: 1e-300)
    }
    // Epoch 50: a = 0.5.
    let settings = DescentSettings(steps: 1, learningRate: 1e-3, compound: compound, firstEpoch: 50)
    let a = settings.alpha(step: 0)
    #expect(a == (compound == .off ? 0 : 0.5))
    func objective(_ x: [Double]) throws -> Double {
      let rec = DescentSimulator(problem: try problem(x), settings: settings).history[0]
      let first = compound == .ce ? rec.ce : rec.diceLoss
      return compound == .off ? rec.rwMean : a * first + (1 - a) * rec.rwMean
    }
    var sim = DescentSimulator(problem: try problem(x0), settings: settings)
    let start = sim.logits
    sim.advance()
    let scale = settings.learningRate * 3 * 20
    for q in [0, 7, 20, 33, 59] {
      var xp = x0
      var xm = x0
      xp[q] += 1e-6
      xm[q] -= 1e-6
      let fd = (try objective(xp) - objective(xm)) / 2e-6
      let step = (start[q] - sim.logits[q]) / scale
      #expect(
        abs(fd - step) <= 1e-6 * max(1, abs(fd)), "\(compound) logit \(q): fd \(fd) step \(step)")
    }
  }
}
