import RWSystem
import Synchronization

/// The maps of one region (a whole volume or one compact slice) for one `MapOptions`.
///
/// Holds the region's labels, per-domain class counts and, lazily, the one multi-label
/// transform (inside distance of every class) and per-class signed transforms. Not thread-safe:
/// `MapEngine` serialises access; channel writes split their own work across cores.
final class RegionMaps {
  let shape: RegionShape
  let labels: [Int32]
  let classCount: Int
  let options: MapOptions
  let parallel: Bool
  /// Voxels of class c in domain d at `d*K + c`.
  let counts: [Int]

  /// Multi-label distances (square roots taken once the maxima are known).
  private var mlSquared: [Float]?
  private var maxInside: [Double] = []
  private var signedCache: [(cls: Int, sq: [Float])] = []
  /// How many per-class signed transforms to keep (each is one region of floats).
  var signedCacheLimit = 2

  init(shape: RegionShape, labels: [Int32], classCount: Int, options: MapOptions, parallel: Bool) {
    self.shape = shape
    self.labels = labels
    self.classCount = classCount
    self.options = options
    self.parallel = parallel
    let k = classCount
    let size = shape.domainCount * k
    let nx = shape.dims[0]
    let total = Mutex([Int](repeating: 0, count: size))
    labels.withShared { lp in
      WorkerPool.forEachRange(shape.dims[2], parallel: parallel) { _, planes in
        withUnsafeTemporaryAllocation(of: Int.self, capacity: size) { local in
          local.initialize(repeating: 0)
          shape.forEachRow(planes: planes) { start, d in
            if d >= 0 {
              // Count runs of equal labels: one histogram update per run, not per voxel.
              let base = d &* k
              var i = 0
              while i < nx {
                let l = lp[start &+ i]
                var e = i &+ 1
                while e < nx && lp[start &+ e] == l { e &+= 1 }
                local[base &+ Int(l)] &+= e &- i
                i = e
              }
            } else {
              for i in 0..<nx { local[i &* k &+ Int(lp[start &+ i])] &+= 1 }
            }
          }
          total.withLock { sum in for q in 0..<size { sum[q] &+= local[q] } }
        }
      }
    }
    self.counts = total.withLock { $0 }
  }

  // MARK: flags

  /// Whether class c has a voxel in domain d.
  func present(_ d: Int, _ c: Int) -> Bool { counts[d * classCount + c] > 0 }
  /// Whether class c fills domain d.
  func whole(_ d: Int, _ c: Int) -> Bool { counts[d * classCount + c] == shape.domainSize }

  /// The reference quirks of channel c in domain d for this map kind.
  func flags(domain d: Int, class c: Int) -> ChannelFlags {
    var f: ChannelFlags = []
    if !present(d, c) {
      f.insert(.absent)
      if options.kind == .boundary {
        f.insert((0..<c).contains(where: { present(d, $0) }) ? .staleBoundary : .zeroFilled)
      }
      return f
    }
    if whole(d, c) {
      f.insert(.wholeDomain)
      return f
    }
    ensureMultiLabel()
    let minStep = shape.transformAxes.map { shape.spacing[$0] }.min() ?? 1
    if maxInside[d * classCount + c] <= minStep * (1 + 1e-9) { f.insert(.thin) }
    return f
  }

  /// Largest inside distance of class c in domain d (0 when absent).
  func maxInsideDistance(domain d: Int, class c: Int) -> Double {
    ensureMultiLabel()
    return maxInside[d * classCount + c]
  }

  // MARK: transforms

