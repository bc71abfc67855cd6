import Dispatch

/// Later EDT passes along axis 1 or 2, transpose-free: adjacent i-columns are processed
/// together as SIMD lanes, so every memory access reads or writes contiguous i-runs.
///
/// Each pass computes, for every voxel t of a column, `min_q h_t(q) + (t-q)^2 w^2` where
/// `h_t(q)` is `f(q)` when q has t's key and 0 otherwise (the zero-height parabola of a
/// differing voxel). A same-key q beyond a differing voxel p can never win (its term is larger
/// than p's), so no run bookkeeping is needed: the search widens r = 1, 2, ... and stops once
/// `r^2 w^2` is at least the best value of every lane, since no farther candidate can be lower.
/// That is exact and branch-light, and its cost follows the distances. Lanes still unresolved
/// after `cap` steps (a voxel far from any other key) fall back to the linear-time
/// lower-envelope line, so the worst case stays linear in the column length.
extension EDT {
  /// Lanes per SIMD group.
  static let lanes = 8

  /// Runs one later pass along `a` (1 or 2) with lanes along axis 0. Returns false when the
  /// key or float type has no SIMD kernel (the caller then uses the line path).
  static func stripPass<Key: Equatable & BitwiseCopyable & Sendable, F: BinaryFloatingPoint & Sendable>(
    keys: UnsafeBufferPointer<Key>, out: UnsafeMutableBufferPointer<F>,
    dims: [Int], axis a: Int, w: Double, parallel: Bool
  ) -> Bool {
    guard F.self == Float.self else { return false }
    let kraw = UnsafeRawPointer(keys.baseAddress!)
    let o = UnsafeMutableRawPointer(out.baseAddress!).assumingMemoryBound(to: Float.self)
    if Key.self == Int32.self {
      stripPassTyped(keys: kraw.assumingMemoryBound(to: Int32.self), out: o, dims: dims, axis: a, w: w, parallel: parallel)
      return true
    }
    if Key.self == UInt8.self {
      stripPassTyped(keys: kraw.assumingMemoryBound(to: UInt8.self), out: o, dims: dims, axis: a, w: w, parallel: parallel)
      return true
    }
    return false
  }

  /// The strip pass for concrete key and float types. Scratch keys use the float's SIMD mask
  /// scalar so a key comparison selects float lanes directly.
  @inline(__always)
  static func stripPassTyped<Key: BinaryInteger & Sendable>(
    keys: UnsafePointer<Key>, out: UnsafeMutablePointer<Float>, dims: [Int], axis a: Int, w: Double, parallel: Bool
  ) {
    typealias F = Float
    let nx = dims[0], na = dims[a]
    let c = a == 1 ? 2 : 1
    let nc = dims[c]
    let strides = [1, dims[0], dims[0] * dims[1]]
    let sa = strides[a], sc = strides[c]
    // Lanes per strip: a multiple of 8, keeping the three scratch arrays within ~192 KB.
    let bytesPerLaneRow = 2 * MemoryLayout<F>.stride + MemoryLayout<Int32>.stride
    let fit = (192 * 1024 / max(1, na * bytesPerLaneRow)) / lanes * lanes
    let width = max(lanes, min(fit, 64, (nx + lanes - 1) / lanes * lanes))
    let stripsPerC = (nx + width - 1) / width
    let items = stripsPerC * nc
    let workers = parallel ? max(1, min(items, activeCores * 4)) : 1
    let kp = SendablePointer(keys), op = SendablePointer(out)
    let w2 = F(w * w)
    // Beyond `cap` steps the envelope line is cheaper than widening the search.
    let cap = min(na, 48)
    let work: @Sendable (Int) -> Void = { wi in
      let lo = items * wi / workers, hi = items * (wi + 1) / workers
      if lo >= hi { return }
      let fs = UnsafeMutablePointer<F>.allocate(capacity: width * na)
      let ks = UnsafeMutablePointer<Int32>.allocate(capacity: width * na)
      let os = UnsafeMutablePointer<F>.allocate(capacity: width * na)
      let lineF = UnsafeMutablePointer<F>.allocate(capacity: na)
      let lineK = UnsafeMutablePointer<Int32>.allocate(capacity: na)
      let g = UnsafeMutablePointer<Double>.allocate(capacity: na + 2)
      let v = UnsafeMutablePointer<Double>.allocate(capacity: na + 2)
      let z = UnsafeMutablePointer<Double>.allocate(capacity: 2 * (na + 3))
      defer {
        fs.deallocate(); ks.deallocate(); os.deallocate(); lineF.deallocate(); lineK.deallocate()
        g.deallocate(); v.deallocate(); z.deallocate()
      }
      for item in lo..<hi {
        let ic = item / stripsPerC
        let i0 = (item % stripsPerC) * width
        let wl = min(width, nx - i0)
        let base = i0 + ic * sc
        // Gather the strip: row t holds lanes i0..<i0+wl; padding lanes get f = 0 (done at once).
        for t in 0..<na {
          let src = base + t * sa, dst = t * width
          for l in 0..<wl {
            fs[dst + l] = op[src + l]
            ks[dst + l] = Int32(truncatingIfNeeded: kp[src + l])
          }
          for l in wl..<width { fs[dst + l] = 0; ks[dst + l] = 0 }
        }
        var l0 = 0
        while l0 < wl {
          let pending = searchGroup(f: fs + l0, k: ks + l0, o: os + l0, pitch: width, n: na, w2: w2, cap: cap)
          if pending != 0 {
            for l in 0..<lanes where pending & (1 << l) != 0 && l0 + l < wl {
              for t in 0..<na { lineF[t] = fs[t * width + l0 + l]; lineK[t] = ks[t * width + l0 + l] }
              envelopeLine(keys: lineK, f: lineF, n: na, w2: w * w, g: g, v: v, z: z)
              for t in 0..<na { os[t * width + l0 + l] = lineF[t] }
            }
          }
          l0 += lanes
        }
        // Scatter the results back.
        for t in 0..<na {
          let dst = base + t * sa, src = t * width
          for l in 0..<wl { op[dst + l] = os[src + l] }
        }
      }
    }
    if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
  }

