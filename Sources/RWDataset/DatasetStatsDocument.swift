/// The JSON document of `rwview stats` over a dataset, shards of it, and their merge.
///
///     {"cases": [{"case", "files", …single-case members…}], "summary": {…},
///      "labels": {"0": "background", …}, "failed": [{"case", "error"}],
///      "problems": ["…"], "shard": {"index", "count", "cases"} (shards only)}
///
/// Cases are in id order; a merge of all shards is the text of one run over every case.
public struct DatasetStatsDocument: Equatable, Sendable {
  public var cases: [CaseStats]
  /// Label value → name.
  public var labels: [(Int, String)]
  /// Cases whose files could not be read: id → one-line error.
  public var failed: [(String, String)]
  /// Discovery problems (unmatched, missing, ambiguous), one line each.
  public var problems: [String]
  /// Which shard this is (nil for a whole run).
  public var shard: Shard?

  /// A deterministic part of a dataset: the cases whose position in id order is `index - 1`
  /// modulo `count`.
  public struct Shard: Equatable, Sendable {
    public var index: Int
    public var count: Int
    /// Cases in the whole dataset.
    public var total: Int

    public init(index: Int, count: Int, total: Int) {
      self.index = index
      self.count = count
      self.total = total
    }

    /// Parses "I/N" (1 ≤ I ≤ N).
    public static func parse(_ s: String) throws(DatasetError) -> (Int, Int) {
      let p = s.split(separator: "/")
      guard p.count == 2, let i = Int(p[0]), let n = Int(p[1]), n >= 1, i >= 1, i <= n, n <= 100_000
      else {
        throw DatasetError("--shard", "expected I/N with 1 ≤ I ≤ N, e.g. 1/8, got \(s)")
      }
      return (i, n)
    }

    /// The cases of shard `index` of `count` among `ids` (sorted by id first).
    public static func select<T>(_ items: [T], id: (T) -> String, index: Int, count: Int) -> [T] {
      let sorted = items.sorted { id($0) < id($1) }
      return sorted.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }
  }

  public init(
    cases: [CaseStats], labels: [(Int, String)] = [], failed: [(String, String)] = [],
    problems: [String] = [],
    shard: Shard? = nil
  ) {
    self.cases = cases.sorted { $0.id < $1.id }
    self.labels = labels
    self.failed = failed.sorted { $0.0 < $1.0 }
    self.problems = problems
    self.shard = shard
  }

  public static func == (a: DatasetStatsDocument, b: DatasetStatsDocument) -> Bool {
    a.json == b.json
  }

  /// The document as JSON.
  public var json: JSONValue {
    var m: [(String, JSONValue)] = [
      ("cases", .array(cases.map(\.json))),
      ("summary", DatasetSummary.json(cases)),
    ]
    if cases.contains(where: { $0.reportB != nil }) {
      let b = cases.compactMap { c in c.reportB.map { CaseStats(id: c.id, files: [], report: $0) } }
      m.append(("summary_b", DatasetSummary.json(b)))
    }
    m += [
      ("labels", .object(labels.map { (String($0.0), .string($0.1)) })),
      (
        "failed",
        .array(failed.map { .object([("case", .string($0.0)), ("error", .string($0.1))]) })
      ),
      ("problems", .array(problems.map { .string($0) })),
    ]
    if let s = shard {
      m.append(
        (
          "shard",
          .object([("index", .int(s.index)), ("count", .int(s.count)), ("cases", .int(s.total))])
        ))
    }
    return .object(m)
  }

  /// Reads a document written by `json`.
  public init(json v: JSONValue, source: String) throws(DatasetError) {
    func fail(_ what: String) -> DatasetError { DatasetError(source, what) }
    guard let cs = v["cases"]?.arrayValue else {
      throw fail("not an rwview stats JSON (no \"cases\" list)")
    }
    var cases: [CaseStats] = []
    for c in cs {
      do throws(DatasetError) {
        cases.append(try CaseStats(json: c))
      } catch {
        throw fail(error.problem)
      }
    }
    var labels: [(Int, String)] = []
    if case .object(let l)? = v["labels"] {
      for (k, n) in l { if let i = Int(k), let s = n.stringValue { labels.append((i, s)) } }
    }
    let failed = (v["failed"]?.arrayValue ?? []).compactMap { f -> (String, String)? in
      guard let c = f["case"]?.stringValue, let e = f["error"]?.stringValue else { return nil }
      return (c, e)
    }
    let problems = (v["problems"]?.arrayValue ?? []).compactMap(\.stringValue)
    var shard: Shard? = nil
    if let s = v["shard"] {
      guard let i = s["index"]?.doubleValue, let n = s["count"]?.doubleValue,
        let t = s["cases"]?.doubleValue,
        let ii = Int(exactly: i), let nn = Int(exactly: n), let tt = Int(exactly: t)
      else { throw fail("has a malformed \"shard\" object") }
      shard = Shard(index: ii, count: nn, total: tt)
    }
    self.init(cases: cases, labels: labels, failed: failed, problems: problems, shard: shard)
  }

  /// Merges the shards of one run: every shard 1…N once, same N and dataset size, no case
  /// twice. The result has no shard marker and equals one run over all cases.
  public static func merge(_ parts: [(path: String, doc: DatasetStatsDocument)])
    throws(DatasetError)
    -> DatasetStatsDocument
  {
    guard let first = parts.first else { throw DatasetError("--merge", "no files given") }
    guard let s0 = first.doc.shard else {
      throw DatasetError(first.path, "is not a shard (written without --shard I/N)")
    }
    var seen: [Int: String] = [:]
    var ids: Set<String> = []
    var cases: [CaseStats] = []
    var failed: [(String, String)] = []
    for (path, d) in parts {
      guard let s = d.shard else {
        throw DatasetError(path, "is not a shard (written without --shard I/N)")
      }
      guard s.count == s0.count, s.total == s0.total else {
        throw DatasetError(
          path,
          "is shard \(s.index)/\(s.count) of \(s.total) cases; \(first.path) is of \(s0.count) shards, \(s0.total) cases"
        )
      }
      if let other = seen[s.index] {
        throw DatasetError(path, "is shard \(s.index)/\(s.count) again (also \(other))")
      }
      seen[s.index] = path
      for c in d.cases {
        guard ids.insert(c.id).inserted else {
          throw DatasetError(path, "case \(c.id) is in two shards")
        }
        cases.append(c)
      }
      failed += d.failed
    }
    let missing = (1...s0.count).filter { seen[$0] == nil }
    guard missing.isEmpty else {
      let list = missing.prefix(10).map { "\($0)/\(s0.count)" }.joined(separator: ", ")
      throw DatasetError("--merge", "missing shard\(missing.count > 1 ? "s" : "") \(list)")
    }
    return DatasetStatsDocument(
      cases: cases, labels: first.doc.labels, failed: failed, problems: first.doc.problems,
      shard: nil)
  }
}
