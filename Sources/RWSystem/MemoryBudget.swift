import Synchronization

/// How much memory a command may still allocate, and a one-line refusal above it.
///
/// The limit is the machine's available memory (`MemAvailable` in /proc/meminfo, read at each
/// check, so memory already taken counts) or, when the user gives `--max-memory SIZE`, that
/// size less what the process already holds (its resident set). Callers estimate the bytes of
/// a volume- or class-sized allocation (or a command's peak) and call `check` before
/// allocating:
///
///     try MemoryBudget.check(MemoryBudget.bytes(voxels, classes, 4), for: "the map set")
///
/// Estimates use `bytes(_:)`, which saturates instead of overflowing, so a header claiming
/// 2^62 voxels is refused rather than trapping.
public enum MemoryBudget {
  /// The `--max-memory` limit of this process (nil: the machine's available memory).
  private static let processLimit = Mutex<Int?>(nil)
  /// A limit for the current task only (tests).
  @TaskLocal private static var taskLimit: Int?

  /// Sets the process-wide limit (`--max-memory`); nil goes back to available memory.
  public static func setLimit(_ bytes: Int?) {
    processLimit.withLock { $0 = bytes }
  }

  /// Runs `body` with `bytes` as the limit for this task only (for tests).
  public static func withLimit<R>(_ bytes: Int?, _ body: () throws -> R) rethrows -> R {
    try $taskLimit.withValue(bytes, operation: body)
  }

  /// The limit in force: the task's, else `--max-memory`, else nil.
  public static var limit: Int? { taskLimit ?? processLimit.withLock { $0 } }

  /// Bytes that may still be allocated, and where that number comes from; nil when neither a
  /// limit is set nor the available memory is known.
  public static func available() -> (bytes: Int, source: MemoryError.Source)? {
    if let limit {
      let used = Libc.residentBytes() ?? 0
      return (max(0, limit - used), .option(limit: limit, inUse: used))
    }
    if let free = machineAvailable() { return (free, .machine) }
    return nil
  }

  /// Throws a one-line `MemoryError` when `bytes` exceed what may be allocated. `what` names
  /// the allocation ("reading labels.nii.gz", "the 24-class map set"); `hint` names another
  /// way out besides `--max-memory` (e.g. "or --geometry 2d").
  public static func check(_ bytes: Int, for what: String, hint: String? = nil)
    throws(MemoryError)
  {
    guard let (free, source) = available(), bytes > free else { return }
    throw MemoryError(what: what, needed: bytes, available: free, source: source, hint: hint)
  }

  /// The product of `factors` (element counts and the element size), saturating at `Int.max`.
  public static func bytes(_ factors: Int...) -> Int { bytes(factors) }

  /// The product of `factors`, saturating at `Int.max` (negative factors count as 0).
  public static func bytes(_ factors: [Int]) -> Int {
    var total = 1
    for f in factors {
      if f <= 0 { return 0 }
      let (p, overflow) = total.multipliedReportingOverflow(by: f)
      if overflow { return Int.max }
      total = p
    }
    return total
  }

  /// The sum of `parts`, saturating at `Int.max` (negative parts count as 0).
  public static func sum(_ parts: Int...) -> Int {
    var total = 0
    for p in parts where p > 0 {
      let (s, overflow) = total.addingReportingOverflow(p)
      if overflow { return Int.max }
      total = s
    }
    return total
  }

  /// `MemAvailable` of /proc/meminfo in bytes, nil where there is none.
  public static func machineAvailable() -> Int? {
    guard let text = Libc.readSmallFile("/proc/meminfo") else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
      let parts = line.split(separator: " ")
      guard parts.count >= 2, let kb = Int(parts[1]) else { return nil }
      return kb * 1024
    }
    return nil
  }

  /// Parses a size as given to `--max-memory`: a number with an optional unit K, M, G or T
  /// (powers of 1024; `KB`, `MiB`, `GB`... are read the same way), e.g. `512M`, `1.5G`,
  /// `24GiB`. Plain numbers are bytes. nil for anything else.
  public static func parseSize(_ text: String) -> Int? {
    var s = Substring(text.trimmingSpaces().uppercased())
    for suffix in ["IB", "B"] where s.hasSuffix(suffix) && s.count > suffix.count {
      s = s.dropLast(suffix.count)
      break
    }
    var scale = 1.0
    if let last = s.last, let p = "KMGTP".firstIndex(of: last) {
      scale = Double(1 << (10 * ("KMGTP".distance(from: "KMGTP".startIndex, to: p) + 1)))
      s = s.dropLast()
    }
    guard let v = Double(s.trimmingSpaces()), v.isFinite, v > 0 else { return nil }
    let bytes = v * scale
    guard bytes < 9e18 else { return nil }
    return Int(bytes.rounded(.up))
  }

  /// "1.5 GB", "640 MB", "12 KB", "100 bytes" (powers of 1024, one decimal above 10 units).
  public static func format(_ bytes: Int) -> String {
    if bytes == Int.max { return "more than 8 EB" }
    let units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"]
    var v = Double(bytes)
    var i = 0
    while v >= 1024 && i < units.count - 1 {
      v /= 1024
      i += 1
    }
    if i == 0 { return "\(bytes) bytes" }
    let rounded = (v * 10).rounded() / 10
    return rounded == rounded.rounded() ? "\(Int(rounded)) \(units[i])" : "\(rounded) \(units[i])"
  }
}

/// An allocation refused by `MemoryBudget`: one line naming the size and `--max-memory`.
public struct MemoryError: Error, CustomStringConvertible, Equatable, Sendable {
  /// Where the available number came from.
  public enum Source: Equatable, Sendable {
    /// The machine's available memory (MemAvailable).
    case machine
    /// `--max-memory` (`limit` bytes), of which the process held `inUse`.
    case option(limit: Int, inUse: Int)
  }

  public var what: String
  public var needed: Int
  public var available: Int
  public var source: Source
  public var hint: String?

  public var description: String {
    let need = MemoryBudget.format(needed)
    let raise = "--max-memory \(MemoryBudget.suggestedLimit(needed))"
    var line: String
    if needed >= 1 << 50 {
      return Escape.controls("\(what) needs \(need), more than any machine has")
    }
    switch source {
    case .machine:
      line =
        "\(what) needs \(need) but only \(MemoryBudget.format(available)) of memory is available"
        + "; to try anyway, raise the limit with \(raise)"
    case .option(let limit, _):
      line =
        "\(what) needs \(need), more than the \(MemoryBudget.format(available)) left under "
        + "--max-memory \(MemoryBudget.format(limit)); raise it with \(raise)"
    }
    if let hint { line += " \(hint)" }
    return Escape.controls(line)
  }
}

extension MemoryBudget {
  /// A `--max-memory` value that allows `needed` more bytes, rounded up to a whole GB or MB.
  static func suggestedLimit(_ needed: Int) -> String {
    let used = Libc.residentBytes() ?? 0
    let total = Double(needed) + Double(used)
    if total >= Double(1 << 30) { return "\(Int((total / Double(1 << 30)).rounded(.up)))G" }
    return "\(Int((total / Double(1 << 20)).rounded(.up)))M"
  }
}

extension StringProtocol {
  /// Without leading and trailing spaces and tabs.
  func trimmingSpaces() -> String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
    while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
    return String(s)
  }
}
