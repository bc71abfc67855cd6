import RWSystem

extension SegmentationMetrics {
  /// The directed surface distances (mm) of one class: prediction surface to reference surface
  /// and back, each in scan order (k, then j, then i).
  struct SurfaceDistances {
    /// Prediction surface to reference surface (`all[..<split]`), then the reverse.
    var all: [Double] = []
    var split = 0
    var predToRef: ArraySlice<Double> { all[..<split] }
    var refToPred: ArraySlice<Double> { all[split...] }
  }

  /// Scratch for the per-class transforms, sized once for the largest bounding box.
  final class DistanceScratch {
    let keys: UnsafeMutableBufferPointer<UInt8>
    let squared: UnsafeMutableBufferPointer<Double>

    init(capacity: Int) {
      keys = .allocate(capacity: max(1, capacity))
      squared = .allocate(capacity: max(1, capacity))
      HugePages.advise(squared)
    }

    deinit {
      keys.deallocate()
      squared.deallocate()
    }
  }

  /// Both directed distance lists of class `label` (slot `s` of `scan`).
  ///
  /// Each direction is one exact float64 EDT of the target surface on the bounding box of both
  /// surfaces (every feature and every query lies inside it, so the distances are those of the
  /// whole grid), read at the source surface voxels.
  static func surfaceDistances(
    slot s: Int, label: Int32, scan: MetricsScan, reference: SharedBuffer<Int32>,
    prediction: SharedBuffer<Int32>, dims: [Int], axes: [Int], spacing: [Double],
    scratch: DistanceScratch
  ) -> SurfaceDistances {
    let b = Array(scan.box[(6 * s)..<(6 * s + 6)])
    guard b[3] >= b[0] else { return SurfaceDistances() }
    let lo = [b[0], b[1], b[2]]
    let bd = [b[3] - b[0] + 1, b[4] - b[1] + 1, b[5] - b[2] + 1]
    let bn = bd[0] * bd[1] * bd[2]
    precondition(bn <= scratch.keys.count)
    let keys = UnsafeMutableBufferPointer(rebasing: scratch.keys[0..<bn])
    let sq = UnsafeMutableBufferPointer(rebasing: scratch.squared[0..<bn])
    var out = SurfaceDistances()
    scan.flags.withShared { flags in
      // Prediction surface -> reference surface, then the reverse.
      for forward in [true, false] {
        let target = forward ? reference : prediction
        let source = forward ? prediction : reference
        let targetBit = forward ? MetricsScan.referenceSurface : MetricsScan.predictionSurface
        let sourceBit = forward ? MetricsScan.predictionSurface : MetricsScan.referenceSurface
        let box = BoxView(dims: dims, lo: lo, size: bd)
        box.fill(keys: keys.shared, labels: target, flags: flags, label: label, bit: targetBit)
        EDT.squaredDistances(
          keys: UnsafeBufferPointer(keys), out: sq, dims: bd, axes: axes,
          spacing: spacing, parallel: true)
        let d = box.read(
          squared: sq.shared, keys: keys.shared, labels: source, flags: flags, label: label,
          bit: sourceBit)
        if forward {
          out.all = d
          out.split = d.count
        } else {
          out.all += d
        }
      }
    }
    return out
  }

  /// A box of the volume: copies a feature mask in and reads distances out, plane-parallel.
  struct BoxView: Sendable {
    let dims: [Int]
    let lo: [Int]
    let size: [Int]

    /// Index in the volume of box voxel (0, j, k).
    @inline(__always) func volumeRow(_ j: Int, _ k: Int) -> Int {
      dims[0] * ((j + lo[1]) + dims[1] * (k + lo[2])) + lo[0]
    }

    /// `keys[box voxel] = 1` where the volume voxel has `label` and `bit` set, else 0.
    func fill(
      keys: SharedBuffer<UInt8>, labels: SharedBuffer<Int32>, flags: SharedBuffer<UInt8>,
      label: Int32, bit: UInt8
    ) {
      let nx = size[0]
      let ny = size[1]
      parallelPlanes(size[2]) { ks in
        for k in ks {
          for j in 0..<ny {
            let src = volumeRow(j, k)
            let dst = nx * (j + ny * k)
            for i in 0..<nx {
              let hit = flags[src + i] & bit != 0 && labels[src + i] == label
              keys[dst + i] = hit ? 1 : 0
            }
          }
        }
      }
    }

    /// The distances (mm) at the voxels with `label` and `bit` set, in scan order: 0 on a key
    /// voxel, else the square root of the transform.
    func read(
      squared: SharedBuffer<Double>, keys: SharedBuffer<UInt8>, labels: SharedBuffer<Int32>,
      flags: SharedBuffer<UInt8>, label: Int32, bit: UInt8
    ) -> [Double] {
      let nx = size[0]
      let ny = size[1]
      // Per-worker lists over contiguous k ranges, joined in worker order (= scan order).
      var parts = [[Double]](repeating: [], count: WorkerPool.workers(size[2]))
      parts.withSharedMutable { pp in
        WorkerPool.forEachRange(size[2]) { w, ks in
          var got: [Double] = []
          for k in ks {
            for j in 0..<ny {
              let src = volumeRow(j, k)
              let dst = nx * (j + ny * k)
              for i in 0..<nx where flags[src + i] & bit != 0 && labels[src + i] == label {
                got.append(keys[dst + i] == 1 ? 0 : squared[dst + i].squareRoot())
              }
            }
          }
          pp[w] = got
        }
      }
      return Array(parts.joined())
    }
  }

  /// numpy's default (linear) percentile of unsorted values, by selection (reorders `v`).
  static func percentile(selecting v: inout [Double], _ q: Double) -> Double {
    guard !v.isEmpty else { return .nan }
    let h = q / 100 * Double(v.count - 1)
    let lo = Int(h.rounded(.down))
    return v.withUnsafeMutableBufferPointer { b in
      select(b, lo)
      let a = b[lo]
      var next = a
      if lo + 1 < b.count {
        next = b[lo + 1]
        for t in (lo + 2)..<b.count where b[t] < next { next = b[t] }
      }
      return a + (h - Double(lo)) * (next - a)
    }
  }

  /// Reorders `v` so that `v[kth]` is the value a sort would put there, smaller or equal values
  /// before it and greater or equal after (three-way quickselect on the median of three, with a
  /// sort once the ranges stop shrinking fast enough). NaN-free input.
  static func select(_ v: UnsafeMutableBufferPointer<Double>, _ kth: Int) {
    Quickselect.select(v, 0, v.count, kth) { $0 }
  }

  /// Sum with Neumaier's compensation: as accurate as summing in sorted order, in any order.
  static func compensatedSum(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> Double {
    var s = 0.0
    var c = 0.0
    for part in [a, b] {
      for v in part {
        let t = s + v
        if abs(s) >= abs(v) { c += (s - t) + v } else { c += (v - t) + s }
        s = t
      }
    }
    return s + c
  }
}
