import Testing

@testable import RWLoss

/// The fast metrics (one shared scan, exact float64 EDT on bounding boxes, selection for the
/// percentile) against a plain reference: per-class masks, surfaces by neighbour tests,
/// distances by brute-force nearest-voxel search, a full sort for HD95.
@Suite struct MetricsReferenceTests {
  /// Mask voxels with a face neighbour (along `axes`) outside the mask or outside the array.
  static func surface(_ m: [Bool], dims: [Int], axes: [Int]) -> [Bool] {
    let nx = dims[0]
    let ny = dims[1]
    let nz = dims[2]
    var out = [Bool](repeating: false, count: m.count)
    for k in 0..<nz {
      for j in 0..<ny {
        for i in 0..<nx {
          let t = i + nx * (j + ny * k)
          guard m[t] else { continue }
          let c = [i, j, k]
          let st = [1, nx, nx * ny]
          for a in axes where c[a] == 0 || c[a] == dims[a] - 1 || !m[t - st[a]] || !m[t + st[a]] {
            out[t] = true
          }
        }
      }
    }
    return out
  }

  /// Distance (mm) from every `from` voxel to the nearest `to` voxel, by brute force.
  static func directed(from a: [Bool], to b: [Bool], dims: [Int], spacing: [Double]) -> [Double] {
    func coords(_ t: Int) -> [Int] {
      [t % dims[0], (t / dims[0]) % dims[1], t / (dims[0] * dims[1])]
    }
    let targets = b.indices.filter { b[$0] }.map(coords)
    return a.indices.filter { a[$0] }.map { t in
      let c = coords(t)
      var best = Double.infinity
      for q in targets {
        var s = 0.0
        for ax in 0..<3 {
          let d = Double(c[ax] - q[ax]) * spacing[ax]
          s += d * d
        }
        best = min(best, s)
      }
      return best.squareRoot()
    }
  }

  /// The plain reference metrics of one class: (surface counts, directed HDs, HD, HD95, ASSD).
  static func reference(_ ref: [Int32], _ pred: [Int32], c: Int32, dims: [Int], spacing: [Double])
    -> [Double]
  {
    let n = ref.count
    let kept = [0, 1, 2].filter { dims[$0] > 1 }
    let r = ref.map { $0 == c }
    let p = pred.map { $0 == c }
    let nr = r.filter { $0 }.count
    let np = p.filter { $0 }.count
    guard nr > 0 && np > 0 else { return [0, 0, .nan, .nan, .nan, .nan, .nan] }
    let sr = surface(r, dims: dims, axes: kept)
    let sp = surface(p, dims: dims, axes: kept)
    let dPR = directed(from: sp, to: sr, dims: dims, spacing: spacing)
    let dRP = directed(from: sr, to: sp, dims: dims, spacing: spacing)
    let counts = [Double(sp.filter { $0 }.count), Double(sr.filter { $0 }.count)]
    let hds = [dPR.max() ?? .nan, dRP.max() ?? .nan]
    guard np < n && nr < n else { return counts + hds + [.nan, .nan, .nan] }
    let pooled = (dPR + dRP).sorted()
    let h = 0.95 * Double(pooled.count - 1)
    let lo = Int(h.rounded(.down))
    let hi = min(lo + 1, pooled.count - 1)
    let hd95 = pooled[lo] + (h - Double(lo)) * (pooled[hi] - pooled[lo])
    return counts + hds + [max(hds[0], hds[1]), hd95, pooled.reduce(0, +) / Double(pooled.count)]
  }

  static func same(_ a: Double, _ b: Double) -> Bool {
    (a.isNaN && b.isNaN) || abs(a - b) <= 1e-12 * max(1, abs(b))
  }

  static let grids: [[Int]] = [[13, 11, 9], [17, 14, 1], [1, 15, 12], [6, 5, 40], [3, 2, 2]]
  static let spacings: [[Double]] = [[1, 1, 1], [0.8, 0.8, 2.5], [1.5, 0.75, 0.6]]

