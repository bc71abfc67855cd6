/// The numbers of one case of `rwview stats` over a dataset.
///
/// `report` is the single-case `stats --json` object of the case's files, read back with its
/// numbers' text kept, so each case's numbers are exactly those of single-case `stats`.
public struct CaseStats: Equatable, Sendable {
  public var id: String
  /// Role → path ("image", "labels", "prediction", "segmentation").
  public var files: [(String, String)]
  /// The single-case report (its "slices" profile left out).
  public var report: JSONValue
  /// The report of a second model's prediction (`--pred-b`), when comparing.
  public var reportB: JSONValue?

  public init(id: String, files: [(String, String)], report: JSONValue) {
    self.id = id
    self.files = files
    self.report = report
  }

  public static func == (a: CaseStats, b: CaseStats) -> Bool {
    a.id == b.id && a.report == b.report && a.reportB == b.reportB
      && a.files.map(\.0) == b.files.map(\.0) && a.files.map(\.1) == b.files.map(\.1)
  }

  /// The files of a case in a fixed role order.
  public static func files(of c: DatasetCase) -> [(String, String)] {
    var f: [(String, String)] = []
    for (i, img) in c.images.enumerated() {
      f.append((c.images.count == 1 ? "image" : "image_\(i)", img))
    }
    if let l = c.labels { f.append(("labels", l)) }
    if let p = c.prediction { f.append(("prediction", p)) }
    if let s = c.predictionSegmentation { f.append(("segmentation", s)) }
    return f
  }

  /// The case as its JSON object: case, files, the report's members, then with a second
  /// model "b" (its report) and "delta" (B − A of every number, by flat key).
  public var json: JSONValue {
    guard case .object(let members) = report else { return report }
    var m =
      [("case", JSONValue.string(id)), ("files", .object(files.map { ($0.0, .string($0.1)) }))]
      + members
    if let reportB {
      m.append(("b", reportB))
      m.append(("delta", .object(deltas.map { ($0.0, $0.1.map(JSONValue.double) ?? .null) })))
    }
    return .object(m)
  }

  /// The second model's numbers (empty without one).
  public var numbersB: [(String, Double?)] {
    reportB.map { CaseStats(id: id, files: [], report: $0).numbers } ?? []
  }

  /// B − A of every number both reports hold (nil where either is not finite).
  public var deltas: [(String, Double?)] {
    let b = Dictionary(numbersB.map { ($0.0, $0.1) }, uniquingKeysWith: { x, _ in x })
    return numbers.compactMap { k, a in
      guard let bv = b[k] else { return nil }
      guard let a, let bv else { return (k, nil) }
      return (k, bv - a)
    }
  }

  /// Reads a case back from its JSON object.
  public init(json: JSONValue) throws(DatasetError) {
    guard case .object(let m) = json, let id = json["case"]?.stringValue,
      case .object(let f)? = json["files"]
    else {
      throw DatasetError("JSON", "a case needs \"case\" and \"files\"")
    }
    self.id = id
    files = f.compactMap { k, v in v.stringValue.map { (k, $0) } }
    report = .object(m.filter { !["case", "files", "b", "delta"].contains($0.0) })
    reportB = json["b"]
  }

  /// Every number of the report by a flat key: `total.rw_sum`, `total.principle.A_violations`,
  /// and for lists of per-class objects `metrics.1.dice`, `per_class.0.ce` (class index).
  public var numbers: [(String, Double?)] {
    var out: [(String, Double?)] = []
    func walk(_ v: JSONValue, _ path: String) {
      switch v {
      case .number(let t): out.append((path, Double(t)))
      case .null: out.append((path, nil))
      case .object(let m):
        for (k, x) in m where k != "class" && k != "value" {
          walk(x, path.isEmpty ? k : path + "." + k)
        }
      case .array(let a):
        for x in a {
          guard let c = x["class"], case .number(let ct) = c else { continue }
          walk(x, path + "." + ct)
        }
      default: break
      }
    }
    walk(report, "")
    return out
  }

  /// The number at a flat key (nil when absent or not finite).
  public func number(_ key: String) -> Double? {
    numbers.first { $0.0 == key }?.1 ?? nil
  }
}
