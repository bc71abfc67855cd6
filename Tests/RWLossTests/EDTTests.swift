import Testing

@testable import RWLoss

/// The fast EDT against the plain brute-force search.
@Suite struct EDTTests {
  /// A deterministic pseudo-random generator (xorshift) for test volumes.
  struct Rng {
    var s: UInt64
    mutating func next() -> UInt64 {
      s ^= s << 13
      s ^= s >> 7
      s ^= s << 17
      return s
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  }

  /// Blobby labels: random seeds grown by nearest-seed assignment, plus noise voxels.
  static func labels(dims: [Int], classes: Int, seed: UInt64) -> [Int32] {
    var r = Rng(s: seed)
    let n = dims.reduce(1, *)
    let seeds = (0..<6).map { _ in
      ([r.int(dims[0]), r.int(dims[1]), r.int(dims[2])], Int32(r.int(classes)))
    }
    var out = [Int32](repeating: 0, count: n)
    for t in 0..<n {
      let c = [t % dims[0], (t / dims[0]) % dims[1], t / (dims[0] * dims[1])]
      var best = Int.max
      for (p, l) in seeds {
        let d = zip(c, p).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
        if d < best {
          best = d
          out[t] = l
        }
      }
      if r.int(13) == 0 { out[t] = Int32(r.int(classes)) }
    }
    return out
  }

  static let grids: [[Int]] = [[7, 5, 4], [1, 6, 5], [9, 1, 3], [5, 6, 1], [12, 9, 7]]
  static let spacings: [[Double]] = [[1, 1, 1], [0.8, 0.8, 2.5], [3, 1, 0.7]]

  @Test(arguments: 0..<5, 0..<3)
  func multiLabelMatchesBruteForce(grid: Int, sp: Int) {
    let dims = Self.grids[grid]
    let spacing = Self.spacings[sp]
    let lab = Self.labels(dims: dims, classes: 3, seed: UInt64(17 + grid * 5 + sp))
    for axes in [[0, 1, 2], [0, 1], [1, 2], [0, 2]] {
      let domainAxis = [0, 1, 2].first { !axes.contains($0) }
      for parallel in [false, true] {
        let got = EDT.distances(
          keys: lab, dims: dims, axes: axes, spacing: spacing, parallel: parallel)
        // Brute force: per class, distance of its voxels to the nearest other-class voxel.
        var exp = [Double](repeating: 0, count: lab.count)
        for c in 0..<3 {
          let m = lab.map { $0 == Int32(c) }
          let d = bruteEDT(mask: m, dims: dims, domainAxis: domainAxis, spacing: spacing)
          for t in 0..<lab.count where m[t] { exp[t] = d[t] }
        }
        for t in 0..<lab.count {
          // Voxels whose domain holds one label only stay +inf (the phantom is applied by the maps).
          let domainUniform: Bool = {
            guard let a = domainAxis else { return Set(lab).count == 1 }
            let strides = [1, dims[0], dims[0] * dims[1]]
            let idx = (t / strides[a]) % dims[a]
            var seen = Set<Int32>()
            for u in 0..<lab.count where (u / strides[a]) % dims[a] == idx { seen.insert(lab[u]) }
            return seen.count == 1
          }()
          if domainUniform {
            #expect(got[t] == .infinity)
          } else {
            #expect(
              abs(Double(got[t]) - exp[t]) <= 1e-5 * max(1, exp[t]),
              "dims \(dims) axes \(axes) t \(t)")
          }
        }
      }
    }
  }

  @Test func binarySignedTransformGivesBothSides() {
    let dims = [11, 8, 5]
    let spacing = [0.7, 1.3, 2.0]
    let lab = Self.labels(dims: dims, classes: 2, seed: 99)
    let keys = lab.map { UInt8($0) }
    let got = EDT.distances(keys: keys, dims: dims, spacing: spacing)
    let m = lab.map { $0 == 1 }
    let inside = bruteEDT(mask: m, dims: dims, domainAxis: nil, spacing: spacing)
    let outside = bruteEDT(mask: m.map { !$0 }, dims: dims, domainAxis: nil, spacing: spacing)
    for t in 0..<lab.count {
      let e = m[t] ? inside[t] : outside[t]
      #expect(abs(Double(got[t]) - e) <= 1e-5 * max(1, e))
    }
  }