  /// Computes the multi-label transform (squared, phantom filled) and per-class maxima.
  func ensureMultiLabel() {
    if mlSquared != nil { return }
    // Every element is written by the transform (its first pass covers the whole buffer).
    var sq: [Float] = HugePages.array(count: shape.count) { buf in
      labels.withUnsafeBufferPointer { lp in
        EDT.squaredDistances(
          keys: lp, out: buf, dims: shape.dims, axes: shape.transformAxes,
          spacing: shape.spacing, parallel: parallel)
      }
    }
    // Domains covered by one class have no feature: scipy's phantom distances.
    let k = classCount
    let wholeDomains = (0..<shape.domainCount).filter { d in (0..<k).contains { whole(d, $0) } }
    if !wholeDomains.isEmpty {
      let set = Set(wholeDomains)
      for t in 0..<shape.count where set.contains(shape.domain(of: t)) {
        let p = shape.phantomDistance(t)
        sq[t] = Float(p * p)
      }
    }
    // Per-domain, per-class maximum of the inside distance; then distances replace squares.
    let size = shape.domainCount * k
    let nx = shape.dims[0]
    let mx = Mutex([Float](repeating: 0, count: size))
    let rshape = self.shape
    labels.withShared { lp in
      sq.withSharedMutable { sp in
        WorkerPool.forEachRange(rshape.dims[2], parallel: parallel) { _, planes in
          withUnsafeTemporaryAllocation(of: Float.self, capacity: size) { local in
            local.initialize(repeating: 0)
            rshape.forEachRow(planes: planes) { start, d in
              if d >= 0 {
                // Per run of equal labels: the run's maximum, then one store.
                let base = d &* k
                var i = 0
                while i < nx {
                  let l = lp[start &+ i]
                  var m = sp[start &+ i]
                  var e = i &+ 1
                  while e < nx && lp[start &+ e] == l {
                    let v = sp[start &+ e]
                    m = v > m ? v : m
                    e &+= 1
                  }
                  if m > local[base &+ Int(l)] { local[base &+ Int(l)] = m }
                  i = e
                }
              } else {
                for i in 0..<nx {
                  let t = start &+ i
                  let idx = i &* k &+ Int(lp[t])
                  let v = sp[t]
                  if v > local[idx] { local[idx] = v }
                }
              }
              // Clamping at 0 (distances never are negative) lets LLVM use sqrtps, not sqrtf.
              for t in start..<(start &+ nx) {
                let v = sp[t]
                sp[t] = (v >= 0 ? v : 0).squareRoot()
              }
            }
            mx.withLock { m in for q in 0..<size where local[q] > m[q] { m[q] = local[q] } }
          }
        }
      }
    }
    maxInside = mx.withLock { m in m.map { Double($0).squareRoot() } }
    mlSquared = sq
  }

  /// The multi-label distances, inside distance of every voxel's own class (computed on first use).
  func multiLabelDistances() -> [Float] {
    ensureMultiLabel()
    return mlSquared!
  }

  /// The signed transform of class c: squared inside distance on class voxels (phantom when the
  /// class fills a domain), squared outside distance elsewhere (+inf in domains without c).
  func signedSquared(_ c: Int) -> [Float] {
    if let hit = signedCache.first(where: { $0.cls == c }) { return hit.sq }
    let n = shape.count
    var keys = [UInt8](repeating: 0, count: n)
    labels.withUnsafeBufferPointer { lp in
      for t in 0..<n where lp[t] == Int32(c) { keys[t] = 1 }
    }
    var sq = [Float](repeating: 0, count: n)
    keys.withUnsafeBufferPointer { kp in
      sq.withUnsafeMutableBufferPointer { op in
        EDT.squaredDistances(
          keys: kp, out: op, dims: shape.dims, axes: shape.transformAxes,
          spacing: shape.spacing, parallel: parallel)
      }
    }
    let wholeDomains = Set((0..<shape.domainCount).filter { whole($0, c) })
    if !wholeDomains.isEmpty {
      for t in 0..<n where wholeDomains.contains(shape.domain(of: t)) {
        let p = shape.phantomDistance(t)
        sq[t] = Float(p * p)
      }
    }
    signedCache.append((c, sq))
    if signedCache.count > signedCacheLimit { signedCache.removeFirst() }
    return sq
  }

  // MARK: channels

