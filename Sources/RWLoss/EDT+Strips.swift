import Dispatch

/// Later EDT passes along axis 1 or 2, transpose-free: adjacent i-columns are processed
/// together as SIMD lanes, so every memory access reads or writes contiguous i-runs.
///
/// A pass computes, for every voxel t of a column, `min_q h_t(q) + (t-q)^2 w^2` where `h_t(q)`
/// is `f(q)` when q has t's key and 0 otherwise (the zero-height parabola of a differing voxel).
/// Since `h_t(q) <= f(q)` always, and among the differing voxels only the nearest one above and
/// below t can win, the same minimum is
///
///     min( (w * nearest key change above or below)^2,  min_q f(q) + (t-q)^2 w^2 )
///
/// over every q, with no key test in the search: a differing q beyond the nearest change gives
/// at least that change's term. So a pass is a key scan (two sweeps of run counters) and then a
/// key-free search that widens r = 1, 2, ... and stops once `r^2 w^2` reaches every lane's
/// best, as no farther voxel can be lower. That is exact, branch-light, and its cost follows
/// the distances. Lanes still unresolved after `cap` steps (far from any key change) take the
/// linear-time lower-envelope line instead, so the worst case stays linear per column.
extension EDT {
  /// Lanes per SIMD group.
  static let lanes = 8

  /// Runs one later pass along `a` (1 or 2) with lanes along axis 0. Returns false when the
  /// key or float type has no SIMD kernel (the caller then uses the line path).
  static func stripPass<
    Key: Equatable & BitwiseCopyable & Sendable, F: BinaryFloatingPoint & Sendable
  >(
    keys: UnsafeBufferPointer<Key>, out: UnsafeMutableBufferPointer<F>,
    dims: [Int], axis a: Int, w: Double, parallel: Bool
  ) -> Bool {
    // An empty volume has no pass to run (the caller returns before this).
    guard let base = out.baseAddress else { return true }
    let raw = UnsafeMutableRawPointer(base)
    if F.self == Float.self {
      let typed = raw.assumingMemoryBound(to: Float.self)
      return stripPass(
        keys: keys, out: UnsafeMutableBufferPointer(start: typed, count: out.count), dims: dims,
        axis: a, w: w, parallel: parallel)
    }
    if F.self == Double.self {
      let typed = raw.assumingMemoryBound(to: Double.self)
      return stripPass(
        keys: keys, out: UnsafeMutableBufferPointer(start: typed, count: out.count), dims: dims,
        axis: a, w: w, parallel: parallel)
    }
    return false
  }

  /// The strip pass for a concrete float type; false when the key type has no kernel.
  @inline(__always)
  static func stripPass<Key: Equatable & BitwiseCopyable & Sendable, F: StripScalar>(
    keys: UnsafeBufferPointer<Key>, out: UnsafeMutableBufferPointer<F>,
    dims: [Int], axis a: Int, w: Double, parallel: Bool
  ) -> Bool {
    guard let kbase = keys.baseAddress else { return true }
    let kraw = UnsafeRawPointer(kbase)
    if Key.self == Int32.self {
      let typed = kraw.assumingMemoryBound(to: Int32.self)
      stripPassTyped(
        keys: UnsafeBufferPointer(start: typed, count: keys.count), out: out, dims: dims,
        axis: a, w: w, parallel: parallel)
      return true
    }
    if Key.self == UInt8.self {
      let typed = kraw.assumingMemoryBound(to: UInt8.self)
      stripPassTyped(
        keys: UnsafeBufferPointer(start: typed, count: keys.count), out: out, dims: dims,
        axis: a, w: w, parallel: parallel)
      return true
    }
    return false
  }