  /// A large volume split across cores equals the single-threaded transform bit for bit.
  @Test func parallelEqualsSerial() {
    let dims = [40, 33, 21]
    let lab = Self.labels(dims: dims, classes: 4, seed: 5)
    let a = EDT.distances(keys: lab, dims: dims, spacing: [0.8, 0.8, 2.5], parallel: false)
    let b = EDT.distances(keys: lab, dims: dims, spacing: [0.8, 0.8, 2.5], parallel: true)
    #expect(a == b)
  }

  /// Long columns whose voxels lie far from any other key: the widening search gives up after
  /// its step cap and those lanes take the lower-envelope fallback. Checked against the exact
  /// distance to a handful of isolated feature voxels.
  @Test(arguments: [[1.0, 1, 1], [0.8, 0.8, 2.5]])
  func farVoxelsMatchFeatureDistances(spacing: [Double]) {
    let dims = [13, 150, 120]
    let n = dims[0] * dims[1] * dims[2]
    let features = [[2, 3, 4], [11, 140, 7], [6, 75, 60], [0, 149, 119], [12, 10, 110]]
    var lab = [Int32](repeating: 0, count: n)
    for p in features { lab[p[0] + dims[0] * (p[1] + dims[1] * p[2])] = 1 }
    let serial = EDT.distances(keys: lab, dims: dims, spacing: spacing, parallel: false)
    let par = EDT.distances(keys: lab, dims: dims, spacing: spacing, parallel: true)
    #expect(serial == par)
    var bad = 0
    for t in 0..<n {
      let c = [t % dims[0], (t / dims[0]) % dims[1], t / (dims[0] * dims[1])]
      var e = Double.infinity
      if lab[t] == 1 {
        e = spacing.min()!
      } else {
        for p in features {
          var s = 0.0
          for a in 0..<3 {
            let d = Double(c[a] - p[a]) * spacing[a]
            s += d * d
          }
          e = min(e, s)
        }
        e = e.squareRoot()
      }
      if abs(Double(serial[t]) - e) > 1e-5 * max(1, e) { bad += 1 }
    }
    #expect(bad == 0)
  }

  /// The border is not a boundary: a lone 1-voxel hole in a 1D line.
  @Test func borderIsNotABoundary() {
    let lab: [Int32] = [0, 0, 0, 1, 0, 0, 0, 0, 0]
    let d = EDT.distances(keys: lab, dims: [9, 1, 1], axes: [0])
    #expect(d == [3, 2, 1, 1, 1, 2, 3, 4, 5])
  }

  /// The float64 transform is exact in float64: every voxel holds, bit for bit, the minimum
  /// over the voxels of another key of the per-axis terms `(d_a w_a)^2` summed in axis order
  /// (what the strip search and the first-pass table compute). Long columns (past the search
  /// cap, so the envelope fallback runs too), anisotropic spacing, 2D and 3D.
  @Test(arguments: 0..<3)
  func float64TransformIsExact(sp: Int) {
    let spacing = Self.spacings[sp]
    for dims in [[12, 9, 7], [3, 64, 5], [5, 3, 70]] {
      var lab = Self.labels(dims: dims, classes: 3, seed: UInt64(3 + sp + dims[1]))
      // Sparse features: most voxels share key 0, so distances run past the search cap.
      for t in 0..<lab.count where lab[t] != 0 && (t % 11) != 0 { lab[t] = 0 }
      let keys = lab.map { UInt8($0) }
      let n = lab.count
      let w2 = spacing.map { $0 * $0 }
      for axes in [[0, 1, 2], [0, 1], [1, 2]] {
        var got = [Double](repeating: 0, count: n)
        keys.withUnsafeBufferPointer { k in
          got.withUnsafeMutableBufferPointer { o in
            EDT.squaredDistances(keys: k, out: o, dims: dims, axes: axes, spacing: spacing)
          }
        }
        var bad = 0
        for t in 0..<n {
          let c = [t % dims[0], (t / dims[0]) % dims[1], t / (dims[0] * dims[1])]
          var e = Double.infinity
          for u in 0..<n where keys[u] != keys[t] {
            let q = [u % dims[0], (u / dims[0]) % dims[1], u / (dims[0] * dims[1])]
            // Same domain: equal coordinates along the axes not transformed.
            if (0..<3).contains(where: { !axes.contains($0) && q[$0] != c[$0] }) { continue }
            var s = 0.0
            for a in axes {
              let d = Double((c[a] - q[a]) * (c[a] - q[a]))
              s += d * w2[a]
            }
            e = min(e, s)
          }
          if got[t] != e { bad += 1 }
        }
        #expect(bad == 0, "dims \(dims) axes \(axes) spacing \(spacing): \(bad) voxels differ")
      }
    }
  }
}
