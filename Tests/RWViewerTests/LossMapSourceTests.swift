import Foundation
import RWLoss
import RWTestSupport
import Testing

@testable import RWViewer

/// The viewer's map pipeline (job → units → MapVolume) with the loss core, against the golden
/// vectors produced by the paper's reference code.
@Suite struct LossMapSourceTests {
  /// A golden case's JSON from `Tests/Fixtures/golden`.
  static func load(_ name: String) throws -> [String: Any] {
    try Fixtures.json("golden/" + name)
  }

  /// The stored golden map `key` of case `g`, or a failure naming it.
  static func map(_ g: [String: Any], _ key: String) throws -> Any {
    let maps = try #require(g["maps"] as? [String: Any], "golden case without maps")
    return try #require(maps[key], "golden case without map \(key)")
  }

  static func flatten(_ a: Any) -> [Double] {
    if let n = a as? NSNumber { return [n.doubleValue] }
    if let arr = a as? [Any] { return arr.flatMap { flatten($0) } }
    return []
  }

  /// Runs every unit of `job` through the source into a MapVolume, as the runtime does.
  static func run(_ job: MapJob) throws -> MapVolume {
    var m = MapVolume(
      generation: job.generation, settings: job.options, dims: job.dims, classCount: job.classCount)
    for u in 0..<job.unitCount {
      m.store(unit: u, channels: try LossMapSource().computeUnit(u, job: job))
    }
    #expect(m.error == nil && m.isComplete)
    return m
  }

  @Test func rrw3DMatchesGolden() throws {
    let g = try Self.load("09_3d_3class_aniso.json")
    // Array order (z, y, x) flattened = NIfTI order with i = x fastest: dims (x, y, z) = (5, 5, 3).
    let labels = Self.flatten(try #require(g["labels"], "golden case without labels")).map {
      Int32($0)
    }
    let dims = [5, 5, 3]
    let job = MapJob(
      generation: 1, options: MapOptions(kind: .rrw, geometry: .volume), dims: dims,
      spacing: [0.8, 0.8, 2.5],
      labels: labels, classCount: 3, priority: [])
    let m = try Self.run(job)
    let expected = Self.flatten(try Self.map(g, "rrw"))
    #expect(expected.count == 3 * 75)
    for (t, e) in expected.enumerated() {
      let got = Double(m.values[t])
      #expect(abs(got - e) <= 1e-6 + 1e-6 * abs(e), "voxel \(t)")
    }
    #expect(m.minValue[1] == -1 && m.maxValue[1] == 1)
  }

  @Test func boundary2DPerSliceMatchesGolden() throws {
    let g = try Self.load("03_2d_3class_ring.json")
    let labels = Self.flatten(try #require(g["labels"], "golden case without labels")).map {
      Int32($0)
    }
    let job = MapJob(
      generation: 1, options: MapOptions(kind: .boundary), dims: [9, 9, 1], spacing: [1, 1, 1],
      labels: labels, classCount: 3, priority: [0])
    let m = try Self.run(job)
    let expected = Self.flatten(try Self.map(g, "boundary_rwrepo"))
    #expect(expected.count == 3 * 81)
    var worst = 0.0
    for (t, e) in expected.enumerated() {
      worst = max(worst, abs(Double(m.values[t]) - e) / (1 + abs(e)))
    }
    #expect(worst <= 1e-6)
  }

  @Test func unitsAlongAnotherAxisLandInPlace() throws {
    // 2D maps along i: unit u is the (j, k) plane at i = u. rw-ac is 1 − Y, so every stored
    // value can be checked directly against the labels.
    let labels = Phantom.labels().data.map { Int32($0) }
    let job = MapJob(
      generation: 1, options: MapOptions(kind: .rwAC, geometry: .slices(axis: .i)),
      dims: [8, 6, 4], spacing: [1, 1, 1],
      labels: labels, classCount: 3, priority: [5])
    let m = try Self.run(job)
    for v in 0..<labels.count {
      for c in 0..<3 { #expect(m.value(c, v) == (labels[v] == Int32(c) ? 0 : 1)) }
    }
  }

}
