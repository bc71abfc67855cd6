/// The numbers of one prediction against one map set: totals, per-class shares, per-slice
/// statistics along one axis and the segmentation metrics. Text and JSON are RWReport's.
public struct StatsReport: Sendable {
  /// Whole-volume totals.
  public struct Total: Sendable, Equatable {
    /// Paper form `sum_x l(x)`.
    public var rwSum: Double
    /// Reference form `rwSum / (K N)`.
    public var rwMean: Double
    /// Mean cross-entropy `-log(P_c + 1e-15)` over the voxels.
    public var ce: Double
    /// Mean focal loss (gamma 2, alpha 1) over the voxels.
    public var focal: Double
    /// The reference Dice loss: `1 - mean_k` soft Dice, where each class's soft Dice is the
    /// mean over the slices (2D geometry) or the volume's own (3D); see `PerClass.softDice`.
    public var softDiceLoss: Double
    /// `sum_x min_k Z_k`: the lowest RW sum any prediction can reach.
    public var lowestRWSum: Double
    /// Voxels where principle A fails (the true class's value is not the strict minimum).
    public var aViolations: Int
    /// Voxels where principle B fails (the wrong classes' values differ).
    public var bViolations: Int
    /// Voxels where descent raises a wrong class's logit (`dl/dX_k < 0` for some k != c).
    public var wrongLogitPushedUp: Int
    /// Voxels where descent lowers the true class's logit (`dl/dX_c > 0`).
    public var gtLogitPushedDown: Int
  }

  /// One class's shares; they add up to the totals.
  public struct PerClass: Sendable, Equatable {
    /// The class index k.
    public var classIndex: Int
    /// `sum_x P_k Z_k`.
    public var rwSum: Double
    /// This class's voxels' share of the CE mean.
    public var ce: Double
    /// Soft Dice `2 sum P Y / (sum P + sum Y + 1e-6)` as the reference Dice loss takes it: in
    /// 2D geometry the mean over the slices (a slice without the class and without predicted
    /// mass counts 0), in 3D the volume's. Not the Dice of the argmax (`ClassMetrics.dice`).
    public var softDice: Double
  }

  /// Every slice's statistics along one axis.
  public struct Slices: Sendable, Equatable {
    /// The axis the slices are perpendicular to.
    public var axis: VolumeAxis
    /// Slice `s`'s statistics at index `s`.
    public var statistics: [SliceStatistics]

    /// RW sum of each slice.
    public var rwSum: [Double] { statistics.map(\.rwSum) }
    /// RW mean (`rwSum / (K * voxels)`) of each slice.
    public var rwMean: [Double] { statistics.map(\.rwMean) }
    /// Principle A violations of each slice.
    public var aViolations: [Int] { statistics.map(\.aViolations) }
    /// Principle B violations of each slice.
    public var bViolations: [Int] { statistics.map(\.bViolations) }

    /// Slices along `axis` with their statistics.
    public init(axis: VolumeAxis, statistics: [SliceStatistics]) {
      self.axis = axis
      self.statistics = statistics
    }

    /// Every slice of `field` along `axis`.
    public init(field: LossField, axis: VolumeAxis) {
      let p = field.profile(axis)
      self.init(axis: axis, statistics: (0..<p.sliceCount).map { p.statistics(slice: $0) })
    }
  }

  /// The map set the losses were computed with.
  public var options: MapOptions
  /// Whole-volume totals.
  public var total: Total
  /// One entry per class, in class order.
  public var perClass: [PerClass]
  /// Per-slice statistics along the report's axis.
  public var slices: Slices
  /// Segmentation metrics of the argmax, one entry per class.
  public var metrics: [ClassMetrics]

  /// Computes the report. `sliceAxis` defaults to the geometry's axis (k for 3D).
  public static func make(
    labels: LabelVolume, prediction: Prediction, options: MapOptions,
    sliceAxis: VolumeAxis? = nil, progress: (@Sendable (Double) -> Void)? = nil,
    isCancelled: (@Sendable () -> Bool)? = nil
  ) throws -> StatsReport {
    // The engine (and its region's transforms) goes before the metrics allocate theirs.
    let field = try {
      let engine = try MapEngine(labels: labels, options: options)
      return try engine.evaluate(
        prediction: prediction, voxelOutputs: false, progress: progress, isCancelled: isCancelled)
    }()
    return make(field: field, labels: labels, prediction: prediction, sliceAxis: sliceAxis)
  }

  /// The report of an already evaluated `field` (the viewer evaluates once and shows both).
  /// `metrics` reuses the segmentation metrics of an earlier report of the same prediction
  /// (they do not depend on the map).
  public static func make(
    field: LossField, labels: LabelVolume, prediction: Prediction,
    sliceAxis: VolumeAxis? = nil, metrics known: [ClassMetrics]? = nil
  ) -> StatsReport {
    let options = field.options
    var axis = VolumeAxis.k
    var domainAxis: VolumeAxis? = nil
    if case .slices(let a) = options.geometry {
      axis = a
      domainAxis = a
    }
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
        dice[c] = RWLossFunctions.softDice(
          pY: pk.total(pk.pY, c), pSum: pk.total(pk.pSum, c), ySum: pk.total(pk.ySum, c))
      }
    }
    let perClass = (0..<k).map { c in
      PerClass(
        classIndex: c, rwSum: pk.total(pk.rw, c), ce: pk.total(pk.ce, c) / n, softDice: dice[c])
    }
    let rwSum = perClass.map(\.rwSum).reduce(0, +)
    let total = Total(
      rwSum: rwSum, rwMean: rwSum / (Double(k) * n), ce: perClass.map(\.ce).reduce(0, +),
      focal: pk.focal.reduce(0, +) / n, softDiceLoss: 1 - dice.reduce(0, +) / Double(k),
      lowestRWSum: pk.lowest.reduce(0, +), aViolations: pk.aViolations.reduce(0, +),
      bViolations: pk.bViolations.reduce(0, +),
      wrongLogitPushedUp: pk.wrongLogitPushedUp.reduce(0, +),
      gtLogitPushedDown: pk.gtLogitPushedDown.reduce(0, +))
    let slices = Slices(field: field, axis: axis)
    let metrics =
      known
      ?? SegmentationMetrics.compute(
        reference: labels.labels, prediction: prediction.argmax(), dims: labels.dims,
        spacing: labels.spacing,
        classes: Array(0..<k))
    return StatsReport(
      options: options, total: total, perClass: perClass, slices: slices, metrics: metrics)
  }
}
