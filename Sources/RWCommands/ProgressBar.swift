import Foundation

/// "[#####-----] 12/20 cases  1.3/s  ETA 6s" (or, counting percent of one case's work,
/// "[#####-----] 45%  3s") redrawn in place on stderr.
/// `@unchecked Sendable`: its fields are constants and each redraw on stderr holds `lock`.
final class ProgressBar: @unchecked Sendable {
  let total: Int
  let percent: Bool
  let start = Date()
  private let lock = NSLock()
  init(total: Int, percent: Bool = false) {
    self.total = total
    self.percent = percent
  }

  /// A bar when stderr is a terminal, else nil: progress is for a person watching, never for
  /// a log or a pipe.
  static func onTerminal(total: Int, percent: Bool = false) -> ProgressBar? {
    isatty(2) == 1 ? ProgressBar(total: total, percent: percent) : nil
  }

  /// The bar's text after `done` of `total` percent in `elapsed` seconds.
  static func percentText(done: Int, total: Int, elapsed: Double, width: Int = 24) -> String {
    let d = min(max(0, done), max(1, total))
    let filled = d * width / max(1, total)
    return "[" + String(repeating: "#", count: filled)
      + String(repeating: "-", count: width - filled) + "] \(d * 100 / max(1, total))%  "
      + "\(Int(elapsed))s"
  }

  /// The bar's text after `done` cases in `elapsed` seconds.
  static func text(done: Int, total: Int, elapsed: Double, width: Int = 24) -> String {
    let filled = total == 0 ? width : done * width / max(1, total)
    var s =
      "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
      + "]"
    s += " \(done)/\(total) cases"
    if done > 0 && elapsed > 0 {
      let rate = Double(done) / elapsed
      let eta = Int((Double(total - done) / rate).rounded())
      s += "  " + String(format: "%.2f/s", rate) + "  ETA \(eta)s"
    }
    return s
  }

  func draw(done: Int) {
    lock.withLock {
      let elapsed = Date().timeIntervalSince(start)
      let line =
        percent
        ? Self.percentText(done: done, total: total, elapsed: elapsed)
        : Self.text(done: done, total: total, elapsed: elapsed)
      FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
    }
  }

  func finish() { lock.withLock { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
}
