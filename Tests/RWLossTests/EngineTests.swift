import Foundation
import Testing

@testable import RWLoss

/// The engine's fast paths against its streaming path, and the principle on a 3-class phantom.
@Suite struct EngineTests {
  static func volume(dims: [Int], classes: Int, seed: UInt64) throws -> (LabelVolume, Prediction) {
    let lab = EDTTests.labels(dims: dims, classes: classes, seed: seed)
    let lv = try LabelVolume(dims: dims, spacing: [0.8, 1.1, 2.5], labels: lab, classes: classes)
    var r = EDTTests.Rng(s: seed &+ 7)
    let logits = (0..<(dims.reduce(1, *) * classes)).map { _ in Float(r.int(2001) - 1000) / 300 }
    return (lv, try Prediction(dims: dims, classCount: classes, logits: logits))
  }

  static let geometries: [MapGeometry] = [
    .volume, .slices(axis: .i), .slices(axis: .j), .slices(axis: .k),
  ]

  @Test(arguments: [MapKind.rrw, .rrwCI, .rwAC, .wce, .hdDTM, .boundary], 0..<4)
  func closedFormProfilesEqualStreaming(kind: MapKind, geo: Int) throws {
    let classes = kind == .rrwCI ? 2 : 3
    let (lv, pred) = try Self.volume(dims: [9, 7, 5], classes: classes, seed: 3)
    let e = try MapEngine(
      labels: lv, options: MapOptions(kind: kind, geometry: Self.geometries[geo], units: .mm))
    let fast = try e.rwProfiles(prediction: pred)
    let field = try e.evaluate(prediction: pred)
    for a in VolumeAxis.allCases {
      let p = field.profile(a)
      for s in 0..<p.sliceCount {
        let exp = p.slice(p.rw, s)
        #expect(
          abs(fast[a.rawValue][s] - exp) <= 1e-5 * max(1, abs(exp)), "\(kind) axis \(a) slice \(s)")
      }
    }
  }

  /// The one-pass writer of every channel equals the channel-by-channel writer, bit for bit.
  @Test(arguments: [MapKind.rrw, .rrwCI, .boundary, .wce], 0..<4)
  func allChannelsEqualEachChannel(kind: MapKind, geo: Int) throws {
    let classes = kind == .rrwCI ? 2 : 4
    let (lv, _) = try Self.volume(dims: [19, 11, 6], classes: classes, seed: 11)
    for units in [DistanceUnits.voxel, .mm] {
      let opts = MapOptions(kind: kind, geometry: Self.geometries[geo], units: units)
      let all = try MapEngine(labels: lv, options: opts).allChannels()
      let e = try MapEngine(labels: lv, options: opts)
      var each: [Float] = []
      for c in 0..<classes { each += try e.channel(class: c) }
      #expect(all == each, "\(kind) \(Self.geometries[geo]) \(units)")
      #expect(all.contains { $0 < 0 })  // inside values are negative for every kind here
    }
  }

  /// Three classes with a shared border: rrw and rw-ac keep A and B; boundary breaks B.
  @Test func principleOnThreeClassPhantom() throws {
    let dims = [12, 10, 3]
    var lab = [Int32](repeating: 0, count: dims.reduce(1, *))
    for k in 0..<3 {
      for j in 2..<8 {
        for i in 2..<10 {
          lab[i + 12 * (j + 10 * k)] = i < 6 ? 1 : 2
        }
      }
    }
    let lv = try LabelVolume(dims: dims, labels: lab)
    let pred = try Prediction(
      dims: dims, classCount: 3, logits: [Float](repeating: 0, count: lab.count * 3))
    for geo in Self.geometries {
      for kind in [MapKind.rrw, .rwAC] {
        let f = try MapEngine(labels: lv, options: MapOptions(kind: kind, geometry: geo)).evaluate(
          prediction: pred)
        #expect(
          f.voxelFlags.allSatisfy { $0 & (VoxelFlag.aViolation | VoxelFlag.bViolation) == 0 },
          "\(kind) \(geo)")
        #expect(f.voxelFlags.allSatisfy { $0 & VoxelFlag.wrongLogitPushedUp == 0 })
      }
      let b = try MapEngine(labels: lv, options: MapOptions(kind: .boundary, geometry: geo))
        .evaluate(prediction: pred)
      let bCount = b.voxelFlags.filter { $0 & VoxelFlag.bViolation != 0 }.count
      #expect(bCount > 0, "boundary \(geo) shows no B violation")
      #expect(b.voxelFlags.allSatisfy { $0 & VoxelFlag.aViolation == 0 })
    }
  }

  /// The viewer's per-slice channel equals the slice of the whole channel, along every axis.
  @Test func sliceChannelAlongAnyAxis() throws {
    let (lv, _) = try Self.volume(dims: [8, 6, 5], classes: 3, seed: 11)
    for geo in Self.geometries {
      let e = try MapEngine(
        labels: lv, options: MapOptions(kind: .boundaryKervadec, geometry: geo, units: .mm))
      for c in 0..<3 {
        let full = try e.channel(class: c)
        for a in VolumeAxis.allCases {
          for s in 0..<lv.dims[a.rawValue] {
            #expect(
              try e.sliceChannel(class: c, axis: a, index: s)
                == MapEngine.extractSlice(full, dims: lv.dims, axis: a, index: s))
          }
        }
      }
    }
  }

  /// Lowest reachable loss: the one-hot of argmin_k Z_k reaches it.
  @Test func lowestLossIsReachedByArgminPrediction() throws {
    let (lv, _) = try Self.volume(dims: [7, 6, 4], classes: 3, seed: 5)
    let e = try MapEngine(labels: lv, options: MapOptions(kind: .boundary))
    let n = lv.voxelCount
    let ch = try (0..<3).map { try e.channel(class: $0) }
    var best = [Float](repeating: 0, count: n)
    for t in 0..<n {
      let k = (0..<3).min { ch[$0][t] < ch[$1][t] }!
      best[t] = Float(k)
    }
    let pred = try Prediction(dims: lv.dims, classCount: 3, labelMap: best)
    let f = try e.evaluate(prediction: pred)
    let p = f.profile(.k)
    let rw = p.rw.reduce(0, +)
    let low = p.lowest.reduce(0, +)
    #expect(abs(rw - low) < 1e-6 * max(1, abs(low)))
  }

  @Test func badLabelsAndOptionsAreErrors() {
    #expect(throws: RWLossError.self) { try LabelVolume(dims: [2, 1, 1], values: [0, 0.5]) }
    #expect(throws: RWLossError.self) { try LabelVolume(dims: [2, 1, 1], values: [0, -2]) }
    #expect(throws: RWLossError.self) {
      try LabelVolume(dims: [2, 1, 1], labels: [0, 3], classes: 2)
    }
    let lv = try! LabelVolume(dims: [2, 1, 1], labels: [0, 2])
    #expect(lv.classCount == 3)
    #expect(throws: RWLossError.self) {
      try MapEngine(labels: lv, options: MapOptions(kind: .rrwCI))
    }
    #expect(throws: RWLossError.self) {
      try MapEngine(labels: lv, options: MapOptions(kind: .wce, weights: [1, 2]))
    }
  }

  /// Detection: 3D -> labels; values in [0,1] summing to 1 -> probs; else logits.
  @Test func predictionKindDetection() throws {
    let p3 = try Prediction.make(shape: [2, 1, 1], data: [0, 1], classCount: 2)
    #expect(p3.prediction.kind == .labels)
    let probs = try Prediction.make(shape: [2, 1, 1, 2], data: [0.3, 1, 0.7, 0], classCount: 2)
    #expect(probs.prediction.kind == .probs)
    let five = try Prediction.make(shape: [2, 1, 1, 1, 2], data: [0.3, 1, 0.7, 0], classCount: 2)
    #expect(five.prediction.kind == .probs)
    let lg = try Prediction.make(shape: [2, 1, 1, 2], data: [0.3, 1, 0.6, 0], classCount: 2)
    #expect(lg.prediction.kind == .logits)
    #expect(abs(lg.prediction.probability(0, at: 0) - Float(1 / (1 + exp(0.3)))) < 1e-6)
    let forced = try Prediction.make(
      shape: [2, 1, 1, 2], data: [0.3, 1, 0.7, 0], classCount: 2, forced: .logits)
    #expect(forced.prediction.kind == .logits)
    #expect(throws: RWLossError.self) {
      try Prediction.make(
        shape: [2, 1, 1, 3], data: [Float](repeating: 0, count: 6), classCount: 2)
    }
  }
}