  /// Widening search for 8 lanes of one strip. Writes `o` and returns a bit mask of the lanes
  /// left unresolved after `cap` steps.
  ///
  /// Float only, in integer registers where possible: distances are non-negative floats (or
  /// +inf), whose bit patterns order like their values, so the minimum is an integer select
  /// built from a subtraction and an arithmetic shift (plain SSE2, no generic mask lowering).
  @inline(__always)
  static func searchGroup(
    f: UnsafeMutablePointer<Float>, k: UnsafeMutablePointer<Int32>, o: UnsafeMutablePointer<Float>,
    pitch: Int, n: Int, w2: Float, cap: Int
  ) -> Int {
    typealias VI = SIMD8<Int32>
    @inline(__always) func loadI(_ p: UnsafeMutableRawPointer) -> VI { UnsafeRawPointer(p).loadUnaligned(as: VI.self) }
    @inline(__always) func candidate(_ q: Int, _ key: VI, _ rr: SIMD8<Float>) -> VI {
      let kq = loadI(k + q)
      let d = kq &- key
      let differs = (d | (0 &- d)) &>> 31  // all ones where the key differs
      let fq = loadI(f + q) & ~differs       // 0 (a differing voxel) or f
      return unsafeBitCast(unsafeBitCast(fq, to: SIMD8<Float>.self) + rr, to: VI.self)
    }
    @inline(__always) func minI(_ a: VI, _ b: VI) -> VI {
      let d = a &- b
      return b &+ (d & (d &>> 31))
    }
    var pending = 0
    for t in 0..<n {
      var best = loadI(f + t * pitch)
      let key = loadI(k + t * pitch)
      var r = 1
      while true {
        let rrs = Float(r &* r) * w2
        let rrb = VI(repeating: Int32(bitPattern: rrs.bitPattern))
        // Lanes still above r^2 w^2 could improve: sign bit of (rr - best).
        let open = (rrb &- best) &>> 31
        let any = (open.lowHalf | open.highHalf)
        if (any.lowHalf | any.highHalf) == SIMD2<Int32>(repeating: 0) { break }
        if r > cap {
          for l in 0..<lanes where open[l] != 0 { pending |= 1 << l }
          break
        }
        let rr = SIMD8<Float>(repeating: rrs)
        let lo = t &- r, hi = t &+ r
        if lo >= 0 {
          best = minI(best, candidate(lo &* pitch, key, rr))
        } else if hi >= n {
          break
        }
        if hi < n {
          best = minI(best, candidate(hi &* pitch, key, rr))
        }
        r &+= 1
      }
      UnsafeMutableRawPointer(o + t * pitch).storeBytes(of: best, as: VI.self)
    }
    return pending
  }
}
