/// Segmentation metrics of one class, as nnU-Net v1 evaluates with medpy (SPEC §6).
/// NaN marks an undefined value.
public struct ClassMetrics: Sendable, Equatable {
  /// The class k.
  public var classIndex: Int
  /// Dice of the argmax masks `2 TP / (2 TP + FP + FN)` (not the loss's soft Dice).
  public var dice: Double
  /// `TP / (TP + FP + FN)`.
  public var iou: Double
  /// Voxels of class k in both masks.
  public var tp: Int
  /// Voxels of class k predicted but not in the reference.
  public var fp: Int
  /// Voxels of class k in the reference but not predicted.
  public var fn: Int
  /// Voxels of class k in neither.
  public var tn: Int
  /// Voxel count times the voxel volume (axes of length 1 dropped).
  public var volumeReferenceMM3: Double
  /// The prediction's volume of class k (voxel count times the voxel volume).
  public var volumePredictionMM3: Double
  /// Symmetric Hausdorff distance in mm.
  public var hd: Double
  /// 95th percentile (numpy linear) of the pooled directed surface distances, mm.
  public var hd95: Double
  /// Mean of the pooled directed surface distances, mm.
  public var assd: Double
  /// Surface voxels of each mask (0 when empty).
  public var surfacePrediction: Int
  /// Surface voxels of the reference mask.
  public var surfaceReference: Int
  /// Directed Hausdorff distances (NaN when either mask is empty).
  public var directedHDPredToRef: Double
  /// Directed Hausdorff distance from the reference to the prediction.
  public var directedHDRefToPred: Double
}

/// Per-class Dice, IoU, counts, volumes, HD, HD95 and ASSD.
public enum SegmentationMetrics {
  /// Computes the metrics of every class in `classes` on a 3-axis grid (NIfTI order); axes of
  /// length 1 are dropped (a one-slice volume is a 2D image).
  public static func compute(reference: [Int32], prediction: [Int32], dims: [Int], spacing: [Double],
                             classes: [Int]) -> [ClassMetrics] {
    let n = dims[0] * dims[1] * dims[2]
    precondition(reference.count == n && prediction.count == n)
    let kept = [0, 1, 2].filter { dims[$0] > 1 }
    let voxelVolume = kept.map { spacing[$0] }.reduce(1, *)
    return classes.map { c in
      let c32 = Int32(c)
      let r = reference.map { $0 == c32 }
      let p = prediction.map { $0 == c32 }
      var tp = 0, fp = 0, fn = 0
      for t in 0..<n {
        if p[t] && r[t] { tp += 1 } else if p[t] { fp += 1 } else if r[t] { fn += 1 }
      }
      let tn = n - tp - fp - fn
      let np = tp + fp, nr = tp + fn
      let denom = Double(tp + fp + fn)
      let dice = denom == 0 ? .nan : 2 * Double(tp) / (2 * Double(tp) + Double(fp) + Double(fn))
      let iou = denom == 0 ? .nan : Double(tp) / denom
      var m = ClassMetrics(
        classIndex: c, dice: dice, iou: iou, tp: tp, fp: fp, fn: fn, tn: tn,
        volumeReferenceMM3: Double(nr) * voxelVolume, volumePredictionMM3: Double(np) * voxelVolume,
        hd: .nan, hd95: .nan, assd: .nan, surfacePrediction: 0, surfaceReference: 0,
        directedHDPredToRef: .nan, directedHDRefToPred: .nan)
      guard np > 0 && nr > 0 else { return m }
      let sp = surface(p, dims: dims, axes: kept), sr = surface(r, dims: dims, axes: kept)
      m.surfacePrediction = sp.reduce(0) { $0 + ($1 ? 1 : 0) }
      m.surfaceReference = sr.reduce(0) { $0 + ($1 ? 1 : 0) }
      let dPR = directed(from: sp, to: sr, dims: dims, axes: kept, spacing: spacing)
      let dRP = directed(from: sr, to: sp, dims: dims, axes: kept, spacing: spacing)
      m.directedHDPredToRef = dPR.max() ?? .nan
      m.directedHDRefToPred = dRP.max() ?? .nan
      // nnU-Net guard: undefined when either mask is empty or fills the image.
      guard np < n && nr < n else { return m }
      let pooled = (dPR + dRP).sorted()
      m.hd = max(m.directedHDPredToRef, m.directedHDRefToPred)
      m.hd95 = percentile(sorted: pooled, 95)
      m.assd = pooled.reduce(0, +) / Double(pooled.count)
      return m
    }
  }

