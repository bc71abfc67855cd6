import Testing

@testable import RWLoss

/// `SegmentationMetrics.SliceWindow` (2D transforms per slice, a search across slices, the
/// targets past the ring) against a brute-force nearest target, bit for bit.
@Suite struct SliceWindowTests {
  /// The nearest target's distance by brute force, the squared sum formed as the search forms it.
  static func nearest(_ t: Int, _ targets: [UInt32], dims: [Int], spacing: [Double]) -> Double {
    let w = spacing.map { $0 * $0 }
    func c(_ t: Int) -> [Int] { [t % dims[0], (t / dims[0]) % dims[1], t / (dims[0] * dims[1])] }
    let a = c(t)
    var best = Double.infinity
    for x in targets {
      let b = c(Int(x))
      let d = (0..<3).map { a[$0] - b[$0] }
      let v = (Double(d[0] * d[0]) * w[0] + Double(d[1] * d[1]) * w[1]) + Double(d[2] * d[2]) * w[2]
      best = min(best, v)
    }
    return best.squareRoot()
  }

  /// The bounding box of the voxels `list` on a grid of `dims`.
  static func box(_ list: [UInt32], dims: [Int]) -> SegmentationMetrics.GridBox {
    var lo = [Int.max, Int.max, Int.max]
    var hi = [-1, -1, -1]
    for x in list {
      let t = Int(x)
      let c = [t % dims[0], (t / dims[0]) % dims[1], t / (dims[0] * dims[1])]
      for a in 0..<3 {
        lo[a] = min(lo[a], c[a])
        hi[a] = max(hi[a], c[a])
      }
    }
    return .init(lo: lo, size: (0..<3).map { hi[$0] - lo[$0] + 1 })
  }

  /// Runs the kernel on every query; returns (distances, number left open).
  static func run(
    queries: [UInt32], targets: [UInt32], dims: [Int], spacing: [Double], reach: Int
  ) -> ([Double], Int) {
    var o = [Double](repeating: -1, count: queries.count)
    let b = box((queries + targets).sorted(), dims: dims)
    let open = queries.withUnsafeBufferPointer { q in
      targets.withUnsafeBufferPointer { t in
        o.withUnsafeMutableBufferPointer { out in
          SegmentationMetrics.SliceWindow.answer(
            queries: q, targets: t, dims: dims, spacing: spacing, box: b, reach: reach,
            into: out.shared)
        }
      }
    }
    return (o, open)
  }

  static let grids: [[Int]] = [[9, 7, 41], [12, 1, 30], [1, 8, 25], [10, 9, 1], [6, 5, 3]]
  static let spacings: [[Double]] = [[1, 1, 1], [0.8, 0.8, 2.5], [1.5, 0.75, 0.6]]

  /// Sparse random targets, about half the other voxels queries: every answer equal to brute
  /// force.
  @Test(arguments: 0..<5, 0..<3)
  func matchesBruteForce(grid: Int, sp: Int) {
    let dims = Self.grids[grid]
    let spacing = Self.spacings[sp]
    let n = dims.reduce(1, *)
    var g = SplitMix(seed: UInt64(11 + 5 * grid + sp))
    var targets: [UInt32] = []
    var queries: [UInt32] = []
    for t in 0..<n {
      if g.next() % 23 == 0 {
        targets.append(UInt32(t))
      } else if g.next() % 2 == 0 {
        queries.append(UInt32(t))
      }
    }
    if targets.isEmpty { targets.append(0) }
    for reach in [8, 16] {
      let (o, open) = Self.run(
        queries: queries, targets: targets, dims: dims, spacing: spacing, reach: reach)
      // Queries past the ring with too few targets to scan stay open (negative).
      #expect(o.filter { $0 < 0 }.count == open)
      for (x, t) in queries.enumerated() where o[x] >= 0 {
        let e = Self.nearest(Int(t), targets, dims: dims, spacing: spacing)
        #expect(o[x] == e, "dims \(dims) spacing \(spacing) query \(t): \(o[x]) vs \(e)")
      }
    }
  }

  /// Queries far past the ring: answered from the targets beyond it when few, else left open
  /// (negative) for the tree, the rest still exact.
  @Test func farQueries() {
    let dims = [20, 20, 60]
    let spacing = [0.8, 0.8, 2.5]
    let plane = dims[0] * dims[1]
    // A whole first slice of targets and one more target; queries near and far.
    var targets = (0..<plane).map { UInt32($0) }
    targets.append(UInt32(plane * 30 + 7))
    let near = [plane * 2 + 5, plane * 29 + 3]
    let far = [plane * 55 + 1, plane * 58 + 210, plane * 59 + 399]
    let queries = (near + far).sorted().map { UInt32($0) }
    let (o, open) = Self.run(
      queries: queries, targets: targets, dims: dims, spacing: spacing, reach: 8)
    #expect(open == 0)
    for (x, t) in queries.enumerated() {
      #expect(o[x] == Self.nearest(Int(t), targets, dims: dims, spacing: spacing))
    }
    // Too few targets for the per-query pass: the far queries stay open.
    let few: [UInt32] = [0, UInt32(plane * 30 + 7)]
    let (p, left) = Self.run(queries: queries, targets: few, dims: dims, spacing: spacing, reach: 8)
    #expect(left == 3)
    for (x, t) in queries.enumerated() {
      if p[x] < 0 {
        #expect(Int(t) / plane >= 55)
      } else {
        #expect(p[x] == Self.nearest(Int(t), few, dims: dims, spacing: spacing))
      }
    }
  }

  /// A small deterministic generator.
  struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }
}
