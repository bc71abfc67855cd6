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
  ///
  /// One scan finds every class's counts and surface voxels; each class's directed surface
  /// distances then come either from two exact float64 distance transforms on the bounding box
  /// of its two surfaces (work: the box) or from a nearest-point search over the other surface
  /// (work: the surfaces; a neighbourhood walk, then a k-d tree), whichever is estimated
  /// cheaper (a box over a quarter of the volume always searches: bounded scratch). When the
  /// walk misses many queries (islands far from the other surface), they are answered by 2D
  /// transforms slice by slice and a search across slices (`SliceWindow`, scratch: a ring of
  /// slices) instead of the tree. All give the same values bit for bit; HD, HD95 and ASSD all
  /// come from them. Many classes or scattered islands (boxes near the whole volume) thus cost
  /// about their surfaces and one pass over their boxes, not K volume transforms.
  public static func compute(
    reference: [Int32], prediction: [Int32], dims: [Int], spacing: [Double],
    classes: [Int]
  ) -> [ClassMetrics] {
    compute(
      reference: reference, prediction: prediction, dims: dims, spacing: spacing,
      classes: classes, method: .automatic)
  }

  /// `compute` with the distance method chosen (tests compare the methods).
  static func compute(
    reference: [Int32], prediction: [Int32], dims: [Int], spacing: [Double],
    classes: [Int], method: DistanceMethod
  ) -> [ClassMetrics] {
    let n = dims[0] * dims[1] * dims[2]
    precondition(reference.count == n && prediction.count == n)
    let kept = [0, 1, 2].filter { dims[$0] > 1 }
    let voxelVolume = kept.map { spacing[$0] }.reduce(1, *)
    // Distinct classes that can occur as Int32 labels; others have no voxels.
    var slots: [Int] = []
    for c in classes where c >= 0 && c <= Int(Int32.max) && !slots.contains(c) { slots.append(c) }
    return reference.withShared { r in
      prediction.withShared { p in
        let scan = MetricsScan(reference: r, prediction: p, dims: dims, axes: kept, slots: slots)
        let lists =
          method == .boxTransform ? nil : SurfaceLists.make(scan: scan, reference: r, prediction: p)
        // Per slot: the nearest-point search, or the box transforms (sized for the largest box).
        var searchSlot = [Bool](repeating: false, count: slots.count)
        var largest = 0
        for s in slots.indices where scan.box[6 * s + 3] >= scan.box[6 * s] {
          let b = scan.box[(6 * s)..<(6 * s + 6)].map { $0 }
          let volume = (b[3] - b[0] + 1) * (b[4] - b[1] + 1) * (b[5] - b[2] + 1)
          if lists != nil {
            switch method {
            case .nearestSearch: searchSlot[s] = true
            case .boxTransform: break
            case .automatic:
              searchSlot[s] = prefersSearch(
                box: volume, volume: n, reference: scan.surfaceReference[s],
                prediction: scan.surfacePrediction[s])
            }
          }
          if !searchSlot[s] { largest = max(largest, volume) }
        }
        let scratch = DistanceScratch(capacity: largest)
        var search = NearestSearch(spacing: spacing)
        let local = LocalOffsets(dims: dims, spacing: spacing)
        return classes.map { c in
          let s = slots.firstIndex(of: c) ?? -1
          let tp = s >= 0 ? scan.tp[s] : 0
          let nr = s >= 0 ? scan.inReference[s] : 0
          let np = s >= 0 ? scan.inPrediction[s] : 0
          let fp = np - tp
          let fn = nr - tp
          let tn = n - tp - fp - fn
          let denom = Double(tp + fp + fn)
          let dice = denom == 0 ? .nan : 2 * Double(tp) / (2 * Double(tp) + Double(fp) + Double(fn))
          let iou = denom == 0 ? .nan : Double(tp) / denom
          var m = ClassMetrics(
            classIndex: c, dice: dice, iou: iou, tp: tp, fp: fp, fn: fn, tn: tn,
            volumeReferenceMM3: Double(nr) * voxelVolume,
            volumePredictionMM3: Double(np) * voxelVolume,
            hd: .nan, hd95: .nan, assd: .nan, surfacePrediction: 0, surfaceReference: 0,
            directedHDPredToRef: .nan, directedHDRefToPred: .nan)
          guard np > 0 && nr > 0 else { return m }
          m.surfacePrediction = scan.surfacePrediction[s]
          m.surfaceReference = scan.surfaceReference[s]
          var d: SurfaceDistances
          if let lists, searchSlot[s] {
            d = scan.flags.withShared { f in
              nearestDistances(
                slot: s, label: Int32(c), lists: lists, flags: f, reference: r, prediction: p,
                dims: dims, local: local,
                box: method == .automatic ? scan.gridBox(s) : nil, search: &search)
            }
            // The tree's arrays go before the class's distances are pooled for HD95.
            search.release()
          } else {
            d = surfaceDistances(
              slot: s, label: Int32(c), scan: scan, reference: r, prediction: p, dims: dims,
              axes: kept,
              spacing: spacing, scratch: scratch)
          }
          m.directedHDPredToRef = d.predToRef.max() ?? .nan
          m.directedHDRefToPred = d.refToPred.max() ?? .nan
          // nnU-Net guard: undefined when either mask is empty or fills the image.
          guard np < n && nr < n else { return m }
          let count = d.predToRef.count + d.refToPred.count
          m.hd = max(m.directedHDPredToRef, m.directedHDRefToPred)
          m.assd = count == 0 ? .nan : compensatedSum(d.predToRef, d.refToPred) / Double(count)
          // Selection reorders the pooled distances in place (both directions, one buffer).
          m.hd95 = percentile(selecting: &d.all, 95)
          return m
        }
      }
    }
  }

  /// numpy's default (linear) percentile of values in any order.
  public static func percentile(_ values: [Double], _ q: Double) -> Double {
    var v = values
    return percentile(selecting: &v, q)
  }
}