  /// numpy's default (linear) percentile of sorted values.
  public static func percentile(sorted v: [Double], _ q: Double) -> Double {
    guard !v.isEmpty else { return .nan }
    let h = q / 100 * Double(v.count - 1)
    let lo = Int(h.rounded(.down))
    let hi = min(lo + 1, v.count - 1)
    return v[lo] + (h - Double(lo)) * (v[hi] - v[lo])
  }

  /// Mask voxels with a face neighbour (along `axes`) outside the mask or outside the array.
  static func surface(_ m: [Bool], dims: [Int], axes: [Int]) -> [Bool] {
    let nx = dims[0], ny = dims[1], nz = dims[2]
    let useI = axes.contains(0), useJ = axes.contains(1), useK = axes.contains(2)
    var out = [Bool](repeating: false, count: m.count)
    m.withUnsafeBufferPointer { mp in
      out.withUnsafeMutableBufferPointer { op in
        for k in 0..<nz {
          for j in 0..<ny {
            let row = nx * (j + ny * k)
            for i in 0..<nx {
              let t = row + i
              guard mp[t] else { continue }
              var s = false
              if useI && (i == 0 || i == nx - 1 || !mp[t - 1] || !mp[t + 1]) { s = true }
              if !s && useJ && (j == 0 || j == ny - 1 || !mp[t - nx] || !mp[t + nx]) { s = true }
              if !s && useK && (k == 0 || k == nz - 1 || !mp[t - nx * ny] || !mp[t + nx * ny]) { s = true }
              op[t] = s
            }
          }
        }
      }
    }
    return out
  }

  /// Distance in mm from every `from` voxel to the nearest `to` voxel (exact EDT, float64).
  ///
  /// The transform runs on the bounding box of both sets only: every feature and every query
  /// lies inside it, so the distances are the same as on the whole grid.
  static func directed(from a: [Bool], to b: [Bool], dims: [Int], axes: [Int], spacing: [Double]) -> [Double] {
    var lo = dims, hi = [-1, -1, -1]
    let nx = dims[0], ny = dims[1], nz = dims[2]
    for k in 0..<nz {
      for j in 0..<ny {
        let row = nx * (j + ny * k)
        for i in 0..<nx where a[row + i] || b[row + i] {
          if i < lo[0] { lo[0] = i }
          if i > hi[0] { hi[0] = i }
          if j < lo[1] { lo[1] = j }
          if j > hi[1] { hi[1] = j }
          if k < lo[2] { lo[2] = k }
          if k > hi[2] { hi[2] = k }
        }
      }
    }
    guard hi[0] >= 0 else { return [] }
    let bd = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1]
    let bn = bd[0] * bd[1] * bd[2]
    var keys = [UInt8](repeating: 0, count: bn)
    for k in 0..<bd[2] {
      for j in 0..<bd[1] {
        let src = nx * ((j + lo[1]) + ny * (k + lo[2])) + lo[0]
        let dst = bd[0] * (j + bd[1] * k)
        for i in 0..<bd[0] where b[src + i] { keys[dst + i] = 1 }
      }
    }
    var sq = [Double](repeating: 0, count: bn)
    keys.withUnsafeBufferPointer { kp in
      sq.withUnsafeMutableBufferPointer { o in
        EDT.squaredDistances(keys: kp, out: o, dims: bd, axes: axes, spacing: spacing, parallel: true)
      }
    }
    var out: [Double] = []
    for k in 0..<bd[2] {
      for j in 0..<bd[1] {
        let src = nx * ((j + lo[1]) + ny * (k + lo[2])) + lo[0]
        let dst = bd[0] * (j + bd[1] * k)
        for i in 0..<bd[0] where a[src + i] { out.append(keys[dst + i] == 1 ? 0 : sq[dst + i].squareRoot()) }
      }
    }
    return out
  }
}
