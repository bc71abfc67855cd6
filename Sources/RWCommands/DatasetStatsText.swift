import RWDataset

/// The text table and the CSV of `rwview stats` over a dataset.
enum DatasetStatsText {
  /// A number for a table cell (6 significant digits; "n/a" when absent).
  static func cell(_ v: Double?, _ w: Int) -> String {
    let s = v.map { $0.isFinite ? String(format: "%.6g", $0) : "n/a" } ?? "n/a"
    return String(repeating: " ", count: max(0, w - s.count)) + s
  }

  static func pad(_ s: String, _ w: Int) -> String {
    s.count >= w ? s : s + String(repeating: " ", count: w - s.count)
  }

  /// The ranked table (worst first) and the summary.
  static func table(_ doc: DatasetStatsDocument, ranking: CaseRanking?, top: Int) -> String {
    let rank = ranking ?? (try? CaseRanking("rw_excess"))!
    var out: [String] = []
    let idWidth = max(8, min(40, doc.cases.map(\.id.count).max() ?? 4) + 2)
    let comparing = doc.cases.contains { $0.reportB != nil }
    if comparing {
      out.append(
        "\(doc.cases.count) cases, ranked by the change of \(rank.key) (B − A), largest first")
      out.append(
        pad("case", idWidth) + cell(nil, 0).replacingOccurrences(of: "n/a", with: "")
          + "           A           B       B − A")
      let rows = doc.cases.map { c -> (CaseStats, Double?, Double?) in
        let b = c.reportB.map { CaseStats(id: c.id, files: [], report: $0) }
        return (c, rank.value(c), b.flatMap(rank.value))
      }.sorted { x, y in
        let dx = x.1.flatMap { a in x.2.map { abs($0 - a) } } ?? -1
        let dy = y.1.flatMap { a in y.2.map { abs($0 - a) } } ?? -1
        return dx != dy ? dx > dy : x.0.id < y.0.id
      }
      for (c, a, b) in rows.prefix(top) {
        let d = a.flatMap { av in b.map { $0 - av } }
        out.append(pad(c.id, idWidth) + cell(a, 12) + cell(b, 12) + cell(d, 12))
      }
    } else {
      out.append("\(doc.cases.count) cases, ranked by \(rank.key), worst first")
      let keys = ["rw_excess", "rw_sum", "ce", "dice", "hd95"].filter { $0 != rank.key }
      out.append(
        pad("case", idWidth)
          + ([rank.key] + keys).map { pad("", max(0, 12 - $0.count)) + $0 }.joined())
      for (c, v) in rank.rank(doc.cases).prefix(top) {
        out.append(
          pad(c.id, idWidth) + cell(v, max(12, rank.key.count))
            + keys.map { cell((try? CaseRanking($0))?.value(c), 12) }.joined())
      }
    }
    if doc.cases.count > top {
      out.append("… \(doc.cases.count - top) more (--top N, --json, --csv FILE)")
    }
    out.append("")
    out.append(pad("summary", 28) + "        mean      median       worst  worst case")
    let summary = DatasetSummary.json(doc.cases)
    if case .object(let members) = summary {
      for (k, v) in members where wanted(k) {
        let name = k.replacingOccurrences(of: "metrics.", with: "class ").replacingOccurrences(
          of: "total.", with: ""
        )
        .replacingOccurrences(of: ".", with: " ")
        out.append(
          pad(name, 28) + cell(v["mean"]?.doubleValue, 12) + cell(v["median"]?.doubleValue, 12)
            + cell(v["worst"]?.doubleValue, 12) + "  " + (v["worst_case"]?.stringValue ?? ""))
      }
    }
    if !doc.failed.isEmpty {
      out.append("\(doc.failed.count) cases failed (listed on stderr and in --json)")
    }
    return out.joined(separator: "\n")
  }

  /// Summary rows shown in the table: the main totals and each class's dice, hd95, assd.
  static func wanted(_ key: String) -> Bool {
    if ["total.rw_sum", "total.lowest_rw_sum", "total.ce", "total.soft_dice_loss"].contains(key) {
      return true
    }
    let p = key.split(separator: ".")
    return p.count == 3 && p[0] == "metrics" && ["dice", "hd95", "assd"].contains(String(p[2]))
  }

  /// One row per case: every flat number (then the second model's and the deltas).
  static func csv(_ doc: DatasetStatsDocument) -> String {
    var keys: [String] = []
    var seen: Set<String> = []
    var rows: [[String: Double?]] = []
    for c in doc.cases {
      var row: [String: Double?] = [:]
      let all =
        c.numbers + c.numbersB.map { ("b." + $0.0, $0.1) }
        + (c.reportB == nil ? [] : c.deltas.map { ("delta." + $0.0, $0.1) })
      for (k, v) in all {
        if seen.insert(k).inserted { keys.append(k) }
        row[k] = v
      }
      rows.append(row)
    }
    func quote(_ s: String) -> String {
      s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
        ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    var out = (["case"] + keys).map(quote).joined(separator: ",") + "\n"
    for (c, row) in zip(doc.cases, rows) {
      let cells = keys.map { k -> String in
        guard let v = row[k], let x = v, x.isFinite else { return "" }
        return "\(x)"
      }
      out += ([quote(c.id)] + cells).joined(separator: ",") + "\n"
    }
    return out
  }
}
