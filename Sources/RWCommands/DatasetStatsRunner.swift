import Foundation
import RWDataset
import RWLoss
import RWNIfTI
import RWSystem
import RWVolume

/// Computes `rwview stats` for every case of a dataset, cases in parallel within a memory budget.
public enum DatasetStatsRunner {
  /// What every case is computed with.
  public struct Settings: Sendable {
    public var options: MapOptions
    public var classes: Int?
    public var forced: PredictionKind?
    /// Bytes the cases running at once may take together (at least one case always runs).
    public var budget: Int
    /// Cases at once at most.
    public var workers: Int

    public init(
      options: MapOptions, classes: Int? = nil, forced: PredictionKind? = nil, budget: Int,
      workers: Int
    ) {
      self.options = options
      self.classes = classes
      self.forced = forced
      self.budget = budget
      self.workers = max(1, workers)
    }
  }

  /// The outcome of a run.
  public struct Outcome: Sendable {
    public var cases: [CaseStats]
    public var failed: [(String, String)]
    public var warnings: [String]
    /// True when `isCancelled` stopped the run before every case was done.
    public var cancelled: Bool
  }

  /// The single-case report of one case's files, as `stats --json` prints it (slices left out).
  public static func report(
    labels: String, prediction: String, segmentation: String?, settings: Settings
  ) throws -> (report: JSONValue, warnings: [String]) {
    let (g, gw) = try NIfTI.loadVolume(path: labels)
    let (p, pw) = try CaseFiles.loadVolume(path: prediction, reference: segmentation ?? labels)
    let r = try StatsRunner.run(
      gt: consume g, gtPath: labels, pred: consume p, predPath: prediction,
      forced: settings.forced,
      classes: settings.classes,
      options: settings.options)
    guard case .object(let m) = r.json else {
      throw DatasetError(prediction, "the report is not a JSON object")
    }
    let warnings = gw.map { "\(labels): \($0)" } + pw.map { "\(prediction): \($0)" }
    // The case's files and the run's options are the dataset document's own.
    return (.object(m.filter { !["slices", "inputs", "options"].contains($0.0) }), warnings)
  }

  /// The case's stats against prediction A (and B when given).
  public static func caseStats(_ c: DatasetCase, b: DatasetCase?, settings: Settings) throws -> (
    CaseStats, [String]
  ) {
    guard let labels = c.labels else { throw DatasetError(c.id, "no labels") }
    guard let pred = c.prediction else { throw DatasetError(c.id, "no prediction") }
    let a = try report(
      labels: labels, prediction: pred, segmentation: c.predictionSegmentation, settings: settings)
    var stats = CaseStats(id: c.id, files: CaseStats.files(of: c), report: a.report)
    var warnings = a.warnings
    if let b, let pb = b.prediction {
      let r = try report(
        labels: labels, prediction: pb, segmentation: b.predictionSegmentation, settings: settings)
      stats.reportB = r.report
      stats.files.append(("prediction_b", pb))
      warnings += r.warnings
    }
    return (stats, warnings)
  }

  /// Bytes one case is expected to need at its peak (`StatsRunner.peakBytes`), twice when
  /// two models are compared; 0 when a header cannot be read (the case then fails alone).
  static func estimate(_ c: DatasetCase, comparing: Bool) -> Int {
    guard let l = c.labels, let p = c.prediction else { return 0 }
    let perCase = StatsRunner.peakBytes(labels: l, prediction: p)?.bytes ?? 0
    return comparing ? MemoryBudget.sum(perCase, perCase) : perCase
  }

  /// Runs every case (those with labels and a prediction). `progress(done, total)` is called
  /// after each case; `isCancelled` is checked before each case starts.
  public static func run(
    cases: [DatasetCase], b: [String: DatasetCase]? = nil, settings: Settings,
    progress: (@Sendable (Int, Int) -> Void)? = nil,
    isCancelled: @escaping @Sendable () -> Bool = { false },
    onResult: (@Sendable (String, Result<CaseStats, Error>) -> Void)? = nil
  ) -> Outcome {
    let todo = cases.filter { $0.labels != nil && $0.prediction != nil }
    let state = RunState(budget: settings.budget)
    let workers = min(settings.workers, max(1, todo.count))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while let i = state.next(count: todo.count, isCancelled: isCancelled) {
        let c = todo[i]
        let bytes = estimate(c, comparing: b != nil)
        state.acquire(bytes)
        let result = Result { try caseStats(c, b: b?[c.id], settings: settings) }
        state.release(bytes)
        let done = state.finish(c.id, result)
        onResult?(c.id, result.map(\.0))
        progress?(done, todo.count)
      }
    }
    return state.outcome(total: todo.count)
  }
}

/// The shared state of a run: next case, memory admission, results.
/// `@unchecked Sendable`: every field is read and written only while holding `cond`.
private final class RunState: @unchecked Sendable {
  private let cond = NSCondition()
  private var nextIndex = 0
  private var free: Int
  private var running = 0
  private var cases: [CaseStats] = []
  private var failed: [(String, String)] = []
  private var warnings: [String] = []
  private var stopped = false

  init(budget: Int) { free = budget }

  func next(count: Int, isCancelled: () -> Bool) -> Int? {
    cond.lock()
    defer { cond.unlock() }
    if isCancelled() { stopped = true }
    guard !stopped, nextIndex < count else { return nil }
    nextIndex += 1
    return nextIndex - 1
  }

  /// Waits until `bytes` fit in what is free (or nothing else runs).
  func acquire(_ bytes: Int) {
    cond.lock()
    while running > 0 && bytes > free { cond.wait() }
    free -= bytes
    running += 1
    cond.unlock()
  }

  func release(_ bytes: Int) {
    cond.lock()
    free += bytes
    running -= 1
    cond.broadcast()
    cond.unlock()
  }

  func finish(_ id: String, _ r: Result<(CaseStats, [String]), Error>) -> Int {
    cond.lock()
    defer { cond.unlock() }
    switch r {
    case .success(let (s, w)):
      cases.append(s)
      warnings += w
    case .failure(let e): failed.append((id, "\(e)"))
    }
    return cases.count + failed.count
  }

  func outcome(total: Int) -> DatasetStatsRunner.Outcome {
    cond.lock()
    defer { cond.unlock() }
    let done = cases.count + failed.count
    return .init(cases: cases, failed: failed, warnings: warnings, cancelled: done < total)
  }
}
