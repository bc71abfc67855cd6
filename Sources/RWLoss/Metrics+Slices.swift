import RWSystem

extension SegmentationMetrics {
  /// A class's bounding box on the volume grid (both surfaces inside it).
  struct GridBox: Sendable {
    /// The box's first voxel (i, j, k).
    var lo: [Int]
    /// The box's extent along each axis.
    var size: [Int]

    /// Voxels in the box.
    var count: Int { size[0] * size[1] * size[2] }
  }

  /// Exact distances for the queries the neighbourhood walk left open, by 2D transforms of the
  /// target voxels slice by slice and a search across slices (cost: the box, plus a few slices
  /// per query; scratch: a ring of slices, whatever the box's depth).
  ///
  /// A query's squared distance is the minimum over slices k' of `G_k'(i, j) + dk² wk`, where
  /// `G_k'` is slice k''s exact float64 2D transform of the targets (the first two passes of
  /// `EDT.squaredDistances`, 0 on a target) and `dk² wk` is formed as `Double(dk * dk) * wk`:
  /// the same terms added in the same order as the 3D transform and `NearestSearch.squared`,
  /// and their exact minimum, so the same float64 bits. Slices are transformed `block` at a
  /// time into a ring that holds `reach` slices on either side of the block being answered; a
  /// query whose nearest target may lie past the ring stays open (-1) for the tree.
  enum SliceWindow {
    /// Slices transformed together (one `EDT.squaredDistances` call along axes 0 and 1).
    static let block = 8

    /// The estimated cost of one tree query in box voxels of slice transforms (calibrated on
    /// 256×256×128 volumes).
    static let costRatio = 100.0

    /// Whether `open` queries cost the tree more than the slice transforms of `box`.
    static func prefers(open: Int, box: GridBox) -> Bool {
      Double(open) * costRatio > Double(box.count)
    }

    /// Slices searched on either side of a query: the ring holds `2 reach + block` slices of
    /// the box (at most the box), about what the tree's points and nodes would take.
    static let reach = 16

    /// Answers every query x with `o[x] < 0` (queries and targets are linear indices in scan
    /// order, all inside `box`); returns how many stay open. `reach` is rounded up to a whole
    /// number of blocks.
    static func answer(
      queries: UnsafeBufferPointer<UInt32>, targets: UnsafeBufferPointer<UInt32>, dims: [Int],
      spacing: [Double], box: GridBox, reach wanted: Int, into o: SharedBuffer<Double>
    ) -> Int {
      let nx = dims[0]
      let ny = dims[1]
      let nxy = nx * ny
      let (bx, by, bz) = (box.size[0], box.size[1], box.size[2])
      let (i0, j0, k0) = (box.lo[0], box.lo[1], box.lo[2])
      let plane = bx * by
      let b = block
      let blocks = (bz + b - 1) / b
      let m = max(1, (wanted + b - 1) / b)
      let reach = m * b
      // Blocks b - m ... b + m are resident while block b is answered.
      let ring = min(2 * m + 1, blocks)
      let axes2D = [0, 1].filter { dims[$0] > 1 }
      let wk = spacing[2] * spacing[2]
      let slices = UnsafeMutableBufferPointer<Double>.allocate(capacity: ring * b * plane)
      let keys = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: b * plane)
      HugePages.advise(slices)
      defer {
        slices.deallocate()
        keys.deallocate()
      }
      /// The first index of `list` whose voxel lies on volume slice `k` or later.
      func first(_ list: UnsafeBufferPointer<UInt32>, slice k: Int) -> Int {
        var lo = 0
        var hi = list.count
        while lo < hi {
          let mid = (lo + hi) / 2
          if Int(list[mid]) / nxy < k { lo = mid + 1 } else { hi = mid }
        }
        return lo
      }
      /// Box-relative offset of volume voxel t within its block of slices.
      @inline(__always) func local(_ t: Int, blockStart: Int) -> Int {
        let i = t % nx - i0
        let j = (t / nx) % ny - j0
        let k = t / nxy - k0 - blockStart
        return i + bx * (j + by * k)
      }
      func transform(block c: Int) {
        let s0 = c * b
        let depth = min(b, bz - s0)
        let n = depth * plane
        let out = UnsafeMutableBufferPointer(
          rebasing: slices[((c % ring) * b * plane)..<((c % ring) * b * plane + n)])
        let kb = UnsafeMutableBufferPointer(rebasing: keys[0..<n])
        kb.update(repeating: 0)
        let range = first(targets, slice: k0 + s0)..<first(targets, slice: k0 + s0 + depth)
        for x in range { kb[local(Int(targets[x]), blockStart: s0)] = 1 }
        EDT.squaredDistances(
          keys: UnsafeBufferPointer(kb), out: out, dims: [bx, by, depth], axes: axes2D,
          spacing: spacing, parallel: true)
        // The key form gives a target its distance to a non-target; the targets' own is 0.
        for x in range { out[local(Int(targets[x]), blockStart: s0)] = 0 }
      }
      let sl = UnsafeBufferPointer(slices).shared
      let q = queries.shared
      // Where each box slice sits in the ring, and dk² wk by dk (no division per lookup).
      let base = (0..<bz).map { s in ((s / b) % ring) * b * plane + (s % b) * plane }
      let rrTab = (0...(reach + 1)).map { r in Double(r * r) * wk }
      /// Answers the open queries `xs` of one block from the ring; returns how many stay open.
      @Sendable func search(
        _ xs: Range<Int>, base: SharedBuffer<Int>, rr: SharedBuffer<Double>
      ) -> Int {
        var left = 0
        for x in xs where o[x] < 0 {
          let t = Int(q[x])
          let kv = t / nxy
          let rest = t - kv * nxy
          let jv = rest / nx
          let p = (rest - jv * nx - i0) + bx * (jv - j0)
          let kk = kv - k0
          var best = sl[base[kk] + p]
          var r = 1
          while r <= reach {
            let rrs = rr[r]
            if rrs >= best { break }
            let below = kk - r >= 0
            let above = kk + r < bz
            if !below && !above { break }
            if below { best = min(best, sl[base[kk - r] + p] + rrs) }
            if above { best = min(best, sl[base[kk + r] + p] + rrs) }
            r += 1
          }
          if r > reach && rr[r] < best && (kk - r >= 0 || kk + r < bz) {
            // Open, holding minus the ring's best for `finish`.
            o[x] = -best
            left += 1
          } else {
            o[x] = best.squareRoot()
          }
        }
        return left
      }
      var open = 0
      var done = 0
      for c in 0..<blocks {
        while done < min(blocks, c + m + 1) {
          transform(block: done)
          done += 1
        }
        let s0 = c * b
        let qr = first(queries, slice: k0 + s0)..<first(queries, slice: k0 + min(bz, s0 + b))
        let chunk = 2048
        var stillOpen = [Int](repeating: 0, count: (qr.count + chunk - 1) / chunk)
        stillOpen.withSharedMutable { so in
          base.withShared { bs in
            rrTab.withShared { rt in
              WorkerPool.forEachChunk(qr.count, size: chunk) { ci, range in
                so[ci] = search(
                  (qr.lowerBound + range.lowerBound)..<(qr.lowerBound + range.upperBound),
                  base: bs, rr: rt)
              }
            }
          }
        }
        open += stillOpen.reduce(0, +)
      }
      guard open > 0 && open * 16 <= targets.count else { return open }
      finish(
        queries: queries, targets: targets, dims: dims, spacing: spacing, box: box,
        reach: reach, into: o)
      return 0
    }