  /// The strip pass for a concrete key type (widened to Int32 in scratch). The volume buffers
  /// reach the workers as `SharedBuffer`s (each strip reads and writes its own lanes only).
  @inline(__always)
  static func stripPassTyped<Key: BinaryInteger & Sendable, F: StripScalar>(
    keys: UnsafeBufferPointer<Key>, out: UnsafeMutableBufferPointer<F>, dims: [Int], axis a: Int,
    w: Double, parallel: Bool
  ) {
    let nx = dims[0]
    let na = dims[a]
    let c = a == 1 ? 2 : 1
    let nc = dims[c]
    let strides = [1, dims[0], dims[0] * dims[1]]
    let sa = strides[a]
    let sc = strides[c]
    // Lanes per strip: a multiple of 8, keeping the three scratch arrays within ~192 KB.
    let rowBytes = 2 * MemoryLayout<F>.size + 4
    let fit = (192 * 1024 / max(1, na * rowBytes)) / lanes * lanes
    let width = max(lanes, min(fit, 64, (nx + lanes - 1) / lanes * lanes))
    let stripsPerC = (nx + width - 1) / width
    let items = stripsPerC * nc
    let kp = keys.shared
    let op = out.shared
    let w2 = F(w * w)
    // Beyond `cap` steps the envelope line is cheaper than widening the search.
    let cap = min(na, 48)
    WorkerPool.forEachRange(items, parallel: parallel, perCore: 4) { _, range in
      // f scratch with `cap` rows of +inf above and below: the search needs no bounds checks.
      let fsAll = UnsafeMutablePointer<F>.allocate(capacity: width * (na + 2 * cap + 2))
      fsAll.initialize(repeating: .infinity, count: width * (na + 2 * cap + 2))
      let fs = fsAll + (cap + 1) * width
      let rrTab = UnsafeMutablePointer<F>.allocate(capacity: cap + 3)
      for r in 0..<(cap + 3) { rrTab[r] = F(r * r) * w2 }
      let ks = UnsafeMutablePointer<Int32>.allocate(capacity: width * na)
      let os = UnsafeMutablePointer<F>.allocate(capacity: width * na)
      let run = UnsafeMutablePointer<F>.allocate(capacity: width)
      let lineF = UnsafeMutablePointer<F>.allocate(capacity: na)
      let lineK = UnsafeMutablePointer<Int32>.allocate(capacity: na)
      let g = UnsafeMutablePointer<Double>.allocate(capacity: na + 2)
      let v = UnsafeMutablePointer<Double>.allocate(capacity: na + 2)
      let z = UnsafeMutablePointer<Double>.allocate(capacity: 2 * (na + 3))
      defer {
        fsAll.deallocate()
        rrTab.deallocate()
        ks.deallocate()
        os.deallocate()
        run.deallocate()
        lineF.deallocate()
        lineK.deallocate()
        g.deallocate()
        v.deallocate()
        z.deallocate()
      }
      for item in range {
        let ic = item / stripsPerC
        let i0 = (item % stripsPerC) * width
        let wl = min(width, nx - i0)
        let base = i0 + ic * sc
        // Gather the strip (row t holds lanes i0..<i0+wl); padding lanes get f = 0, done at once.
        for t in 0..<na {
          let fsrc = op.pointer(at: base + t * sa)
          let ksrc = kp.pointer(at: base + t * sa)
          let fd = fs + t * width
          let kd = ks + t * width
          fd.update(from: fsrc, count: wl)
          for l in 0..<wl { kd[l] = Int32(truncatingIfNeeded: ksrc[l]) }
          for l in wl..<width {
            fd[l] = 0
            kd[l] = 0
          }
        }
        keyChangeBounds(f: fs, k: ks, o: os, run: run, width: width, n: na, w2: w2)
        var l0 = 0
        while l0 < wl {
          let pending = searchGroup(
            f: fs + l0, o: os + l0, pitch: width, n: na, rrTab: rrTab, cap: cap)
          if pending != 0 {
            for l in 0..<lanes where pending & (1 << l) != 0 && l0 + l < wl {
              for t in 0..<na {
                lineF[t] = fs[t * width + l0 + l]
                lineK[t] = ks[t * width + l0 + l]
              }
              envelopeLine(keys: lineK, f: lineF, n: na, w2: w * w, g: g, v: v, z: z)
              for t in 0..<na { os[t * width + l0 + l] = lineF[t] }
            }
          }
          l0 += lanes
        }
        // Scatter the results back.
        for t in 0..<na {
          op.pointer(at: base + t * sa).update(from: os + t * width, count: wl)
        }
      }
    }
  }

  /// Starts every voxel of the strip at `min(f, (w * distance to the nearest key change)^2)`,
  /// the change searched above and below along the column (border rows are no change).
  @inline(__always)
  static func keyChangeBounds<F: StripScalar>(
    f: UnsafeMutablePointer<F>, k: UnsafeMutablePointer<Int32>, o: UnsafeMutablePointer<F>,
    run: UnsafeMutablePointer<F>, width: Int, n: Int, w2: F
  ) {
    typealias VK = SIMD8<Int32>
    typealias VI = SIMD8<F.Bits>
    typealias VF = SIMD8<F>
    let one = VF(repeating: 1)
    let oneBits = unsafeBitCast(one, to: VI.self)
    let w2v = VF(repeating: w2)
    @inline(__always) func step(_ t: Int, _ nb: Int, _ g: Int, first: Bool) {
      let p = t &* width &+ g
      let kc = UnsafeRawPointer(k + p).loadUnaligned(as: VK.self)
      let kn = UnsafeRawPointer(k + (nb &* width &+ g)).loadUnaligned(as: VK.self)
      let d = kc &- kn
      // All ones where the neighbour row has another key, widened to the float's width.
      let differs = VI(truncatingIfNeeded: (d | (0 &- d)) &>> 31)
      let prev = UnsafeRawPointer(run + g).loadUnaligned(as: VF.self) + one
      let cnt = unsafeBitCast(
        (differs & oneBits) | (~differs & unsafeBitCast(prev, to: VI.self)), to: VF.self)
      UnsafeMutableRawPointer(run + g).storeBytes(of: cnt, as: VF.self)
      let bound = unsafeBitCast(cnt * cnt * w2v, to: VI.self)
      let cur = UnsafeRawPointer((first ? f : o) + p).loadUnaligned(as: VI.self)
      UnsafeMutableRawPointer(o + p).storeBytes(of: minBits(cur, bound), as: VI.self)
    }
    // Above: rows 0 ..< n.
    for g in stride(from: 0, to: width, by: lanes) {
      UnsafeMutableRawPointer(run + g).storeBytes(of: VF(repeating: .infinity), as: VF.self)
      // Row 0: no row above, the counter stays infinite.
      UnsafeMutableRawPointer(o + g).storeBytes(
        of: UnsafeRawPointer(f + g).loadUnaligned(as: VF.self), as: VF.self)
    }
    if n > 1 {
      for t in 1..<n {
        for g in stride(from: 0, to: width, by: lanes) { step(t, t &- 1, g, first: true) }
      }
      // Below: rows n-2 down to 0.
      for g in stride(from: 0, to: width, by: lanes) {
        UnsafeMutableRawPointer(run + g).storeBytes(of: VF(repeating: .infinity), as: VF.self)
      }
      for t in stride(from: n - 2, through: 0, by: -1) {
        for g in stride(from: 0, to: width, by: lanes) { step(t, t &+ 1, g, first: false) }
      }
    }
  }

