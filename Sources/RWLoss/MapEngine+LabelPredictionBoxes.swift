import Synchronization

extension MapEngine {
  /// Marks what the box transforms must give: for a voxel predicted p ≠ y, channel p's value
  /// (its target class's box grows to hold the voxel); for principle B, 1 where some other
  /// class's box is farther than the nearest other class (broken for sure), 0 where it holds
  /// for sure, 2 where only every other class's exact value tells (their boxes grow). Returns
  /// the query boxes and the number of voxels marked 2.
  func markQueries(
    _ pred: [Int32], ml: [Float], gt: DomainClassBoxes, shape: RegionShape,
    domains: PerClassDomains, b: inout [UInt8]
  ) -> (DomainClassBoxes, Int) {
    let k = classCount
    let nd = shape.domainCount
    let (nx, ny, nz) = (shape.dims[0], shape.dims[1], shape.dims[2])
    let values = PerClassValues(options)
    var boxes = DomainClassBoxes(domains: nd, classes: k)
    let empty = boxes.values
    let parts = Mutex([[Int32]]())
    let unresolved = Mutex(0)
    let axes = shape.transformAxes
    // Axes whose coordinate is constant along a row of axis 0.
    let rowAxes = axes.filter { $0 != 0 }
    let sp = shape.spacing
    let presentCount = domains.presentList.map(\.count)
    let lab = labels.labels
    b.withSharedMutable { bs in
      lab.withShared { lp in
        pred.withShared { pp in
          ml.withShared { mp in
            gt.values.withShared { g in
              WorkerPool.forEachRange(nz) { _, planes in
                var local = empty
                var u = 0
                var rowConst = [Double](repeating: 0, count: k)
                /// Squared distance from (i, j, kk) to box (d, c) along the transformed axes.
                func gap(_ a: Int, _ x: Int, _ bi: Int) -> Double {
                  let lo = Int(g[bi + a])
                  let hi = Int(g[bi + 3 + a])
                  let v = x < lo ? lo - x : (x > hi ? x - hi : 0)
                  let w = Double(v) * sp[a]
                  return w * w
                }
                local.withUnsafeMutableBufferPointer { bp in
                  let q = bp.baseAddress.unsafelyUnwrapped
                  for kk in planes {
                    for j in 0..<ny {
                      let start = nx * (j + ny * kk)
                      let dRow: Int
                      switch shape.domainAxis {
                      case .some(2): dRow = kk
                      case .some(1): dRow = j
                      case .some(0): dRow = -1
                      default: dRow = 0
                      }
                      // The two classes whose boxes are farthest across the row (axis 0 aside).
                      var top1 = -1
                      var top2 = -1
                      var v1 = -1.0
                      var v2 = -1.0
                      if dRow >= 0 && presentCount[dRow] >= 3 {
                        for c32 in domains.presentList[dRow] {
                          let c = Int(c32)
                          let bi = (dRow * k + c) * 6
                          var s = 0.0
                          for a in rowAxes { s += gap(a, a == 1 ? j : kk, bi) }
                          rowConst[c] = s
                          if s > v1 {
                            top2 = top1
                            v2 = v1
                            top1 = c
                            v1 = s
                          } else if s > v2 {
                            top2 = c
                            v2 = s
                          }
                        }
                      }
                      for i in 0..<nx {
                        let t = start &+ i
                        let d = dRow >= 0 ? dRow : i
                        let y = Int(lp[t])
                        let p = Int(pp[t])
                        if p != y {
                          let tg = domains.target(d, p, y)
                          if tg >= 0 { DomainClassBoxes.add(q, box: d &* k &+ tg, i, j, kk) }
                        }
                        if k == 1 { continue }
                        let np = presentCount[d]
                        var s: UInt8
                        if domains.hasZero(d, y) {
                          s = np >= 2 ? 1 : 0
                        } else if np <= 2 {
                          s = 0
                        } else {
                          var lb = 0.0
                          if dRow >= 0 {
                            if top1 >= 0 && top1 != y {
                              lb = max(lb, rowConst[top1] + gap(0, i, (d * k + top1) * 6))
                            }
                            if top2 >= 0 && top2 != y {
                              lb = max(lb, rowConst[top2] + gap(0, i, (d * k + top2) * 6))
                            }
                          } else {
                            for c32 in domains.presentList[d] where Int(c32) != y {
                              let bi = (d * k + Int(c32)) * 6
                              var v = 0.0
                              for a in rowAxes { v += gap(a, a == 1 ? j : kk, bi) }
                              lb = max(lb, v)
                            }
                          }
                          let m = Double(mp[t]).squareRoot()
                          // Margins far above float32 rounding: a tie goes to the exact check.
                          if values.outside(lb.squareRoot() * (1 - 1e-6))
                            > values.outside(m * (1 + 1e-6))
                          {
                            s = 1
                          } else {
                            s = 2
                            u += 1
                            for c32 in domains.presentList[d] where Int(c32) != y {
                              DomainClassBoxes.add(q, box: d &* k &+ Int(c32), i, j, kk)
                            }
                          }
                        }
                        bs[t] = s
                      }
                    }
                  }
                }
                parts.withLock { $0.append(local) }
                unresolved.withLock { $0 += u }
              }
            }
          }
        }
      }
    }
    for part in parts.withLock({ $0 }) { boxes.merge(part) }
    return (boxes, unresolved.withLock { $0 })
  }
}