/// The viewer's single-slice statistics equal the whole-volume evaluation's slice.
@Suite struct SliceStatisticsTests {
  @Test(arguments: [MapKind.rrw, .boundary, .boundaryKervadec, .wce])
  func sliceStatisticsMatchWholeEvaluation(kind: MapKind) throws {
    let (lv, pred) = try EngineTests.volume(dims: [9, 7, 5], classes: 3, seed: 21)
    for axis in VolumeAxis.allCases {
      let e = try MapEngine(
        labels: lv, options: MapOptions(kind: kind, geometry: .slices(axis: axis), units: .mm))
      let field = try e.evaluate(prediction: pred)
      for s in 0..<lv.dims[axis.rawValue] {
        let fast = try e.sliceStatistics(prediction: pred, axis: axis, index: s)
        let slow = field.profile(axis).statistics(slice: s)
        #expect(abs(fast.rwSum - slow.rwSum) <= 1e-9 * max(1, abs(slow.rwSum)))
        #expect(abs(fast.ce - slow.ce) <= 1e-9 * max(1, slow.ce))
        #expect(abs(fast.softDiceLoss - slow.softDiceLoss) <= 1e-9)
        #expect(abs(fast.lowestRWSum - slow.lowestRWSum) <= 1e-9 * max(1, abs(slow.lowestRWSum)))
        #expect(fast.aViolations == slow.aViolations && fast.bViolations == slow.bViolations)
        #expect(fast.wrongLogitPushedUp == slow.wrongLogitPushedUp)
        #expect(fast.aViolationsPerClass == slow.aViolationsPerClass)
      }
    }
  }
}
