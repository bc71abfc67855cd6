/// Everything `rwview stats` reports: totals, per-class shares, per-slice profiles, metrics.
public struct StatsReport: Sendable {
  /// Whole-volume totals.
  public struct Total: Sendable, Equatable {
    /// Paper form `sum_x l(x)`.
    public var rwSum: Double
    /// Reference form `rwSum / (K N)`.
    public var rwMean: Double
    public var ce: Double
    public var focal: Double
    /// 2D geometry: mean of the slices' Dice losses; 3D: the volume's own.
    public var diceLoss: Double
    /// `sum_x min_k Z_k`: the lowest RW sum any prediction can reach.
    public var lowestRWSum: Double
    public var aViolations: Int
    public var bViolations: Int
    /// Voxels where descent raises a wrong logit / lowers the true logit.
    public var wrongLogitPushedUp: Int
    public var gtLogitPushedDown: Int
  }

  /// One class's shares; they add up to the totals.
  public struct PerClass: Sendable, Equatable {
    public var classIndex: Int
    /// `sum_x P_k Z_k`.
    public var rwSum: Double
    /// This class's voxels' share of the CE mean.
    public var ce: Double
    /// Soft Dice (2D: mean over the slices; 3D: the volume's).
    public var dice: Double
  }

  /// Parallel per-slice lists along one axis.
  public struct Slices: Sendable, Equatable {
    public var axis: VolumeAxis
    public var rwSum: [Double]
    public var rwMean: [Double]
    public var aViolations: [Int]
    public var bViolations: [Int]
  }

  public var options: MapOptions
  public var total: Total
  public var perClass: [PerClass]
  public var slices: Slices
  public var metrics: [ClassMetrics]

  /// Computes the report. `sliceAxis` defaults to the geometry's axis (k for 3D).
  public static func make(labels: LabelVolume, prediction: Prediction, options: MapOptions,
                          sliceAxis: VolumeAxis? = nil, progress: (@Sendable (Double) -> Void)? = nil,
                          isCancelled: (@Sendable () -> Bool)? = nil) throws -> StatsReport {
    let engine = try MapEngine(labels: labels, options: options)
    let field = try engine.evaluate(prediction: prediction, progress: progress, isCancelled: isCancelled)
    return make(field: field, labels: labels, prediction: prediction, sliceAxis: sliceAxis)
  }

  /// The report of an already evaluated `field` (the viewer evaluates once and shows both).
  /// `metrics` reuses the segmentation metrics of an earlier report of the same prediction
  /// (they do not depend on the map).
  public static func make(field: LossField, labels: LabelVolume, prediction: Prediction,
                          sliceAxis: VolumeAxis? = nil, metrics known: [ClassMetrics]? = nil) -> StatsReport {
    let options = field.options
    var axis = VolumeAxis.k
    var domainAxis: VolumeAxis? = nil
    if case .slices(let a) = options.geometry { axis = a; domainAxis = a }
    if let s = sliceAxis { axis = s }
    let k = labels.classCount
    let n = Double(labels.voxelCount)
    let pk = field.profile(.k)
    // Dice per class: per domain (2D) averaged, or the volume's.
    var dice = [Double](repeating: 0, count: k)
    if let da = domainAxis {
      let p = field.profile(da)
      for c in 0..<k {
        var s = 0.0
        for d in 0..<p.sliceCount {
          let i = d * k + c
          s += RWLossFunctions.softDice(pY: p.pY[i], pSum: p.pSum[i], ySum: p.ySum[i])
        }
        dice[c] = s / Double(p.sliceCount)
      }
    } else {
      for c in 0..<k {
        dice[c] = RWLossFunctions.softDice(pY: pk.total(pk.pY, c), pSum: pk.total(pk.pSum, c), ySum: pk.total(pk.ySum, c))
      }
    }
    let perClass = (0..<k).map { c in
      PerClass(classIndex: c, rwSum: pk.total(pk.rw, c), ce: pk.total(pk.ce, c) / n, dice: dice[c])
    }
    let rwSum = perClass.map(\.rwSum).reduce(0, +)
    let total = Total(
      rwSum: rwSum, rwMean: rwSum / (Double(k) * n), ce: perClass.map(\.ce).reduce(0, +),
      focal: pk.focal.reduce(0, +) / n, diceLoss: 1 - dice.reduce(0, +) / Double(k),
      lowestRWSum: pk.lowest.reduce(0, +), aViolations: pk.aViolations.reduce(0, +),
      bViolations: pk.bViolations.reduce(0, +), wrongLogitPushedUp: pk.wrongLogitPushedUp.reduce(0, +),
      gtLogitPushedDown: pk.gtLogitPushedDown.reduce(0, +))
    let p = field.profile(axis)
    let slices = Slices(
      axis: axis,
      rwSum: (0..<p.sliceCount).map { p.slice(p.rw, $0) },
      rwMean: (0..<p.sliceCount).map { p.slice(p.rw, $0) / (Double(k) * Double(p.sliceSize)) },
      aViolations: (0..<p.sliceCount).map { p.slice(p.aViolations, $0) },
      bViolations: (0..<p.sliceCount).map { p.slice(p.bViolations, $0) })
    let metrics = known ?? SegmentationMetrics.compute(
      reference: labels.labels, prediction: prediction.argmax(), dims: labels.dims, spacing: labels.spacing,
      classes: Array(0..<k))
    return StatsReport(options: options, total: total, perClass: perClass, slices: slices, metrics: metrics)
  }
}