  @Test(arguments: 0..<5, 0..<3)
  func matchesPlainReference(grid: Int, sp: Int) {
    let dims = Self.grids[grid]
    let spacing = Self.spacings[sp]
    let k = 5
    let ref = EDTTests.labels(dims: dims, classes: k, seed: UInt64(41 + 7 * grid + sp))
    var pred = EDTTests.labels(dims: dims, classes: k, seed: UInt64(97 + 7 * grid + sp))
    // Mostly agreeing maps with noise, one class only in the reference, a label not evaluated.
    for t in pred.indices where t % 3 != 0 { pred[t] = ref[t] }
    for t in pred.indices where pred[t] == 3 { pred[t] = 1 }
    if pred.count > 2 { pred[2] = 9 }
    let classes = [0, 1, 2, 3, 4, 6]
    for method in Self.methods {
      let got = SegmentationMetrics.compute(
        reference: ref, prediction: pred, dims: dims, spacing: spacing, classes: classes,
        method: method)
      check(got, classes: classes, ref: ref, pred: pred, dims: dims, spacing: spacing)
    }
  }

  static let methods: [SegmentationMetrics.DistanceMethod] = [
    .automatic, .boxTransform, .nearestSearch,
  ]

  func check(
    _ got: [ClassMetrics], classes: [Int], ref: [Int32], pred: [Int32], dims: [Int],
    spacing: [Double]
  ) {
    for (m, c) in zip(got, classes) {
      let e = Self.reference(ref, pred, c: Int32(c), dims: dims, spacing: spacing)
      let g = [
        Double(m.surfacePrediction), Double(m.surfaceReference), m.directedHDPredToRef,
        m.directedHDRefToPred, m.hd, m.hd95, m.assd,
      ]
      for (x, y) in zip(g, e) {
        #expect(
          Self.same(x, y), "dims \(dims) spacing \(spacing) class \(c): got \(g), expected \(e)")
      }
      #expect(m.tp == zip(ref, pred).filter { $0 == Int32(c) && $1 == Int32(c) }.count)
      #expect(m.tp + m.fn == ref.filter { $0 == Int32(c) }.count)
      #expect(m.tp + m.fp == pred.filter { $0 == Int32(c) }.count)
    }
  }

  /// Surfaces far apart (distances past the transform's search cap) and a class filling the
  /// image except one voxel.
  @Test func farSurfacesAndNearlyFullClass() {
    let dims = [4, 3, 90]
    let spacing = [0.8, 0.8, 2.5]
    var ref = [Int32](repeating: 0, count: dims.reduce(1, *))
    var pred = ref
    for t in 0..<12 { ref[t] = 1 }
    for t in (ref.count - 12)..<ref.count { pred[t] = 1 }
    pred[40] = 2
    for method in Self.methods {
      let got = SegmentationMetrics.compute(
        reference: ref, prediction: pred, dims: dims, spacing: spacing, classes: [0, 1, 2],
        method: method)
      for m in got {
        let e = Self.reference(ref, pred, c: Int32(m.classIndex), dims: dims, spacing: spacing)
        let g = [
          Double(m.surfacePrediction), Double(m.surfaceReference), m.directedHDPredToRef,
          m.directedHDRefToPred, m.hd, m.hd95, m.assd,
        ]
        for (x, y) in zip(g, e) {
          #expect(Self.same(x, y), "\(method) class \(m.classIndex): \(g) vs \(e)")
        }
      }
      #expect(abs(got[1].hd - 89 * 2.5) < 1e-9)
    }
  }

  /// Every double of a class's metrics, as bits (NaN compares equal to NaN).
  static func bits(_ m: ClassMetrics) -> [UInt64] {
    [
      m.dice, m.iou, m.volumeReferenceMM3, m.volumePredictionMM3, m.hd, m.hd95, m.assd,
      m.directedHDPredToRef, m.directedHDRefToPred,
    ].map(\.bitPattern)
      + [m.tp, m.fp, m.fn, m.tn, m.surfacePrediction, m.surfaceReference].map {
        UInt64(bitPattern: Int64($0))
      }
  }

  /// The nearest-point search (neighbourhood walk and k-d tree) gives the box transforms'
  /// numbers bit for bit: many classes, scattered islands (queries far from any target, so
  /// the tree answers), 2D grids and uneven spacings.
  @Test(arguments: 0..<6)
  func searchEqualsBoxTransformBitwise(_ variant: Int) {
    let dims = [
      [41, 37, 23], [64, 48, 1], [1, 33, 29], [30, 30, 30], [57, 9, 14], [25, 26, 27],
    ][
      variant]
    let spacing = [
      [0.8, 0.8, 2.5], [0.7, 1.3, 1], [1, 0.45, 3.1], [1, 1, 1], [2.2, 0.3, 0.9],
      [
        0.9765625, 0.9765625, 5,
      ],
    ][variant]
    let k = [12, 5, 7, 40, 3, 9][variant]
    var ref = EDTTests.labels(dims: dims, classes: k, seed: UInt64(501 + variant))
    var pred = ref
    var r = EDTTests.Rng(s: UInt64(777 + variant))
    // Speckle and islands of random classes far from their own regions.
    for t in pred.indices where r.int(9) == 0 { pred[t] = Int32(r.int(k)) }
    for t in ref.indices where r.int(97) == 0 { ref[t] = Int32(r.int(k)) }
    let classes = Array(0..<k)
    let box = SegmentationMetrics.compute(
      reference: ref, prediction: pred, dims: dims, spacing: spacing, classes: classes,
      method: .boxTransform)
    let search = SegmentationMetrics.compute(
      reference: ref, prediction: pred, dims: dims, spacing: spacing, classes: classes,
      method: .nearestSearch)
    let auto = SegmentationMetrics.compute(
      reference: ref, prediction: pred, dims: dims, spacing: spacing, classes: classes)
    for c in classes {
      #expect(Self.bits(search[c]) == Self.bits(box[c]), "dims \(dims) class \(c)")
      #expect(Self.bits(auto[c]) == Self.bits(box[c]), "dims \(dims) class \(c)")
    }
  }

  /// The neighbourhood list: nearest first, and every offset not listed at least `bound` away
  /// (checked against all offsets of a larger box).
  @Test func localOffsetsAreTheNearest() {
    for (dims, spacing) in [
      ([24, 24, 12], [0.8, 0.8, 2.5]), ([5, 30, 1], [1.0, 0.3, 1]), ([20, 20, 20], [1.0, 1, 1]),
      ([3, 3, 3], [1.0, 2, 3]),
    ] {
      let local = SegmentationMetrics.LocalOffsets(dims: dims, spacing: spacing)
      let values = local.offsets.map(\.value)
      #expect(values == values.sorted())
      #expect(local.offsets.allSatisfy { $0.value < local.bound })
      let listed = Set(local.offsets.map { [$0.i, $0.j, $0.k] })
      let reach = dims.map { $0 - 1 }
      for dk in -reach[2]...reach[2] {
        for dj in -reach[1]...reach[1] {
          for di in -reach[0]...reach[0] where !listed.contains([Int32(di), Int32(dj), Int32(dk)]) {
            let v =
              (Double(di * di) * spacing[0] * spacing[0] + Double(dj * dj) * spacing[1]
                * spacing[1]) + Double(dk * dk) * spacing[2] * spacing[2]
            #expect(v >= local.bound * (1 - 1e-12), "\(dims) offset \(di),\(dj),\(dk)")
          }
        }
      }
    }
  }

  /// The selection percentile equals the sorted one on ties, runs and random values.
  @Test func selectionPercentileMatchesSort() {
    var r = EDTTests.Rng(s: 12345)
    for size in [1, 2, 3, 10, 101, 1000, 4097] {
      for pattern in 0..<3 {
        let v: [Double] = (0..<size).map { i in
          switch pattern {
          case 0: return Double(r.int(1000)) / 7
          case 1: return Double(r.int(3))
          default: return Double(i % 17)
          }
        }
        for q in [0.0, 50, 95, 100] {
          let s = v.sorted()
          let h = q / 100 * Double(s.count - 1)
          let lo = Int(h.rounded(.down))
          let hi = min(lo + 1, s.count - 1)
          let e = s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
          #expect(
            SegmentationMetrics.percentile(v, q) == e, "size \(size) pattern \(pattern) q \(q)")
        }
      }
    }
  }
}
