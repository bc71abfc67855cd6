/// Which label value each class stands for: class k is label value `values[k]`.
///
/// Label maps in the wild are not always class indices 0..K-1 (FreeSurfer's aseg holds
/// 0, 2, 41, 1001…; atlases go up to thousands). A mapping turns label values into class
/// indices before anything is sized by K: the identity (values are indices), the order of a
/// label table, or the sorted values present (`auto`). The ground truth and a label-map
/// prediction go through the same mapping.
public struct LabelMapping: Sendable, Equatable {
  /// The label value of class k at index k (distinct).
  public let values: [Int32]

  /// A mapping from the label value of each class; values must be distinct and non-negative.
  public init(values: [Int32]) throws {
    var seen = Set<Int32>()
    for v in values {
      guard v >= 0 else { throw RWLossError("label mapping", "label value \(v) is negative") }
      guard seen.insert(v).inserted else {
        throw RWLossError("label mapping", "label value \(v) is given twice")
      }
    }
    guard !values.isEmpty else { throw RWLossError("label mapping", "no classes") }
    self.values = values
  }

  /// Classes 0..<k are the label values 0..<k.
  public static func identity(_ k: Int) -> LabelMapping {
    // Distinct and non-negative by construction.
    LabelMapping(unchecked: (0..<max(1, k)).map { Int32(truncatingIfNeeded: $0) })
  }

  /// The sorted `present` values as classes 0..K-1 (`remap auto`).
  public static func sorted(_ present: [Int32]) throws -> LabelMapping {
    try LabelMapping(values: Array(Set(present)).sorted())
  }

  private init(unchecked values: [Int32]) { self.values = values }

  /// K.
  public var classCount: Int { values.count }

  /// Whether every class k is label value k.
  public var isIdentity: Bool { values.enumerated().allSatisfy { Int($0.element) == $0.offset } }

  /// "0→0, 2→1, 41→2" (value → class), at most `limit` pairs then "… (N classes)".
  public func summary(limit: Int = 12) -> String {
    let pairs = values.prefix(limit).enumerated().map { "\($0.element)→\($0.offset)" }
    let more = values.count > limit ? ", … (\(values.count) classes)" : ""
    return pairs.joined(separator: ", ") + more
  }

  /// The class index of every label of `labels` (on a grid of `dims`); the first label value the
  /// mapping does not hold is an error naming its voxel (`what` names the volume).
  public func classes(of labels: [Int32], dims: [Int], what: String) throws -> [Int32] {
    if isIdentity {
      if let t = labels.firstIndex(where: { $0 < 0 || Int($0) >= classCount }) {
        throw notMapped(labels[t], at: t, dims: dims, what: what)
      }
      return labels
    }
    let maxValue = Int(values.max() ?? 0)
    var out = [Int32](repeating: 0, count: labels.count)
    var bad: Int? = nil
    if maxValue < 1 << 20 {
      // A direct lookup table for the usual label ranges.
      var lut = [Int32](repeating: -1, count: maxValue + 1)
      for (k, v) in values.enumerated() { lut[Int(v)] = Int32(k) }
      for (t, l) in labels.enumerated() {
        let c = l >= 0 && Int(l) <= maxValue ? lut[Int(l)] : -1
        if c < 0 {
          bad = t
          break
        }
        out[t] = c
      }
    } else {
      var table: [Int32: Int32] = [:]
      for (k, v) in values.enumerated() { table[v] = Int32(k) }
      for (t, l) in labels.enumerated() {
        guard let c = table[l] else {
          bad = t
          break
        }
        out[t] = c
      }
    }
    if let t = bad { throw notMapped(labels[t], at: t, dims: dims, what: what) }
    return out
  }

  private func notMapped(_ l: Int32, at t: Int, dims: [Int], what: String) -> RWLossError {
    RWLossError(
      what,
      "label value \(l) at voxel \(LabelValues.voxelText(t, dims: dims)) is not one of the "
        + "\(classCount) classes' values")
  }

  /// Whether label values `present` (sorted, distinct) can be taken as class indices 0..K-1:
  /// the largest is below `indexLimit`, or at most `absentRatio` times as many values of
  /// 0...max are absent as present (a case may lack a few of a dataset's classes; an atlas
  /// with values up to 2035 and 45 present is not indices).
  public static func looksLikeIndices(present: [Int32]) -> Bool {
    guard let mx = present.last else { return true }
    if Int(mx) < indexLimit { return true }
    let absent = Int(mx) + 1 - present.count
    return absent <= absentRatio * present.count
  }

  /// Label values below this are taken as class indices whatever is absent.
  public static let indexLimit = 64
  /// Above `indexLimit`, at most this many absent values per present one.
  public static let absentRatio = 3
}

extension LabelValues {
  /// The distinct label values of `labels`, ascending.
  public static func present(_ labels: [Int32]) -> [Int32] { present(labels, []) }

  /// The distinct label values of `a` and `b` together, ascending (without joining them: each
  /// may be a whole volume).
  public static func present(_ a: [Int32], _ b: [Int32]) -> [Int32] {
    var lo = Int32.max
    var hi = Int32.min
    for part in [a, b] {
      if let l = part.min(), let h = part.max() {
        lo = min(lo, l)
        hi = max(hi, h)
      }
    }
    guard lo <= hi else { return [] }
    guard lo >= 0, hi < 1 << 20 else { return Array(Set(a).union(b)).sorted() }
    var seen = [Bool](repeating: false, count: Int(hi) + 1)
    seen.withUnsafeMutableBufferPointer { sp in
      for part in [a, b] {
        part.withUnsafeBufferPointer { lp in for l in lp { sp[Int(l)] = true } }
      }
    }
    return (0...Int(hi)).filter { seen[$0] }.map { Int32($0) }
  }
}
