extension SegmentationMetrics.NearestSearch {
  /// The neighbourhood walk over the chunks `pick` selects: `o[x]` is the distance of the
  /// first target met along `local` (nearest first), or -1 when none is that near;
  /// `missing[c]` counts the -1s of chunk c.
  static func walk(
    _ queries: UnsafeBufferPointer<UInt32>, dims: [Int], members: Members,
    local: SegmentationMetrics.LocalOffsets, into o: SharedBuffer<Double>, chunk: Int,
    missing miss: SharedBuffer<Int>,
    pick: @Sendable (Int) -> Bool
  ) {
    let count = queries.count
    let nx = dims[0]
    let ny = dims[1]
    let nz = dims[2]
    let nxy = nx * ny
    let q = queries.shared
    local.offsets.withShared { offs in
      WorkerPool.forEachChunk(count, size: chunk) { c, range in
        guard pick(c) else { return }
        var misses = 0
        for x in range {
          let t = Int(q[x])
          let i0 = t % nx
          let j0 = (t / nx) % ny
          let k0 = t / nxy
          var best = -1.0
          for y in 0..<offs.count {
            let off = offs[y]
            let i = i0 &+ Int(off.i)
            let j = j0 &+ Int(off.j)
            let k = k0 &+ Int(off.k)
            if i < 0 || i >= nx || j < 0 || j >= ny || k < 0 || k >= nz { continue }
            if members.contains(t &+ off.delta) {
              best = off.value.squareRoot()
              break
            }
          }
          o[x] = best
          if best < 0 { misses += 1 }
        }
        miss[c] = misses
      }
    }
  }
}

extension SegmentationMetrics {
  /// The voxel offsets whose squared distance (EDT arithmetic) is below `bound`, nearest first:
  /// every offset not listed is at least `bound` away.
  struct LocalOffsets {
    struct Offset {
      var i: Int32
      var j: Int32
      var k: Int32
      var delta: Int
      var value: Double
    }

    let offsets: [Offset]
    let bound: Double

    /// The `limit` or fewer offsets nearest to a voxel on a grid of `dims` (axes of length 1
    /// stay 0): all those below the bound, found within 8 steps along each axis.
    init(dims: [Int], spacing: [Double], limit: Int = 64) {
      let w2 = spacing.map { $0 * $0 }
      var reach = [0, 0, 0]
      // Every offset past the reach along an axis is at least that axis's next term away.
      var cap = Double.infinity
      for a in 0..<3 where dims[a] > 1 {
        reach[a] = min(8, dims[a] - 1)
        if reach[a] < dims[a] - 1 {
          cap = min(cap, Double((reach[a] + 1) * (reach[a] + 1)) * w2[a])
        }
      }
      var list: [Offset] = []
      for dk in -reach[2]...reach[2] {
        for dj in -reach[1]...reach[1] {
          for di in -reach[0]...reach[0] {
            let v = (Double(di * di) * w2[0] + Double(dj * dj) * w2[1]) + Double(dk * dk) * w2[2]
            guard v < cap else { continue }
            list.append(
              Offset(
                i: Int32(di), j: Int32(dj), k: Int32(dk), delta: di + dims[0] * (dj + dims[1] * dk),
                value: v))
          }
        }
      }
      list.sort { $0.value < $1.value }
      let bound = list.count > limit ? list[limit].value : cap
      offsets = list.filter { $0.value < bound }
      self.bound = bound
    }
  }
}
