/// Ranking cases by one of their numbers, worst first (`stats --sort KEY`).
///
/// Keys: `rw_excess` (RW sum above the lowest reachable RW sum), any total (`rw_sum`, `ce`,
/// `focal`, `soft_dice_loss`, `A_violations`, …), a metric of one class (`dice:1`, `hd95:2`,
/// `assd:1`, `iou:1`, `hd:1`) or of the foreground (`dice`, `hd95`: the mean over classes ≥ 1),
/// or a flat key as in the CSV (`metrics.1.dice`).
public struct CaseRanking: Equatable, Sendable {
  /// The key as given.
  public var key: String
  /// True when a larger value ranks first.
  public var largerFirst: Bool

  static let metricNames: Set = ["dice", "iou", "hd", "hd95", "assd", "tp", "fp", "fn"]

  /// The keys offered in help and shell completion (any key above is accepted).
  public static let offeredKeys = [
    "rw_excess", "rw_sum", "ce", "focal", "soft_dice_loss", "dice", "iou", "hd", "hd95", "assd",
  ]

  /// Parses a key; throws naming the keys there are.
  public init(_ key: String) throws(DatasetError) {
    self.key = key
    let name = key.split(separator: ":").first.map(String.init) ?? key
    guard !key.isEmpty else { throw DatasetError("--sort", "needs a key") }
    if key.contains(":") {
      let parts = key.split(separator: ":")
      guard parts.count == 2, Self.metricNames.contains(name), Int(parts[1]) != nil else {
        throw DatasetError(
          "--sort", "'\(key)' is not METRIC:CLASS (dice, iou, hd, hd95, assd with a class index)")
      }
    }
    largerFirst = name == "rw_excess" || DatasetSummary.largerIsWorse(name)
  }

  /// The case's value for this key (nil when absent or not finite).
  public func value(_ c: CaseStats) -> Double? {
    let nums = c.numbers
    func get(_ k: String) -> Double? { nums.first { $0.0 == k }?.1 ?? nil }
    if key == "rw_excess" {
      guard let s = get("total.rw_sum"), let l = get("total.lowest_rw_sum") else { return nil }
      return s - l
    }
    let parts = key.split(separator: ":").map(String.init)
    if parts.count == 2 { return get("metrics.\(parts[1]).\(parts[0])") }
    if Self.metricNames.contains(key) {
      let vs = nums.compactMap { k, v -> Double? in
        let p = k.split(separator: ".")
        guard p.count == 3, p[0] == "metrics", let cls = Int(p[1]), cls >= 1, p[2] == key else {
          return nil
        }
        return v
      }
      return vs.isEmpty ? nil : vs.reduce(0, +) / Double(vs.count)
    }
    for k in ["total." + key, "total.principle." + key, key] { if let v = get(k) { return v } }
    return nil
  }

  /// True when the key names a number of at least one case.
  public func isKnown(in cases: [CaseStats]) -> Bool { cases.contains { value($0) != nil } }

  /// The cases worst first; cases without a value last; ties by id.
  public func rank(_ cases: [CaseStats]) -> [(CaseStats, Double?)] {
    cases.map { ($0, value($0)) }.sorted { a, b in
      switch (a.1, b.1) {
      case (let x?, let y?) where x != y: return largerFirst ? x > y : x < y
      case (.some, nil): return true
      case (nil, .some): return false
      default: return a.0.id < b.0.id
      }
    }
  }
}
