import RWSystem
import Synchronization

/// Per-voxel results of the label-prediction evaluation of a per-class map, before the sums.
struct LabelPredictionVoxels {
  /// Squared multi-label distance (the inside distance of the voxel's own class; the phantom
  /// distance where one class fills the domain).
  var mlSquared: [Float]
  /// Squared distance giving the predicted class's value where it is not the true class
  /// (0 where that value is 0).
  var predictedSquared: [Float]
  /// Principle B per voxel: 0 holds, 1 broken (other classes' values differ).
  var bViolation: [UInt8]
}

extension MapEngine {
  /// The evaluation of a per-class map (boundary and kin) for a label-map prediction, in memory
  /// that does not grow with K and in work that grows with the classes' boxes, not K volumes.
  ///
  /// With P one-hot, a voxel of true class y predicted p needs only: its own class's inside
  /// distance (the multi-label transform, one for all classes), the value of channel p (an
  /// outside distance, from p's transform on the box of p's voxels and the voxels predicted p),
  /// and whether all other classes' values are equal (principle B). Their minimum is the
  /// multi-label distance (or 0 from an absent class); B is broken wherever some other class's
  /// box is already farther than that minimum, and only the remaining voxels get every other
  /// class's exact value, again on boxes. The sums then run in the order of `evaluatePerClass`,
  /// so the results are the same bit for bit.
  func evaluateLabelPrediction(
    _ predLabels: [Int32], voxelOutputs: Bool, progress: (@Sendable (Double) -> Void)?,
    isCancelled: (@Sendable () -> Bool)?, completed: (@Sendable (CompletedPlanes) -> Void)?
  ) throws -> LossField {
    let shape = fullShape
    let k = classCount
    let domains = PerClassDomains(
      counts: domainCounts, classCount: k, domainCount: shape.domainCount, kind: options.kind)
    progress?(0)
    var voxels = labelPredictionVoxels(predLabels, domains: domains, isCancelled: isCancelled) {
      progress?(0.9 * $0)
    }
    if isCancelled?() == true { throw CancelledError() }
    let field = labelPredictionSums(
      predLabels, voxels: &voxels, domains: domains, voxelOutputs: voxelOutputs,
      completed: completed)
    progress?(1)
    return field
  }

  /// The per-voxel distances and B flags (`LabelPredictionVoxels`).
  func labelPredictionVoxels(
    _ pred: [Int32], domains: PerClassDomains, isCancelled: (@Sendable () -> Bool)?,
    progress: @escaping @Sendable (Double) -> Void
  ) -> LabelPredictionVoxels {
    let shape = fullShape
    let n = labels.voxelCount
    let lab = labels.labels
    // The multi-label transform, phantom-filled where one class fills a domain.
    var ml: [Float] = HugePages.array(count: n) { buf in
      lab.withUnsafeBufferPointer { lp in
        EDT.squaredDistances(
          keys: lp, out: buf, dims: shape.dims, axes: shape.transformAxes, spacing: shape.spacing)
      }
    }
    for d in 0..<shape.domainCount where domains.presentList[d].count == 1 {
      forEachVoxel(domain: d, shape: shape) { t in
        let p = shape.phantomDistance(t)
        ml[t] = Float(p * p)
      }
    }
    progress(0.1)
    let gt = classBoxes(lab, shape: shape, domains: domains)
    var predicted = [Float](repeating: 0, count: n)
    var b = [UInt8](repeating: 0, count: n)
    let (queries, unresolved) = markQueries(
      pred, ml: ml, gt: gt, shape: shape, domains: domains, b: &b)
    var uMin = [Float](repeating: .infinity, count: unresolved > 0 ? n : 0)
    var uMax = [Float](repeating: -.infinity, count: unresolved > 0 ? n : 0)
    let values = PerClassValues(options)
    let nd = shape.domainCount
    let done = Mutex(0)
    predicted.withSharedMutable { ps in
      uMin.withSharedMutable { mn in
        uMax.withSharedMutable { mx in
          b.withShared { bs in
            lab.withShared { lp in
              pred.withShared { pp in
                let job = BoxTransformJob(
                  shape: shape, domains: domains, gt: gt, queries: queries, labels: lp,
                  pred: pp, b: bs, predicted: ps, uMin: mn, uMax: mx)
                let body: @Sendable (Int, Bool) -> Void = { d, parallel in
                  if isCancelled?() == true { return }
                  job.run(domain: d, parallel: parallel)
                  let f = done.withLock { v in
                    v += 1
                    return v
                  }
                  progress(0.1 + 0.9 * Double(f) / Double(nd))
                }
                if nd == 1 {
                  body(0, true)
                } else {
                  WorkerPool.forEachChunk(nd, size: 1) { d, _ in body(d, false) }
                }
              }
            }
          }
        }
      }
    }
    if unresolved > 0 {
      // B at the voxels the boxes could not decide: all other classes' values equal or not.
      b.withSharedMutable { bs in
        uMin.withShared { mn in
          uMax.withShared { mx in
            WorkerPool.forEachRange(n) { _, r in
              for t in r where bs[t] == 2 {
                let lo = values.outside(Double(mn[t]).squareRoot())
                let hi = values.outside(Double(mx[t]).squareRoot())
                bs[t] = hi != lo ? 1 : 0
              }
            }
          }
        }
      }
    }
    return LabelPredictionVoxels(mlSquared: ml, predictedSquared: predicted, bViolation: b)
  }

