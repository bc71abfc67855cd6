import Dispatch
import Foundation
import RWDataset
import RWLoss
import RWRender
import RWSystem
import RWViewer
import Synchronization

/// `rwview stats` over a dataset: discovery, the parallel run, shards, merge and output.
enum DatasetStatsCommand {
  /// True when the arguments describe a dataset rather than one case.
  static func applies(gt: String?, pred: String?, _ d: DatasetStatsOptions) -> Bool {
    d.isSet || [gt, pred].contains { p in p.map(isFolder) ?? false }
  }

  static func isFolder(_ p: String) -> Bool {
    var d: ObjCBool = false
    return FileManager.default.fileExists(atPath: p, isDirectory: &d) && d.boolValue
  }

  /// Runs the dataset form of `stats`; returns the exit status (130 after Ctrl-C).
  static func run(
    gt: String?, pred: String?, forced: PredictionKind?, classes: Int?, options: MapOptions,
    json: Bool,
    _ d: DatasetStatsOptions
  ) throws -> Int32 {
    let ranking = try d.sort.map { try CaseRanking($0) }
    guard d.top >= 1 else { throw DatasetError("--top", "expected at least 1, got \(d.top)") }
    var doc: DatasetStatsDocument
    var cancelled = false
    var inputs: [String] = []
    if !d.merge.isEmpty {
      guard gt == nil, pred == nil, d.dataset == nil, d.shard == nil, d.predB == nil else {
        throw DatasetError("--merge", "takes only shard files (and --json, --csv, --sort, --top)")
      }
      doc = try DatasetStatsDocument.merge(d.merge.map { p in (p, try readDocument(p)) })
      inputs = d.merge
    } else {
      // A manifest may list each case's prediction; folder layouts need --pred.
      guard pred != nil || d.dataset != nil else {
        throw DatasetError("--pred", "a dataset needs a predictions folder (--pred DIR)")
      }
      var ds = try DatasetDiscovery.pairs(
        root: d.dataset, labels: gt, images: d.images, predictions: pred)
      var bCases: [String: DatasetCase]? = nil
      if let pb = d.predB {
        let b = try PredictionFolder.attach(pb, to: ds)
        bCases = Dictionary(b.cases.map { ($0.id, $0) }, uniquingKeysWith: { x, _ in x })
        ds.problems += b.problems.filter { p in !ds.problems.contains(p) }.map {
          DatasetProblem($0.kind, $0.subject, $0.detail + " (--pred-b)")
        }
      }
      var cases = ds.cases.filter { c in
        c.labels != nil && c.prediction != nil
          && (bCases?[c.id]?.prediction != nil || bCases == nil)
      }
      let total = cases.count
      var shard: DatasetStatsDocument.Shard? = nil
      if let s = d.shard {
        let (i, n) = try DatasetStatsDocument.Shard.parse(s)
        cases = DatasetStatsDocument.Shard.select(cases, id: \.id, index: i, count: n)
        shard = .init(index: i, count: n, total: total)
      }
      for line in ds.problemSummary { printError("rwview: \(line)") }
      guard total > 0 else {
        throw DatasetError(
          pred ?? "--pred",
          pred == nil
            ? "needed: no case of \(ds.source) lists a prediction (--pred DIR)"
            : "no case has both labels and a prediction (\(ds.source))")
      }
      let outcome = runWithProgress(
        cases, b: bCases, options: options, classes: classes, forced: forced)
      for w in outcome.warnings { printError("rwview: warning: \(w)") }
      for (id, e) in outcome.failed { printError("rwview: case \(id): \(e)") }
      cancelled = outcome.cancelled
      doc = DatasetStatsDocument(
        cases: outcome.cases, labels: labelNames(ds.labelFile), failed: outcome.failed,
        problems: ds.problems.map(\.description), shard: shard)
      // Every file read counts (the guard also knows them by identity): cases, manifest,
      // dataset.json.
      inputs =
        ds.cases.flatMap(\.files) + (bCases?.values.flatMap(\.files) ?? [])
        + [d.dataset, ds.labelFile].compactMap { $0 }
    }
    if let csv = d.csv {
      try AtomicFile.write(DatasetStatsText.csv(doc), to: csv, protecting: inputs)
    }
    if json || d.shard != nil {
      try StandardOutput.line(doc.json.text)
    } else {
      try StandardOutput.line(DatasetStatsText.table(doc, ranking: ranking, top: d.top))
    }
    if cancelled {
      printError(
        "rwview: interrupted: \(doc.cases.count + doc.failed.count) cases finished, printed above")
      return 130
    }
    return doc.failed.isEmpty ? 0 : 1
  }

  static func readDocument(_ path: String) throws -> DatasetStatsDocument {
    let data: [UInt8]
    do {
      data = try ReadableFile.contents(of: path)  // recorded as an input: never overwritten
    } catch {
      throw DatasetError(path, FileSystem.exists(path) ? error.problem : "no such file")
    }
    let v: JSONValue
    do {
      v = try JSONValue.parse(String(decoding: data, as: UTF8.self))
    } catch {
      throw DatasetError(path, "is not JSON (\(error.problem))")
    }
    return try DatasetStatsDocument(json: v, source: path)
  }

  /// Label names from dataset.json (value order).
  static func labelNames(_ file: String?) -> [(Int, String)] {
    guard let file, let t = LabelTableFile.load(file).table else { return [] }
    return t.entries.keys.sorted().map { (Int($0), t.entries[$0]?.name ?? "") }
  }

  /// The run, with a progress bar on stderr when it is a terminal and Ctrl-C stopping it.
  static func runWithProgress(
    _ cases: [DatasetCase], b: [String: DatasetCase]?, options: MapOptions, classes: Int?,
    forced: PredictionKind?
  ) -> DatasetStatsRunner.Outcome {
    let bar = ProgressBar.onTerminal(total: cases.count)
    let settings = DatasetStatsRunner.Settings(
      options: options, classes: classes, forced: forced, budget: NPZ.defaultMaxBytes,
      workers: ProcessInfo.processInfo.activeProcessorCount)
    bar?.draw(done: 0)
    let outcome = Signals.catchingInterrupts { interrupted in
      DatasetStatsRunner.run(
        cases: cases, b: b, settings: settings, progress: { done, _ in bar?.draw(done: done) },
        isCancelled: interrupted)
    }
    bar?.finish()
    return outcome
  }
}

/// A stop flag set by one thread and read by the workers.
final class Interrupt: Sendable {
  private let flag = Atomic<Bool>(false)
  func set() { flag.store(true, ordering: .releasing) }
  var isSet: Bool { flag.load(ordering: .acquiring) }
}
