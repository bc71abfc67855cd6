/// Per-key mean, median and worst of the cases' numbers, like nnU-Net's summary.json "mean".
public enum DatasetSummary {
  /// Keys (last component) where a higher value is better.
  static let higherIsBetter: Set = ["dice", "iou", "tp", "tn"]
  /// Keys that are neither better nor worse when larger (no "worst").
  static let neutral: Set = ["volume_gt_mm3", "volume_pred_mm3"]

  /// The last component of a flat key.
  static func leaf(_ key: String) -> String { String(key.split(separator: ".").last ?? "") }

  /// True when a larger value of `key` is worse (losses, distances, violations).
  public static func largerIsWorse(_ key: String) -> Bool { !higherIsBetter.contains(leaf(key)) }

  /// The summary object: for every flat key, {n, mean, median, worst, worst_case}. Values
  /// that are null (not finite, e.g. HD of an absent class) are left out and counted out of n.
  public static func json(_ cases: [CaseStats]) -> JSONValue {
    var order: [String] = []
    var values: [String: [(String, Double)]] = [:]
    for c in cases {
      for (k, v) in c.numbers {
        if values[k] == nil {
          order.append(k)
          values[k] = []
        }
        if let v, v.isFinite { values[k]?.append((c.id, v)) }
      }
    }
    var members: [(String, JSONValue)] = [("cases", .int(cases.count))]
    for k in order {
      let vs = values[k] ?? []
      var m: [(String, JSONValue)] = [("n", .int(vs.count))]
      if !vs.isEmpty {
        let sorted = vs.map(\.1).sorted()
        let n = sorted.count
        let median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        m.append(("mean", .double(sorted.reduce(0, +) / Double(n))))
        m.append(("median", .double(median)))
        if !neutral.contains(leaf(k)) {
          let worse = largerIsWorse(k)
          // The first case (by id) holding the worst value.
          var w = vs[0]
          for x in vs.dropFirst() where worse ? x.1 > w.1 : x.1 < w.1 { w = x }
          m.append(("worst", .double(w.1)))
          m.append(("worst_case", .string(w.0)))
        }
      }
      members.append((k, .object(m)))
    }
    return .object(members)
  }
}
