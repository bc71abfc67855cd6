import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Exact Euclidean distance transforms (Felzenszwalb–Huttenlocher lower envelopes, separable).
///
/// Every transform here is the *key* form: each voxel gets the squared distance to the nearest
/// voxel whose key differs from its own. With keys = labels that is the multi-label transform
/// (the inside distance of every class in one pass); with keys = a class mask it is the signed
/// transform of that class (inside voxels get `EDT(Y)`, outside voxels `EDT(not Y)`).
/// The array border is not a boundary. A voxel with no differing key in its domain gets `+inf`.
///
/// Only the axes listed in `axes` are transformed, so a 3D buffer transformed along two axes
/// yields the 2D transform of every slice at once.
public enum EDT {
  /// Squared distances (in spacing units) to the nearest voxel with a different key.
  ///
  /// - Parameters:
  ///   - keys: `dims[0]*dims[1]*dims[2]` keys, axis 0 fastest.
  ///   - out: receives the squared distances (same layout).
  ///   - dims: the three axis lengths.
  ///   - axes: the axes to transform (a subset of 0, 1, 2).
  ///   - spacing: the voxel spacing per axis (1 for voxel units).
  ///   - parallel: split lines across cores.
  @_specialize(where Key == Int32, F == Float)
  @_specialize(where Key == UInt8, F == Float)
  @_specialize(where Key == Int32, F == Double)
  @_specialize(where Key == UInt8, F == Double)
  public static func squaredDistances<
    Key: Equatable & BitwiseCopyable & Sendable, F: BinaryFloatingPoint & Sendable
  >(
    keys: UnsafeBufferPointer<Key>, out: UnsafeMutableBufferPointer<F>,
    dims: [Int], axes: [Int], spacing: [Double], parallel: Bool = true
  ) {
    precondition(dims.count == 3 && spacing.count == 3)
    let n = dims[0] * dims[1] * dims[2]
    precondition(keys.count >= n && out.count >= n)
    let ax = axes.sorted().filter { dims[$0] > 0 }
    guard n > 0 else { return }
    if ax.isEmpty {
      for t in 0..<n { out[t] = .infinity }
      return
    }
    for (pass, a) in ax.enumerated() {
      if pass > 0 && a != 0
        && stripPass(keys: keys, out: out, dims: dims, axis: a, w: spacing[a], parallel: parallel)
      {
        continue
      }
      runPass(
        keys: keys, out: out, dims: dims, axis: a, first: pass == 0,
        w: spacing[a], parallel: parallel)
    }
  }

  /// Distances (not squared) with the same meaning as `squaredDistances`.
  public static func distances<Key: Equatable & BitwiseCopyable & Sendable>(
    keys: [Key], dims: [Int], axes: [Int] = [0, 1, 2], spacing: [Double] = [1, 1, 1],
    parallel: Bool = true
  ) -> [Float] {
    var out = [Float](repeating: 0, count: keys.count)
    keys.withUnsafeBufferPointer { k in
      out.withUnsafeMutableBufferPointer { o in
        squaredDistances(
          keys: k, out: o, dims: dims, axes: axes, spacing: spacing, parallel: parallel)
        for t in 0..<o.count { o[t] = o[t].squareRoot() }
      }
    }
    return out
  }

  /// Lines processed together (consecutive along the fastest other axis) for cache reuse.
  static let block = 16

  private static func runPass<
    Key: Equatable & BitwiseCopyable & Sendable, F: BinaryFloatingPoint & Sendable
  >(
    keys: UnsafeBufferPointer<Key>, out: UnsafeMutableBufferPointer<F>,
    dims: [Int], axis a: Int, first: Bool, w: Double, parallel: Bool
  ) {
    let strides = [1, dims[0], dims[0] * dims[1]]
    let others = [0, 1, 2].filter { $0 != a }
    let b = others[0]
    let c = others[1]
    let na = dims[a]
    let nb = dims[b]
    let nc = dims[c]
    let sa = strides[a]
    let sb = strides[b]
    let sc = strides[c]
    let blocksPerC = (nb + block - 1) / block
    let items = blocksPerC * nc
    let kp = keys.shared
    let op = out.shared
    WorkerPool.forEachRange(items, parallel: parallel, perCore: 4) { _, range in
      let fl = UnsafeMutablePointer<F>.allocate(capacity: block * na)
      let kl = UnsafeMutablePointer<Key>.allocate(capacity: block * na)
      let g = UnsafeMutablePointer<Double>.allocate(capacity: na + 2)
      let v = UnsafeMutablePointer<Double>.allocate(capacity: na + 2)
      let z = UnsafeMutablePointer<Double>.allocate(capacity: 2 * (na + 3))
      let sq: UnsafeMutablePointer<F> = firstPassTable(n: na, w2: w * w)
      let up = UnsafeMutablePointer<Int32>.allocate(capacity: na)
      defer {
        fl.deallocate()
        kl.deallocate()
        g.deallocate()
        v.deallocate()
        z.deallocate()
        sq.deallocate()
        up.deallocate()
      }
      for item in range {
        let ic = item / blocksPerC
        let ib0 = (item % blocksPerC) * block
        let bl = min(block, nb - ib0)
        let base = ib0 * sb + ic * sc
        if sa == 1 {
          // Contiguous lines: transform in place, no gather.
          for l in 0..<bl {
            let p0 = base + l * sb
            let lineKeys = kp.pointer(at: p0)
            let lineF = op.pointer(at: p0)
            if first {
              firstLine(keys: lineKeys, f: lineF, n: na, sq: sq, up: up)
            } else {
              envelopeLine(keys: lineKeys, f: lineF, n: na, w2: w * w, g: g, v: v, z: z)
            }
          }
          continue
        }
        // Gather.
        if sb == 1 {
          for t in 0..<na {
            let p = base + t * sa
            for l in 0..<bl { kl[l * na + t] = kp[p + l] }
            if !first { for l in 0..<bl { fl[l * na + t] = op[p + l] } }
          }
        } else {
          for l in 0..<bl {
            let p0 = base + l * sb
            for t in 0..<na {
              kl[l * na + t] = kp[p0 + t * sa]
              if !first { fl[l * na + t] = op[p0 + t * sa] }
            }
          }
        }
        for l in 0..<bl {
          let fk = kl + l * na
          let ff = fl + l * na
          if first {
            firstLine(keys: fk, f: ff, n: na, sq: sq, up: up)
          } else {
            envelopeLine(keys: fk, f: ff, n: na, w2: w * w, g: g, v: v, z: z)
          }
        }
        // Scatter.
        if sb == 1 {
          for t in 0..<na {
            let p = base + t * sa
            for l in 0..<bl { op[p + l] = fl[l * na + t] }
          }
        } else {
          for l in 0..<bl {
            let p0 = base + l * sb
            for t in 0..<na { op[p0 + t * sa] = fl[l * na + t] }
          }
        }
      }
    }
  }

