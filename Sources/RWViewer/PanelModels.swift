import RWLoss
import RWReport

/// The numbers of the loss panel for the current slice and map, straight from the loss core's
/// `LossField` and `StatsReport` (the same values `rwview stats` prints).
public struct LossPanelModel: Sendable {
  public var settings: MapOptions
  /// Slice axis (0, 1, 2) and index.
  public var axis: Int
  public var index: Int
  public var sliceCount: Int
  /// Everything about the slice (RW sum and mean, per class, CE, focal, Dice, lowest, principle).
  public var slice: SliceStatistics
  /// Volume totals and per-class shares (`rwview stats`); nil while the volume is evaluated
  /// (the slice's numbers come first, from the slice alone).
  public var total: StatsReport.Total?
  public var perClass: [StatsReport.PerClass]?
  public var hasPrediction: Bool
  /// Per class, the sum over the slices of |the slice's RW share| (the "of vol" denominators).
  public var absoluteTotalPerClass: [Double]
  /// The sum over the slices of |the slice's RW sum|.
  public var absoluteTotal: Double
  /// Whether any slice's RW share is negative (signed maps: "of vol" needs its definition).
  public var signed: Bool
  /// Per true class, the slice's excess over the lowest reachable loss (nil without the
  /// per-voxel loss), its lowest reachable loss, and the class's excess over all slices.
  public var excessPerClass: [Double]?
  public var lowestPerClass: [Double]
  public var volumeExcessPerClass: [Double]?

  /// The model of `s` (main map, or the compare map): the analysis's numbers, or before it is
  /// in the main map's numbers of the visible slice alone (`SliceExtras.loss`); nil without
  /// either.
  public init?(_ s: ViewerState, compare: Bool = false) {
    guard let m = s.mapping(s.plane) else { return nil }
    guard let a = compare ? s.debug.compareAnalysis : s.debug.analysis else {
      guard !compare, let x = s.debug.sliceExtras, let st = x.loss, x.key.axis == m.sliceAxis,
        x.key.index == s.cursor[m.sliceAxis], x.key.main == s.mapOptions
      else { return nil }
      self.init(
        sliceOnly: st, settings: s.mapOptions, hasPrediction: s.prediction != nil,
        sliceCount: s.grid?.dims[m.sliceAxis] ?? 0)
      return
    }
    self.init(analysis: a, sliceAxis: m.sliceAxis, index: s.cursor[m.sliceAxis])
  }

  /// The analysis's numbers of slice `index` along `sliceAxis`.
  init?(analysis a: LossAnalysis, sliceAxis: Int, index idx: Int) {
    let p = a.field.profile(VolumeAxis(rawValue: sliceAxis) ?? .k)
    guard idx >= 0 && idx < p.sliceCount else { return nil }
    settings = a.settings
    axis = sliceAxis
    index = idx
    sliceCount = p.sliceCount
    slice = p.statistics(slice: idx)
    total = a.report.total
    perClass = a.report.perClass
    hasPrediction = a.hasPrediction
    let k = p.classCount
    var perClass = [Double](repeating: 0, count: k)
    var whole = 0.0
    var negative = false
    for sl in 0..<p.sliceCount {
      var sum = 0.0
      for c in 0..<k {
        let v = p.rw[sl * k + c]
        perClass[c] += abs(v)
        sum += v
        if v < 0 { negative = true }
      }
      whole += abs(sum)
    }
    absoluteTotalPerClass = perClass
    absoluteTotal = whole
    signed = negative
    lowestPerClass = (0..<k).map { p.lowest[idx * k + $0] }
    if sliceAxis < a.excessByTruth.count, let e = a.excessByTruth[sliceAxis],
      e.count == p.sliceCount * k
    {
      excessPerClass = Array(e[(idx * k)..<((idx + 1) * k)])
      var v = [Double](repeating: 0, count: k)
      for sl in 0..<p.sliceCount { for c in 0..<k { v[c] += e[sl * k + c] } }
      volumeExcessPerClass = v
    }
  }

  /// The slice's numbers alone, the volume's still to come.
  init(sliceOnly st: SliceStatistics, settings: MapOptions, hasPrediction: Bool, sliceCount: Int) {
    let k = st.rwSumPerClass.count
    self.settings = settings
    axis = st.axis.rawValue
    index = st.index
    self.sliceCount = sliceCount
    slice = st
    self.hasPrediction = hasPrediction
    absoluteTotalPerClass = [Double](repeating: .nan, count: k)
    absoluteTotal = .nan
    signed = false
    lowestPerClass = [Double](repeating: .nan, count: k)
  }

  /// Whether the volume's numbers are still being computed (the slice's are shown).
  public var volumePending: Bool { total == nil }