  /// Writes channel c of the map over the whole region into `out` (region layout).
  func writeChannel<T: BinaryFloatingPoint & Sendable>(
    _ c: Int, into out: UnsafeMutableBufferPointer<T>
  ) {
    precondition(out.count >= shape.count)
    let k = classCount
    let nd = shape.domainCount
    let opt = options
    let c32 = Int32(c)
    // Per-domain constants.
    var insideV = [Double](repeating: 0, count: nd)  // scale or weight
    var outsideV = [Double](repeating: 0, count: nd)
    // boundary: the class whose transform fills the domain.
    var sourceV = [Int](repeating: -1, count: nd)
    switch opt.kind {
    case .rrw, .rrwCI:
      ensureMultiLabel()
      for d in 0..<nd {
        insideV[d] = -1 / (maxInside[d * k + c] + 1e-15)
        outsideV[d] = opt.kind == .rrw ? 1 : opt.ratio[c]
      }
    case .rwAC:
      for d in 0..<nd {
        insideV[d] = 0
        outsideV[d] = 1
      }
    case .wce:
      for d in 0..<nd {
        if let w = opt.weights {
          insideV[d] = -w[c]
        } else {
          let nk = counts[d * k + c]
          let kp = (0..<k).filter { counts[d * k + $0] > 0 }.count
          insideV[d] = nk > 0 ? -Double(shape.domainSize) / Double(kp * nk) : 0
        }
      }
    case .hdDTM:
      ensureMultiLabel()
    case .boundary:
      for d in 0..<nd {
        if present(d, c) {
          sourceV[d] = c
        } else {
          sourceV[d] = (0..<c).last(where: { present(d, $0) }) ?? -1
        }
      }
    case .boundaryKervadec, .hdUnsigned:
      for d in 0..<nd { sourceV[d] = present(d, c) ? c : -1 }
    }
    let shape = self.shape
    let nx = shape.dims[0]
    let inside = insideV
    let outside = outsideV
    let source = sourceV
    let o = out.shared
    labels.withShared { lp in
      if !opt.kind.needsPerClassTransform {
        let ml = mlSquared ?? []
        ml.withShared { m in
          let kind = opt.kind
          if kind == .rrw || kind == .rrwCI {
            // Hot path: one multiply or one constant per voxel.
            parallelPlanes(shape.dims[2], parallel: parallel) { planes in
              shape.forEachRow(planes: planes) { start, dRow in
                if dRow >= 0 {
                  let sc = inside[dRow]
                  let ov = T(outside[dRow])
                  for t in start..<(start &+ nx) { o[t] = lp[t] == c32 ? T(Double(m[t]) * sc) : ov }
                } else {
                  for i in 0..<nx {
                    let t = start &+ i
                    o[t] = lp[t] == c32 ? T(Double(m[t]) * inside[i]) : T(outside[i])
                  }
                }
              }
            }
            return
          }
          parallelPlanes(shape.dims[2], parallel: parallel) { planes in
            shape.forEachRow(planes: planes) { start, dRow in
              for i in 0..<nx {
                let t = start + i
                let d = dRow >= 0 ? dRow : i
                let v: Double
                if lp[t] == c32 {
                  switch kind {
                  case .rrw, .rrwCI: v = Double(m[t]) * inside[d]
                  case .hdDTM: v = Double(m[t])
                  default: v = inside[d]
                  }
                } else {
                  v = outside[d]
                }
                o[t] = T(v)
              }
            }
          }
        }
      } else {
        for t in 0..<shape.count { o[t] = 0 }
        let needed = Set(source.filter { $0 >= 0 })
        for s in needed.sorted() {
          let sq = signedSquared(s)
          let kind = opt.kind
          let trunc = opt.int32
          let stale = s != c
          sq.withShared { sp in
            let s32 = Int32(s)
            parallelPlanes(shape.dims[2], parallel: parallel) { planes in
              shape.forEachRow(planes: planes) { start, dRow in
                for i in 0..<nx {
                  let t = start + i
                  let d = dRow >= 0 ? dRow : i
                  if source[d] != s { continue }
                  let dist = Double(sp[t]).squareRoot()
                  let inC = lp[t] == s32
                  var v: Double
                  if stale {
                    v = inC ? 0 : dist  // outside part of the last present class
                  } else {
                    switch kind {
                    case .boundary: v = inC ? -dist : dist
                    case .boundaryKervadec: v = inC ? -(dist - 1) : dist
                    default: v = dist
                    }
                  }
                  if trunc && kind == .boundaryKervadec { v = v.rounded(.towardZero) }
                  o[t] = T(v)
                }
              }
            }
          }
        }
      }
    }
  }

  /// Channel c over the whole region as an array.
  func channel<T: BinaryFloatingPoint & Sendable>(_ c: Int, as: T.Type) -> [T] {
    var out = [T](repeating: 0, count: shape.count)
    out.withUnsafeMutableBufferPointer { writeChannel(c, into: $0) }
    return out
  }
}
