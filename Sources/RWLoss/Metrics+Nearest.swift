extension SegmentationMetrics {
  /// How the directed surface distances of a class are found. Both give the same float64
  /// values, bit for bit (the squared distance is formed exactly as `EDT.squaredDistances`
  /// forms it, and both take its exact minimum).
  enum DistanceMethod: Sendable {
    /// Per class, whichever is estimated cheaper.
    case automatic
    /// Two exact EDTs on the bounding box of both surfaces (cost: the box's volume).
    case boxTransform
    /// A nearest-point search over the target surface (cost: the surfaces' sizes), the walk
    /// then the tree only (`automatic` may answer the walk's misses by `SliceWindow`).
    case nearestSearch
  }

  /// The surface voxels of every evaluated class, grouped by slot, each group in scan order
  /// (k, then j, then i): one counting sort over the scan's surface bits. Linear indices are
  /// `UInt32`, so only grids of at most 2^32 voxels have lists (`make` returns nil otherwise).
  struct SurfaceLists {
    /// Slot s's reference surface voxels are `reference[referenceStart[s]..<referenceStart[s+1]]`.
    var referenceStart: [Int]
    var reference: [UInt32]
    /// The same for the prediction.
    var predictionStart: [Int]
    var prediction: [UInt32]

    static func make(
      scan: MetricsScan, reference r: SharedBuffer<Int32>, prediction p: SharedBuffer<Int32>
    ) -> SurfaceLists? {
      guard scan.flags.count <= Int(UInt32.max) + 1 else { return nil }
      let ns = scan.surfaceReference.count
      var rs = [Int](repeating: 0, count: ns + 1)
      var ps = [Int](repeating: 0, count: ns + 1)
      for s in 0..<ns {
        rs[s + 1] = rs[s] + scan.surfaceReference[s]
        ps[s + 1] = ps[s] + scan.surfacePrediction[s]
      }
      var rl = [UInt32](repeating: 0, count: rs[ns])
      var pl = [UInt32](repeating: 0, count: ps[ns])
      var rc = rs
      var pc = ps
      let refBit = MetricsScan.referenceSurface
      let predBit = MetricsScan.predictionSurface
      scan.flags.withUnsafeBufferPointer { f in
        scan.slotOf.withUnsafeBufferPointer { slot in
          rl.withUnsafeMutableBufferPointer { ro in
            pl.withUnsafeMutableBufferPointer { po in
              rc.withUnsafeMutableBufferPointer { rcur in
                pc.withUnsafeMutableBufferPointer { pcur in
                  // Surface bits are set only on voxels whose label has a slot.
                  for t in 0..<f.count {
                    let b = f[t]
                    if b == 0 { continue }
                    if b & refBit != 0 {
                      let s = slot[Int(r[t])]
                      ro[rcur[s]] = UInt32(truncatingIfNeeded: t)
                      rcur[s] &+= 1
                    }
                    if b & predBit != 0 {
                      let s = slot[Int(p[t])]
                      po[pcur[s]] = UInt32(truncatingIfNeeded: t)
                      pcur[s] &+= 1
                    }
                  }
                }
              }
            }
          }
        }
      }
      return SurfaceLists(referenceStart: rs, reference: rl, predictionStart: ps, prediction: pl)
    }

    func referenceRange(_ s: Int) -> Range<Int> { referenceStart[s]..<referenceStart[s + 1] }
    func predictionRange(_ s: Int) -> Range<Int> { predictionStart[s]..<predictionStart[s + 1] }
  }

  /// A voxel's coordinates.
  struct GridPoint: Sendable {
    var i: Int32
    var j: Int32
    var k: Int32

    @inline(__always) subscript(_ a: Int) -> Int32 { a == 0 ? i : a == 1 ? j : k }
  }

  /// An exact nearest-point search over a set of voxels (a k-d tree with leaves of at most
  /// `leafSize` points, split at the median of the axis longest in mm), reused from class to
  /// class (its arrays keep their capacity).
  ///
  /// The squared distance of a voxel offset (di, dj, dk) is `(di² wi + dj² wj) + dk² wk` in
  /// float64 with `wa = spacing[a]²`: what `EDT.squaredDistances` adds up along its passes
  /// (an axis of length 1 contributes an exact 0). Every term is monotone in |d|, so the
  /// same sum of a box's gaps bounds every point in the box from below, and the search returns
  /// the exact minimum the transform returns.
  struct NearestSearch {
    struct Node {
      var lo: Int32
      var hi: Int32
      var left: Int32
      var right: Int32
      var low: GridPoint
      var high: GridPoint
    }

    static let leafSize = 8
    let w2: (Double, Double, Double)
    let spacing: [Double]
    var points: [GridPoint] = []
    var nodes: [Node] = []

    init(spacing: [Double]) {
      self.spacing = spacing
      w2 = (spacing[0] * spacing[0], spacing[1] * spacing[1], spacing[2] * spacing[2])
    }

    /// The squared distance (EDT arithmetic) between two voxels.
    @inline(__always) static func squared(
      _ a: GridPoint, _ b: GridPoint, _ w2: (Double, Double, Double)
    ) -> Double {
      let di = Int(a.i) &- Int(b.i)
      let dj = Int(a.j) &- Int(b.j)
      let dk = Int(a.k) &- Int(b.k)
      let ei = Double(di &* di) * w2.0
      let ej = Double(dj &* dj) * w2.1
      let ek = Double(dk &* dk) * w2.2
      return (ei + ej) + ek
    }

    /// The same sum over the gaps between `q` and a box: at most the squared distance of any
    /// voxel in the box.
    @inline(__always) static func lowerBound(
      _ q: GridPoint, _ lo: GridPoint, _ hi: GridPoint, _ w2: (Double, Double, Double)
    ) -> Double {
      @inline(__always) func gap(_ x: Int32, _ l: Int32, _ h: Int32) -> Int {
        x < l ? Int(l) &- Int(x) : x > h ? Int(x) &- Int(h) : 0
      }
      let gi = gap(q.i, lo.i, hi.i)
      let gj = gap(q.j, lo.j, hi.j)
      let gk = gap(q.k, lo.k, hi.k)
      return (Double(gi &* gi) * w2.0 + Double(gj &* gj) * w2.1) + Double(gk &* gk) * w2.2
    }

    /// Frees the tree's arrays (a class's surface can be a large part of the volume).
    mutating func release() {
      points = []
      nodes = []
    }

    /// Rebuilds the tree over the voxels `indices` (linear indices on a grid of `dims`).
    mutating func build(_ indices: UnsafeBufferPointer<UInt32>, dims: [Int]) {
      let nx = dims[0]
      let nxy = dims[0] * dims[1]
      points.removeAll(keepingCapacity: true)
      points.reserveCapacity(indices.count)
      for x in indices {
        let t = Int(x)
        points.append(
          GridPoint(
            i: Int32(truncatingIfNeeded: t % nx), j: Int32(truncatingIfNeeded: (t / nx) % dims[1]),
            k: Int32(truncatingIfNeeded: t / nxy)))
      }
      nodes.removeAll(keepingCapacity: true)
      guard !points.isEmpty else { return }
      let sp = spacing
      points.withUnsafeMutableBufferPointer { pts in
        var stack: [(node: Int, lo: Int, hi: Int)] = []
        nodes.append(Node(lo: 0, hi: 0, left: -1, right: -1, low: pts[0], high: pts[0]))
        stack.append((0, 0, pts.count))
        while let (node, lo, hi) = stack.popLast() {
          var low = pts[lo]
          var high = pts[lo]
          for x in (lo + 1)..<hi {
            let p = pts[x]
            low = GridPoint(i: min(low.i, p.i), j: min(low.j, p.j), k: min(low.k, p.k))
            high = GridPoint(i: max(high.i, p.i), j: max(high.j, p.j), k: max(high.k, p.k))
          }
          nodes[node] = Node(
            lo: Int32(truncatingIfNeeded: lo), hi: Int32(truncatingIfNeeded: hi), left: -1,
            right: -1, low: low, high: high)
          guard hi - lo > Self.leafSize else { continue }
          var axis = 0
          var longest = -1.0
          for a in 0..<3 {
            let e = Double(high[a] - low[a]) * sp[a]
            if e > longest {
              longest = e
              axis = a
            }
          }
          let mid = lo + (hi - lo) / 2
          Self.select(pts, lo, hi, mid, axis: axis)
          let left = nodes.count
          nodes.append(nodes[node])
          nodes.append(nodes[node])
          nodes[node].left = Int32(truncatingIfNeeded: left)
          nodes[node].right = Int32(truncatingIfNeeded: left + 1)
          stack.append((left, lo, mid))
          stack.append((left + 1, mid, hi))
        }
      }
    }

    /// Reorders `p[lo..<hi]` so that `p[kth]` holds the value of axis `axis` a sort would put
    /// there, smaller or equal before it, greater or equal after (quickselect, median of three).
    static func select(
      _ p: UnsafeMutableBufferPointer<GridPoint>, _ lo0: Int, _ hi0: Int, _ kth: Int, axis: Int
    ) {
      Quickselect.select(p, lo0, hi0, kth) { $0[axis] }
    }

    /// The tree's points as a volume: voxel t is a point when `flags[t] & bit != 0` and
    /// `labels[t] == label`.
    struct Members: Sendable {
      let flags: SharedBuffer<UInt8>
      let labels: SharedBuffer<Int32>
      let bit: UInt8
      let label: Int32

      @inline(__always) func contains(_ t: Int) -> Bool {
        flags[t] & bit != 0 && labels[t] == label
      }
    }

    /// The nearest point of the tree to `q`, searched from the root: its squared distance,
    /// at most `best` (returned as is when no point is nearer), and its index in `points`
    /// (`hint` when none is nearer).
    @inline(__always) static func nearest(
      _ q: GridPoint, best start: Double, hint: Int, points pts: SharedBuffer<GridPoint>,
      nodes nd: SharedBuffer<Node>, w2: (Double, Double, Double),
      stack: UnsafeMutableBufferPointer<(Int32, Double)>
    ) -> (Double, Int) {
      var best = start
      var last = hint
      stack[0] = (0, lowerBound(q, nd[0].low, nd[0].high, w2))
      var depth = 1
      while depth > 0 {
        depth -= 1
        let (ni, lb) = stack[depth]
        if lb >= best { continue }
        let node = nd[Int(ni)]
        if node.left < 0 {
          for y in Int(node.lo)..<Int(node.hi) {
            let v = squared(q, pts[y], w2)
            if v < best {
              best = v
              last = y
            }
          }
          continue
        }
        let l = nd[Int(node.left)]
        let r = nd[Int(node.right)]
        let bl = lowerBound(q, l.low, l.high, w2)
        let br = lowerBound(q, r.low, r.high, w2)
        // The nearer child is searched first (pushed last).
        let (far, bf, near, bn) =
          bl <= br ? (node.right, br, node.left, bl) : (node.left, bl, node.right, br)
        if bf < best {
          stack[depth] = (far, bf)
          depth += 1
        }
        if bn < best {
          stack[depth] = (near, bn)
          depth += 1
        }
      }
      return (best, last)
    }

    /// The distance (mm) from every voxel of `queries` to the nearest of the voxels `targets`
    /// (`members` marks the same voxels in the volume), in the queries' order, on the cores.
    ///
    /// Each query first walks `local` (the offsets nearer than its bound, nearest first): the
    /// first target met is the nearest. Queries with no target that near go to the slice
    /// transforms (`SliceWindow`) when there are enough of them for `box`, else (and when
    /// still open) to the tree, which is built only then. `targets` must not be empty.
    mutating func distances(
      from queries: UnsafeBufferPointer<UInt32>, to targets: UnsafeBufferPointer<UInt32>,
      dims: [Int], members: Members, local: LocalOffsets, box: GridBox? = nil,
      into o: SharedBuffer<Double>
    ) {
      let count = queries.count
      let nx = dims[0]
      let ny = dims[1]
      let nxy = nx * ny
      let chunk = 4096
      let chunks = (count + chunk - 1) / chunk
      var missing = [Int](repeating: 0, count: chunks)
      precondition(o.count == count)
      // A sample of the chunks walked first says whether the slices will answer most queries;
      // then the rest skip the walk (a walk that misses costs all its offsets).
      let every = box != nil && chunks >= 64 ? 16 : 1
      missing.withSharedMutable { miss in
        Self.walk(
          queries, dims: dims, members: members, local: local, into: o, chunk: chunk,
          missing: miss
        ) { $0 % every == 0 }
      }
      var skipped = false
      if every > 1, let box {
        let sampled = stride(from: 0, to: chunks, by: every).reduce(0) {
          $0 + min(count, ($1 + 1) * chunk) - $1 * chunk
        }
        let estimate = missing.reduce(0, +) * count / max(1, sampled)
        if SliceWindow.prefers(open: estimate, box: box) {
          for c in 0..<chunks where c % every != 0 {
            for x in (c * chunk)..<min(count, (c + 1) * chunk) { o[x] = -1 }
            missing[c] = min(count, (c + 1) * chunk) - c * chunk
          }
          skipped = true
        }
      }
      if every > 1 && !skipped {
        missing.withSharedMutable { miss in
          Self.walk(
            queries, dims: dims, members: members, local: local, into: o, chunk: chunk,
            missing: miss
          ) { $0 % every != 0 }
        }
      }
      let open = missing.reduce(0, +)
      guard open > 0 else { return }
      if let box, skipped || SliceWindow.prefers(open: open, box: box) {
        let left = SliceWindow.answer(
          queries: queries, targets: targets, dims: dims, spacing: spacing, box: box,
          reach: SliceWindow.reach, into: o)
        guard left > 0 else { return }
        for c in missing.indices {
          var m = 0
          for x in (c * chunk)..<min(count, (c + 1) * chunk) where o[x] < 0 { m += 1 }
          missing[c] = m
        }
      }
      build(targets, dims: dims)
      let w2 = self.w2
      do {
        let q = queries.shared
        points.withShared { pts in
          nodes.withShared { nd in
            missing.withShared { miss in
              WorkerPool.forEachChunk(count, size: chunk) { c, range in
                guard miss[c] > 0 else { return }
                withUnsafeTemporaryAllocation(of: (Int32, Double).self, capacity: 128) { stack in
                  // The previous query's nearest point bounds the next one's search.
                  var last = 0
                  for x in range where o[x] < 0 {
                    let t = Int(q[x])
                    let qp = GridPoint(
                      i: Int32(truncatingIfNeeded: t % nx),
                      j: Int32(truncatingIfNeeded: (t / nx) % ny),
                      k: Int32(truncatingIfNeeded: t / nxy))
                    let (best, at) = Self.nearest(
                      qp, best: Self.squared(qp, pts[last], w2), hint: last, points: pts,
                      nodes: nd, w2: w2, stack: stack)
                    last = at
                    o[x] = best.squareRoot()
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

extension SegmentationMetrics {
  /// Both directed distance lists of slot `s` by nearest-point search: the prediction surface
  /// to a tree of the reference surface, then the reverse; each list in scan order.
  static func nearestDistances(
    slot s: Int, label: Int32, lists: SurfaceLists, flags: SharedBuffer<UInt8>,
    reference: SharedBuffer<Int32>, prediction: SharedBuffer<Int32>, dims: [Int],
    local: LocalOffsets, box: GridBox?, search: inout NearestSearch
  ) -> SurfaceDistances {
    var out = SurfaceDistances()
    lists.reference.withUnsafeBufferPointer { ref in
      lists.prediction.withUnsafeBufferPointer { pred in
        let r = UnsafeBufferPointer(rebasing: ref[lists.referenceRange(s)])
        let p = UnsafeBufferPointer(rebasing: pred[lists.predictionRange(s)])
        guard !r.isEmpty && !p.isEmpty else { return }
        // Both directions in one buffer, pooled as HD95 takes them (no second copy).
        out.all = [Double](unsafeUninitializedCapacity: p.count + r.count) { all, initialized in
          search.distances(
            from: p, to: r, dims: dims,
            members: .init(
              flags: flags, labels: reference, bit: MetricsScan.referenceSurface, label: label),
            local: local, box: box,
            into: UnsafeMutableBufferPointer(rebasing: all[0..<p.count]).shared)
          search.distances(
            from: r, to: p, dims: dims,
            members: .init(
              flags: flags, labels: prediction, bit: MetricsScan.predictionSurface, label: label),
            local: local, box: box,
            into: UnsafeMutableBufferPointer(rebasing: all[p.count..<(p.count + r.count)]).shared)
          initialized = p.count + r.count
        }
        out.split = p.count
      }
    }
    return out
  }

  /// Whether a class takes the search rather than the box transforms: when the search is
  /// estimated cheaper, or when the box is more than a quarter of the volume (the transforms'
  /// scratch, 9 bytes a box voxel, would then be a volume-sized allocation on top of the
  /// prediction; the search's is a few bytes per surface voxel).
  static func prefersSearch(box: Int, volume: Int, reference: Int, prediction: Int) -> Bool {
    if box > volume / 4 { return true }
    let points = Double(reference + prediction)
    let depth = Double(Int.bitWidth - max(reference, prediction).leadingZeroBitCount)
    return points * (depth + 8) * searchCostRatio < Double(box)
  }

  /// The estimated cost of one point-level search step in box-transform voxels (calibrated on
  /// 256×256×128 volumes: a surface point took about 7 box voxels' time).
  static let searchCostRatio = 0.25
}