  /// Lane-wise minimum of non-negative floats (or +inf) held as bit patterns, which order
  /// like the values: an integer select from a subtraction and an arithmetic shift.
  @inline(__always)
  static func minBits<B: FixedWidthInteger & SignedInteger & SIMDScalar>(
    _ a: SIMD8<B>, _ b: SIMD8<B>
  ) -> SIMD8<B> {
    let d = a &- b
    return b &+ (d & (d &>> B(B.bitWidth - 1)))
  }

  /// Lane-wise minimum written as per-lane selects, which LLVM turns into `minps`.
  @inline(__always)
  static func minF<F: StripScalar>(_ a: SIMD8<F>, _ b: SIMD8<F>) -> SIMD8<F> {
    var r = a
    for l in 0..<8 { r[l] = b[l] < a[l] ? b[l] : a[l] }
    return r
  }

  /// Key-free widening search for 8 lanes of one strip: `o` holds the key-change bounds on
  /// entry and the pass result on exit; `f` has `cap` rows of +inf before and after it.
  /// `rrTab[r]` is `r^2 w^2`. Returns a bit mask of the lanes left unresolved after `cap` steps.
  @inline(__always)
  static func searchGroup<F: StripScalar>(
    f: UnsafeMutablePointer<F>, o: UnsafeMutablePointer<F>, pitch: Int, n: Int,
    rrTab: UnsafeMutablePointer<F>, cap: Int
  ) -> Int {
    typealias VF = SIMD8<F>
    typealias VI = SIMD8<F.Bits>
    let signShift = F.Bits(F.Bits.bitWidth - 1)
    @inline(__always) func load(_ q: Int) -> VF {
      UnsafeRawPointer(f + q).loadUnaligned(as: VF.self)
    }
    var pending = 0
    for t in 0..<n {
      let p = t &* pitch
      var best = UnsafeRawPointer(o + p).loadUnaligned(as: VF.self)
      // Past `reach` every voxel of the column has been seen (or the cap is hit).
      let reach = max(t, n &- 1 &- t)
      let lim = min(cap, reach)
      var r = 1
      while true {
        let rrs = rrTab[r]
        // Lanes whose best is still above r^2 w^2 could improve: sign bit of (rr - best).
        let open =
          (VI(repeating: unsafeBitCast(rrs, to: F.Bits.self)) &- unsafeBitCast(best, to: VI.self))
          &>> signShift
        let any = open.lowHalf | open.highHalf
        if (any.lowHalf | any.highHalf) == SIMD2<F.Bits>(repeating: 0) { break }
        if r > lim {
          if reach > cap { for l in 0..<lanes where open[l] != 0 { pending |= 1 << l } }
          break
        }
        // Two steps per check (the padding rows cover r + 1 <= cap + 1).
        let rr = VF(repeating: rrs)
        let rr1 = VF(repeating: rrTab[r &+ 1])
        best = minF(best, minF(load(p &- r &* pitch), load(p &+ r &* pitch)) + rr)
        best = minF(best, minF(load(p &- (r &+ 1) &* pitch), load(p &+ (r &+ 1) &* pitch)) + rr1)
        r &+= 2
      }
      UnsafeMutableRawPointer(o + p).storeBytes(of: best, as: VF.self)
    }
    return pending
  }
}

/// A float type the strip kernels run on: non-negative values (and +inf) order like their bit
/// patterns read as signed integers of the same width (`Bits`).
protocol StripScalar: BinaryFloatingPoint, SIMDScalar, Sendable {
  associatedtype Bits: FixedWidthInteger & SignedInteger & SIMDScalar & Sendable
}

extension Float: StripScalar { typealias Bits = Int32 }
extension Double: StripScalar { typealias Bits = Int64 }
