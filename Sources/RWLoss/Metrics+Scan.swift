import RWSystem

/// One pass over a reference/prediction label pair that every class's metrics share: the
/// confusion counts, which voxels lie on the surface of their own class (in either map), and
/// each class's bounding box of surface voxels.
///
/// A voxel of label `c` is on the surface of class `c` when a face neighbour (along the kept
/// axes) holds another label or lies outside the array: the same voxels as
/// `SegmentationMetrics.surface` marks in the mask of `c`, for every class at once.
struct MetricsScan {
  /// `flags[t]` bit 0: reference surface voxel; bit 1: prediction surface voxel.
  static let referenceSurface: UInt8 = 1
  static let predictionSurface: UInt8 = 2

  /// Label value -> slot, or -1 for labels not evaluated.
  let slotOf: [Int]
  /// Per slot: voxels in both, in the reference, in the prediction.
  var tp: [Int], inReference: [Int], inPrediction: [Int]
  /// Per slot: surface voxels of the reference and of the prediction.
  var surfaceReference: [Int], surfacePrediction: [Int]
  /// Per slot, 6 values: lowest i, j, k then highest i, j, k of the surface voxels of both maps
  /// (highest < lowest when the class has none).
  var box: [Int]
  /// Surface bits per voxel.
  var flags: [UInt8]

  /// Scans `reference` and `prediction` (`dims` in NIfTI order) for the label values in `slots`.
  init(
    reference: SharedBuffer<Int32>, prediction: SharedBuffer<Int32>, dims: [Int], axes: [Int],
    slots: [Int]
  ) {
    let maxClass = slots.max() ?? -1
    var slotOf = [Int](repeating: -1, count: maxClass + 1)
    for (s, c) in slots.enumerated() where c >= 0 { slotOf[c] = s }
    self.slotOf = slotOf
    let nz = dims[2]
    let ns = slots.count
    // One partial sum per worker (contiguous k ranges), merged in worker order. The scan
    // writes every voxel's bits, so the flags start uninitialised (no zero fill).
    var parts = [Partial](repeating: Partial(slots: ns), count: WorkerPool.workers(nz))
    let flags: [UInt8] = HugePages.array(count: dims[0] * dims[1] * nz) { out in
      let fp = out.shared
      parts.withSharedMutable { pa in
        slotOf.withShared { tab in
          WorkerPool.forEachRange(nz) { w, ks in
            var part = Partial(slots: ns)
            Self.scan(
              planes: ks, reference: reference, prediction: prediction, flags: fp, dims: dims,
              axes: axes, slotOf: tab, into: &part)
            pa[w] = part
          }
        }
      }
    }
    var merged = Partial(slots: ns)
    for part in parts { merged.merge(part) }
    tp = merged.tp
    inReference = merged.inReference
    inPrediction = merged.inPrediction
    surfaceReference = merged.surfaceReference
    surfacePrediction = merged.surfacePrediction
    box = merged.box
    self.flags = flags
  }

  /// Per-worker sums, merged under a lock.
  struct Partial {
    var tp: [Int], inReference: [Int], inPrediction: [Int]
    var surfaceReference: [Int], surfacePrediction: [Int]
    var box: [Int]

    init(slots: Int) {
      let z = [Int](repeating: 0, count: slots)
      tp = z
      inReference = z
      inPrediction = z
      surfaceReference = z
      surfacePrediction = z
      box = (0..<slots).flatMap { _ in [Int.max, Int.max, Int.max, -1, -1, -1] }
    }

    mutating func merge(_ o: Partial) {
      for s in 0..<tp.count {
        tp[s] += o.tp[s]
        inReference[s] += o.inReference[s]
        inPrediction[s] += o.inPrediction[s]
        surfaceReference[s] += o.surfaceReference[s]
        surfacePrediction[s] += o.surfacePrediction[s]
        for a in 0..<3 {
          box[6 * s + a] = min(box[6 * s + a], o.box[6 * s + a])
          box[6 * s + 3 + a] = max(box[6 * s + 3 + a], o.box[6 * s + 3 + a])
        }
      }
    }

    @inline(__always) mutating func include(_ s: Int, _ i: Int, _ j: Int, _ k: Int) {
      let b = 6 * s
      if i < box[b] { box[b] = i }
      if j < box[b + 1] { box[b + 1] = j }
      if k < box[b + 2] { box[b + 2] = k }
      if i > box[b + 3] { box[b + 3] = i }
      if j > box[b + 4] { box[b + 4] = j }
      if k > box[b + 5] { box[b + 5] = k }
    }
  }

  /// Scans the planes `ks` (along k) into `part`, writing their surface bits.
  static func scan(
    planes ks: Range<Int>, reference r: SharedBuffer<Int32>, prediction p: SharedBuffer<Int32>,
    flags f: SharedBuffer<UInt8>, dims: [Int], axes: [Int], slotOf: SharedBuffer<Int>,
    into part: inout Partial
  ) {
    let nx = dims[0]
    let ny = dims[1]
    let nz = dims[2]
    let sj = nx
    let sk = nx * ny
    let useI = axes.contains(0)
    let useJ = axes.contains(1)
    let useK = axes.contains(2)
    let maxLabel = slotOf.count
    @inline(__always) func slot(_ v: Int32) -> Int {
      let i = Int(v)
      return i >= 0 && i < maxLabel ? slotOf[i] : -1
    }
    // Whether voxel t (label v, at i, j, k) has a face neighbour of another label or the border.
    @inline(__always) func onSurface(
      _ m: SharedBuffer<Int32>, _ t: Int, _ v: Int32,
      _ i: Int, _ j: Int, _ k: Int
    ) -> Bool {
      if useI && (i == 0 || i == nx - 1 || m[t - 1] != v || m[t + 1] != v) { return true }
      if useJ && (j == 0 || j == ny - 1 || m[t - sj] != v || m[t + sj] != v) { return true }
      if useK && (k == 0 || k == nz - 1 || m[t - sk] != v || m[t + sk] != v) { return true }
      return false
    }
    for k in ks {
      for j in 0..<ny {
        let row = nx * (j + ny * k)
        for i in 0..<nx {
          let t = row + i
          let rv = r[t]
          let pv = p[t]
          let rs = slot(rv)
          let ps = slot(pv)
          var bits: UInt8 = 0
          if rs >= 0 {
            part.inReference[rs] += 1
            if rv == pv { part.tp[rs] += 1 }
            if onSurface(r, t, rv, i, j, k) {
              bits |= referenceSurface
              part.surfaceReference[rs] += 1
              part.include(rs, i, j, k)
            }
          }
          if ps >= 0 {
            part.inPrediction[ps] += 1
            if onSurface(p, t, pv, i, j, k) {
              bits |= predictionSurface
              part.surfacePrediction[ps] += 1
              part.include(ps, i, j, k)
            }
          }
          f[t] = bits
        }
      }
    }
  }
}