/// One domain's box transforms: for each present class with queries, the class's transform on
/// the box of its voxels and its queries, read out at the queries.
struct BoxTransformJob: Sendable {
  let shape: RegionShape
  let domains: PerClassDomains
  let classCount: Int
  let gt: [Int32]
  let queries: [Int32]
  let labels: SharedBuffer<Int32>
  let pred: SharedBuffer<Int32>
  let b: SharedBuffer<UInt8>
  let predicted: SharedBuffer<Float>
  let uMin: SharedBuffer<Float>
  let uMax: SharedBuffer<Float>

  init(
    shape: RegionShape, domains: PerClassDomains, gt: DomainClassBoxes,
    queries: DomainClassBoxes, labels: SharedBuffer<Int32>, pred: SharedBuffer<Int32>,
    b: SharedBuffer<UInt8>, predicted: SharedBuffer<Float>, uMin: SharedBuffer<Float>,
    uMax: SharedBuffer<Float>
  ) {
    self.shape = shape
    self.domains = domains
    self.classCount = gt.classCount
    self.gt = gt.values
    self.queries = queries.values
    self.labels = labels
    self.pred = pred
    self.b = b
    self.predicted = predicted
    self.uMin = uMin
    self.uMax = uMax
  }

  /// The box of (d, c): its voxels' and its queries' box, or nil without queries.
  func box(_ d: Int, _ c: Int) -> (lo: [Int], hi: [Int])? {
    let bi = (d * classCount + c) * 6
    guard queries[bi] <= queries[bi + 3] else { return nil }
    let lo = (0..<3).map { Int(min(gt[bi + $0], queries[bi + $0])) }
    let hi = (0..<3).map { Int(max(gt[bi + 3 + $0], queries[bi + 3 + $0])) }
    return (lo, hi)
  }

  /// Runs every present class of domain d (the transforms split across cores when `parallel`).
  func run(domain d: Int, parallel: Bool) {
    let (nx, ny) = (shape.dims[0], shape.dims[1])
    var keys: [UInt8] = []
    var out: [Float] = []
    for c32 in domains.presentList[d] {
      let c = Int(c32)
      guard let (lo, hi) = box(d, c) else { continue }
      let bd = (0..<3).map { hi[$0] - lo[$0] + 1 }
      let m = bd[0] * bd[1] * bd[2]
      if keys.count < m {
        keys = [UInt8](repeating: 0, count: m)
        out = [Float](repeating: 0, count: m)
      }
      var idx = 0
      for z in lo[2]...hi[2] {
        for y in lo[1]...hi[1] {
          let row = nx * (y + ny * z)
          for x in lo[0]...hi[0] {
            keys[idx] = labels[row + x] == c32 ? 1 : 0
            idx += 1
          }
        }
      }
      keys.withUnsafeBufferPointer { kp in
        out.withUnsafeMutableBufferPointer { op in
          EDT.squaredDistances(
            keys: UnsafeBufferPointer(rebasing: kp[0..<m]),
            out: UnsafeMutableBufferPointer(rebasing: op[0..<m]), dims: bd,
            axes: shape.transformAxes, spacing: shape.spacing, parallel: parallel)
        }
      }
      idx = 0
      for z in lo[2]...hi[2] {
        for y in lo[1]...hi[1] {
          let row = nx * (y + ny * z)
          for x in lo[0]...hi[0] {
            let t = row + x
            let v = out[idx]
            idx += 1
            let yl = Int(labels[t])
            if yl == c { continue }
            let p = Int(pred[t])
            if p != yl && domains.target(d, p, yl) == c { predicted[t] = v }
            if b[t] == 2 {
              if v < uMin[t] { uMin[t] = v }
              if v > uMax[t] { uMax[t] = v }
            }
          }
        }
      }
    }
  }
}
