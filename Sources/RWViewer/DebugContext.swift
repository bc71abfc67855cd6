import Foundation
import RWLoss
import Synchronization

/// The loss-core objects of the loaded data: labels, prediction and one `MapEngine` per map
/// options, built once and shared by the analysis, slice and simulator jobs.
final class DebugContext: Sendable {
  let key: String
  let labels: LabelVolume
  let prediction: Prediction
  let hasPrediction: Bool
  /// Engines (a few kept), the argmax and the volume metrics, computed once.
  private struct Caches {
    var engines: [(MapOptions, MapEngine)] = []
    var argmax: [Int32]?
    var metrics: [ClassMetrics]?
  }
  private let caches = Mutex(Caches())

  init(_ inputs: DebugInputs) throws {
    key = inputs.key
    labels = try LabelVolume(
      dims: inputs.dims, spacing: inputs.spacing, labels: inputs.labels, classes: inputs.classCount)
    (prediction, hasPrediction) = try Self.prediction(inputs)
  }

  /// The prediction layer's loss-core `Prediction` with the labels' K (a label map takes the
  /// larger K as `rwview stats` does); uniform logits without a file.
  static func prediction(_ inputs: DebugInputs) throws -> (Prediction, Bool) {
    let k = inputs.classCount
    let n = inputs.labels.count
    guard let p = inputs.prediction else {
      return (
        try Prediction(
          dims: inputs.dims, classCount: k, logits: [Float](repeating: 0, count: k * n)), false
      )
    }
    do {
      return (try p.prediction.withClassCount(k), true)
    } catch let e as RWLossError {
      throw ViewerError(e.description)
    }
  }

  /// The engine of a map (cached; a few are kept).
  func engine(_ o: MapOptions) throws -> MapEngine {
    let labels = self.labels
    return try caches.withLock { c in
      if let hit = c.engines.first(where: { $0.0 == o }) { return hit.1 }
      let e = try MapEngine(labels: labels, options: o)
      c.engines.append((o, e))
      if c.engines.count > 4 { c.engines.removeFirst() }
      return e
    }
  }

  /// Evaluates a map: the loss field, the `rwview stats` report and the channel flags.
  func analyze(
    _ settings: MapOptions, progress: (@Sendable (Double) -> Void)?,
    isCancelled: (@Sendable () -> Bool)?, completed: (@Sendable (CompletedPlanes) -> Void)? = nil
  ) throws -> LossAnalysis {
    let e = try engine(settings)
    // Progress: the evaluation to 80%, then the report (metrics) and the channel flags.
    var scaled: (@Sendable (Double) -> Void)? = nil
    if let p = progress { scaled = { @Sendable v in p(v * 0.8) } }
    let field = try e.evaluate(
      prediction: prediction, progress: scaled, isCancelled: isCancelled, completed: completed)
    progress?(0.85)
    let known = caches.withLock { $0.metrics }
    let report = StatsReport.make(
      field: field, labels: labels, prediction: prediction, metrics: known)
    caches.withLock { $0.metrics = report.metrics }
    progress?(0.95)
    let k = labels.classCount
    let nd = e.domainCount
    var flags = [ChannelFlags](repeating: [], count: nd * k)
    for d in 0..<nd {
      if isCancelled?() == true { throw DebugCancelled() }
      for c in 0..<k { flags[d * k + c] = e.flags(class: c, domain: d) }
    }
    let unbounded = e.options.kind.info.isUnbounded
    let excess = VolumeAxis.allCases.map { field.excessByTruth(labels: labels, axis: $0) }
    return LossAnalysis(
      settings: settings, field: field, report: report, flags: flags, domainCount: nd,
      hasPrediction: hasPrediction, unbounded: unbounded, excessByTruth: excess)
  }

  /// The prediction's hard labels (computed once).
  func argmax() -> [Int32] {
    let prediction = self.prediction
    return caches.withLock { c in
      if let a = c.argmax { return a }
      let a = prediction.argmax()
      c.argmax = a
      return a
    }
  }

  /// 2D metrics and gradients of one slice.
  func slice(_ key: SliceKey) throws -> SliceExtras {
    let axis = VolumeAxis(rawValue: key.axis) ?? .k
    var out = SliceExtras(key: key)
    if key.wantsMetrics && hasPrediction {
      let dims = labels.dims
      var sd = dims
      sd[key.axis] = 1
      let ref = MapEngine.extractSlice(labels.labels, dims: dims, axis: axis, index: key.index)
      let pred = MapEngine.extractSlice(argmax(), dims: dims, axis: axis, index: key.index)
      // The slice as a (u, v, 1) grid with the remaining axes' spacing.
      let others = [0, 1, 2].filter { $0 != key.axis }
      let sdims = [dims[others[0]], dims[others[1]], 1]
      let sp = [labels.spacing[others[0]], labels.spacing[others[1]], 1]
      out.metrics = SegmentationMetrics.compute(
        reference: ref, prediction: pred, dims: sdims, spacing: sp,
        classes: Array(0..<labels.classCount))
    }
    if key.wantsLoss {
      out.loss = try engine(key.main).sliceStatistics(
        prediction: prediction, axis: axis, index: key.index)
    }
    if key.wantsGradient {
      let c = max(0, min(labels.classCount - 1, key.selectedClass))
      out.gradient = try engine(key.main).sliceGradient(
        prediction: prediction, class: c, axis: axis, index: key.index)
      if let cs = key.compare {
        out.compareGradient = try engine(cs).sliceGradient(
          prediction: prediction, class: c, axis: axis, index: key.index)
      }
    }
    return out
  }
}

/// Thrown when a debug job is superseded.
struct DebugCancelled: Error {}