    /// Answers the queries `answer` left open (`o[x]` is minus the ring's best): the targets of
    /// the slices past the ring, nearest slices first, each by `NearestSearch.squared`, until a
    /// slice's own term reaches the best. Cost: those slices' targets, per open query.
    static func finish(
      queries: UnsafeBufferPointer<UInt32>, targets: UnsafeBufferPointer<UInt32>, dims: [Int],
      spacing: [Double], box: GridBox, reach: Int, into o: SharedBuffer<Double>
    ) {
      let nx = dims[0]
      let ny = dims[1]
      let nxy = nx * ny
      let w2 = (spacing[0] * spacing[0], spacing[1] * spacing[1], spacing[2] * spacing[2])
      let kLo = box.lo[2]
      let kHi = box.lo[2] + box.size[2]
      // starts[s] is the first target on volume slice kLo + s.
      var starts = [Int](repeating: targets.count, count: box.size[2] + 1)
      var x = 0
      for s in 0...box.size[2] {
        while x < targets.count && Int(targets[x]) / nxy < kLo + s { x += 1 }
        starts[s] = x
      }
      @Sendable @inline(__always) func point(_ t: Int) -> GridPoint {
        GridPoint(
          i: Int32(truncatingIfNeeded: t % nx), j: Int32(truncatingIfNeeded: (t / nx) % ny),
          k: Int32(truncatingIfNeeded: t / nxy))
      }
      let tg = targets.shared
      let q = queries.shared
      starts.withShared { st in
        WorkerPool.forEachChunk(queries.count, size: 4096) { _, range in
          for x in range where o[x] < 0 {
            var best = -o[x]
            let qp = point(Int(q[x]))
            let k = Int(qp.k)
            var r = reach + 1
            while Double(r * r) * w2.2 < best && (k - r >= kLo || k + r < kHi) {
              for kk in [k - r, k + r] where kk >= kLo && kk < kHi {
                for y in st[kk - kLo]..<st[kk - kLo + 1] {
                  best = min(best, NearestSearch.squared(qp, point(Int(tg[y])), w2))
                }
              }
              r += 1
            }
            o[x] = best.squareRoot()
          }
        }
      }
    }
  }
}

extension MetricsScan {
  /// Slot s's bounding box of both surfaces (nil when the class has no surface voxel).
  func gridBox(_ s: Int) -> SegmentationMetrics.GridBox? {
    let b = box[(6 * s)..<(6 * s + 6)].map { $0 }
    guard b[3] >= b[0] else { return nil }
    return .init(
      lo: [b[0], b[1], b[2]], size: [b[3] - b[0] + 1, b[4] - b[1] + 1, b[5] - b[2] + 1])
  }
}