  /// First pass: squared distance along the line to the nearest differing key.
  ///
  /// Two sweeps of a run counter (steps since the last key change, `n + 1` meaning none, as
  /// the border is not a boundary); the nearer count indexes `sq`, the table of `(m w)^2` for
  /// m in 0...n with `sq[n + 1] = +inf`. `up` is scratch for n counters.
  @inline(__always)
  static func firstLine<Key: Equatable, F: BinaryFloatingPoint>(
    keys: UnsafeMutablePointer<Key>, f: UnsafeMutablePointer<F>, n: Int,
    sq: UnsafeMutablePointer<F>, up: UnsafeMutablePointer<Int32>
  ) {
    if n <= 0 { return }
    let far = Int32(truncatingIfNeeded: n &+ 1)
    var c = far
    var prev = keys[0]
    up[0] = far
    var t = 1
    while t < n {
      let k = keys[t]
      c = k == prev ? min(c &+ 1, far) : 1
      prev = k
      up[t] = c
      t &+= 1
    }
    c = far
    prev = keys[n &- 1]
    f[n &- 1] = sq[Int(up[n &- 1])]
    t = n &- 2
    while t >= 0 {
      let k = keys[t]
      c = k == prev ? min(c &+ 1, far) : 1
      prev = k
      f[t] = sq[Int(min(up[t], c))]
      t &-= 1
    }
  }

  /// The first-pass table: `(m w)^2` for m in 0...n, then +inf at n + 1.
  static func firstPassTable<F: BinaryFloatingPoint>(n: Int, w2: Double) -> UnsafeMutablePointer<F>
  {
    let sq = UnsafeMutablePointer<F>.allocate(capacity: n + 2)
    for m in 0...n { sq[m] = F(Double(m * m) * w2) }
    sq[n + 1] = .infinity
    return sq
  }

  /// Later passes: per run of equal keys, the lower envelope of the run's parabolas plus the
  /// zero-height parabolas of the differing voxels just outside the run. Envelope vertices keep
  /// their own heights (`fv`), so the line is overwritten in place.
  @inline(__always)
  static func envelopeLine<Key: Equatable, F: BinaryFloatingPoint>(
    keys: UnsafeMutablePointer<Key>, f: UnsafeMutablePointer<F>, n: Int, w2: Double,
    g fv: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Double>,
    z zn: UnsafeMutablePointer<Double>
  ) {
    let zd = zn + (n &+ 3)
    let w2x2 = 2 * w2
    var a = 0
    while a < n {
      var e = a
      let key = keys[a]
      while e &+ 1 < n && keys[e &+ 1] == key { e &+= 1 }
      // Envelope over q in [a-1 (if a>0)] ∪ run ∪ [e+1 (if e<n-1)].
      // Breakpoints are kept as fractions zn/zd (zd > 0) and compared by cross-multiplying:
      // no division, and exact in voxel units.
      var k = -1
      @inline(__always) func add(_ q: Int, _ fq: Double) {
        let qq = Double(q)
        let hq = fq + qq * qq * w2
        if k < 0 {
          k = 0
          v[0] = qq
          fv[0] = fq
          return
        }
        var num: Double
        var den: Double
        while true {
          let pp = v[k]
          num = hq - (fv[k] + pp * pp * w2)
          den = w2x2 * (qq - pp)
          if k > 0 && num * zd[k] <= zn[k] * den { k &-= 1 } else { break }
        }
        k &+= 1
        v[k] = qq
        fv[k] = fq
        zn[k] = num
        zd[k] = den
      }
      if a > 0 { add(a &- 1, 0) }
      var q = a
      while q <= e {
        let fq = Double(f[q])
        if fq != .infinity { add(q, fq) }
        q &+= 1
      }
      if e < n &- 1 { add(e &+ 1, 0) }
      if k >= 0 {
        var j = 0
        var t = a
        while t <= e {
          let tt = Double(t)
          while j < k && zn[j &+ 1] < tt * zd[j &+ 1] { j &+= 1 }
          let d = tt - v[j]
          f[t] = F(d * d * w2 + fv[j])
          t &+= 1
        }
      }
      a = e &+ 1
    }
  }

  /// Cores available for parallel passes (`WorkerPool.cores`).
  static var activeCores: Int { WorkerPool.cores }
}