  /// Calls `body(t)` for every voxel of domain d.
  func forEachVoxel(domain d: Int, shape: RegionShape, _ body: (Int) -> Void) {
    let (nx, ny, nz) = (shape.dims[0], shape.dims[1], shape.dims[2])
    var lo = [0, 0, 0]
    var hi = [nx - 1, ny - 1, nz - 1]
    if let a = shape.domainAxis {
      lo[a] = d
      hi[a] = d
    }
    for kk in lo[2]...hi[2] {
      for j in lo[1]...hi[1] {
        for i in lo[0]...hi[0] { body(i + nx * (j + ny * kk)) }
      }
    }
  }

  /// The box of every (domain, class) of `keys` (labels or a label prediction).
  func classBoxes(_ keys: [Int32], shape: RegionShape, domains: PerClassDomains)
    -> DomainClassBoxes
  {
    let k = classCount
    let nd = shape.domainCount
    let (nx, ny, nz) = (shape.dims[0], shape.dims[1], shape.dims[2])
    var boxes = DomainClassBoxes(domains: nd, classes: k)
    let empty = boxes.values
    let parts = Mutex([[Int32]]())
    keys.withShared { lp in
      WorkerPool.forEachRange(nz) { _, planes in
        var local = empty
        local.withUnsafeMutableBufferPointer { bp in
          let p = bp.baseAddress.unsafelyUnwrapped
          shape.forEachRow(planes: planes) { start, dRow in
            let j = (start / nx) % ny
            let kk = start / (nx * ny)
            if dRow >= 0 {
              // Per run of equal keys: its first and last voxel.
              var i = 0
              while i < nx {
                let l = lp[start &+ i]
                var e = i &+ 1
                while e < nx && lp[start &+ e] == l { e &+= 1 }
                let box = dRow &* k &+ Int(l)
                DomainClassBoxes.add(p, box: box, i, j, kk)
                DomainClassBoxes.add(p, box: box, e &- 1, j, kk)
                i = e
              }
            } else {
              for i in 0..<nx {
                DomainClassBoxes.add(p, box: i &* k &+ Int(lp[start &+ i]), i, j, kk)
              }
            }
          }
        }
        parts.withLock { $0.append(local) }
      }
    }
    for part in parts.withLock({ $0 }) { boxes.merge(part) }
    return boxes
  }
}