  /// "of vol": the slice's part of the volume's RW loss, |slice| / sum over slices of |slice|,
  /// in 0...1 for any map (equal to slice / volume when no slice is negative; NaN when all are 0).
  public var share: Double { absoluteTotal == 0 ? .nan : abs(slice.rwSum) / absoluteTotal }
  /// "of vol" of one class's channel share: |slice share| / sum over slices of |slice share|.
  public func classShare(_ c: Int) -> Double {
    absoluteTotalPerClass[c] == 0 ? .nan : abs(slice.rwSumPerClass[c]) / absoluteTotalPerClass[c]
  }
  /// How far the slice's RW sum is above the lowest any prediction could reach.
  public var excess: Double { slice.rwExcess }
  /// The slice's share of the volume's excess (the part of the loss training can still remove).
  public var excessShare: Double {
    guard let t = total?.rwExcess else { return .nan }
    return t == 0 ? .nan : excess / t
  }
  /// "of exc" of one true class: the slice's part of the class's excess over all slices (NaN
  /// when the class has none).
  public func classExcessShare(_ c: Int) -> Double {
    guard let e = excessPerClass, let v = volumeExcessPerClass, v[c] > 0 else { return .nan }
    return e[c] / v[c]
  }
  /// Reference-form mean of one class's channel share within the slice (adds up to `rwMean`).
  public func classMean(_ c: Int) -> Double {
    slice.rwSumPerClass[c] / (Double(slice.rwSumPerClass.count) * Double(slice.voxelCount))
  }
}

/// Dice, IoU, HD95 and volume difference per class, for the slice (2D) and the volume (3D).
public struct MetricsPanelModel: Sendable {
  public var axis: Int
  public var index: Int
  /// Slice metrics (nil while computing).
  public var slice: [ClassMetrics]?
  /// Volume metrics from the `rwview stats` report (nil while the volume is evaluated: the
  /// slice's come first).
  public var volume: [ClassMetrics]?

  public init?(_ s: ViewerState) {
    guard s.prediction != nil, s.debug.analysis?.hasPrediction != false,
      let m = s.mapping(s.plane)
    else { return nil }
    axis = m.sliceAxis
    index = s.cursor[m.sliceAxis]
    volume = s.debug.analysis?.report.metrics
    if let x = s.debug.sliceExtras, x.key.axis == axis, x.key.index == index { slice = x.metrics }
  }

  /// Relative volume difference `(V_pred - V_gt) / V_gt` (NaN without reference volume).
  public static func volumeDifference(_ m: ClassMetrics) -> Double {
    m.volumeReferenceMM3 > 0
      ? (m.volumePredictionMM3 - m.volumeReferenceMM3) / m.volumeReferenceMM3 : .nan
  }
}

/// A warning about a map channel or range, shown as a badge.
public struct Badge: Equatable, Sendable {
  public var text: String
  /// Serious badges (instability causes) are drawn in red, others in amber.
  public var serious: Bool
}

/// Principle violations of the slice and volume, and the badges of the map's degenerate channels.
public struct InstabilityPanelModel: Sendable {
  public var settings: MapOptions
  public var slice: SliceStatistics
  public var totalA: Int
  public var totalB: Int
  public var totalRaised: Int
  public var badges: [Badge]

  public init?(_ s: ViewerState, compare: Bool = false) {
    guard let lm = LossPanelModel(s, compare: compare),
      let a = compare ? s.debug.compareAnalysis : s.debug.analysis, let total = lm.total
    else { return nil }
    settings = lm.settings
    slice = lm.slice
    totalA = total.aViolations
    totalB = total.bViolations
    totalRaised = total.wrongLogitPushedUp
    badges = Self.badges(s, a, maps: compare ? s.debug.compareMaps : s.maps)
  }

  /// Badges of the map's channels in the cursor's domain, and of an unbounded range.
  static func badges(_ s: ViewerState, _ a: LossAnalysis, maps: MapVolume?) -> [Badge] {
    let k = a.field.classCount
    let domain = a.settings.unitAxis.map { s.cursor[$0] } ?? 0
    var out: [Badge] = []
    func name(_ c: Int) -> String { "c\(c)" }
    var absent: [Int] = []
    var whole: [Int] = []
    var thin: [Int] = []
    for c in 0..<k {
      let f = a.flags(domain: domain, class: c)
      if f.contains(.absent) { absent.append(c) }
      if f.contains(.wholeDomain) { whole.append(c) }
      if f.contains(.thin) { thin.append(c) }
      if f.contains(.staleBoundary) {
        let src = (0..<c).last { !a.flags(domain: domain, class: $0).contains(.absent) } ?? 0
        out.append(Badge(text: "\(name(c)) stale fill from c\(src)", serious: true))
      }
      if f.contains(.zeroFilled) {
        out.append(Badge(text: "\(name(c)) zero-filled", serious: true))
      }
    }
    if !absent.isEmpty {
      out.insert(
        Badge(text: "absent " + absent.map(name).joined(separator: ","), serious: false), at: 0)
    }
    if !whole.isEmpty {
      out.append(
        Badge(text: "no boundary " + whole.map(name).joined(separator: ","), serious: true))
    }
    if !thin.isEmpty {
      out.append(Badge(text: "thin " + thin.map(name).joined(separator: ","), serious: false))
    }
    // Name the map slice the flags belong to when it is not the viewed one.
    if !out.isEmpty, let ax = a.settings.sliceAxis, let m = s.mapping(s.plane),
      m.sliceAxis != ax.rawValue
    {
      out.insert(Badge(text: "map slice \(ax.name)=\(domain)", serious: false), at: 0)
    }
    if a.unbounded {
      var range = ""
      if let m = maps {
        let lo = m.minValue.min() ?? .nan
        let hi = m.maxValue.max() ?? .nan
        if lo.isFinite && hi.isFinite {
          range = " \(fmtValue(Double(lo)))..\(fmtValue(Double(hi)))"
        }
      }
      out.append(Badge(text: "unbounded" + range, serious: true))
    }
    return out
  }
}
