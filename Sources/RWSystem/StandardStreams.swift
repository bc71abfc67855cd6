/// Writing the command's output and its error lines.
///
/// `print` hides failures: stdout buffered by stdio is flushed at exit and a full disk, a
/// closed descriptor or /dev/full go unnoticed (exit 0). `StandardOutput.write` writes at once
/// and throws one line (`standard output: cannot write: No space left on device`), so the
/// command can exit non-zero.
public enum StandardOutput {
  /// Writes `bytes` to file descriptor 1.
  public static func write(_ bytes: [UInt8]) throws(SystemError) {
    var failure: SystemError?
    bytes.withUnsafeBytes { b in
      guard let base = b.baseAddress else { return }
      var done = 0
      while done < b.count {
        let (n, code) = Libc.write(1, base + done, min(b.count - done, 1 << 30))
        if n <= 0 {
          failure = SystemError(path: "standard output", "cannot write", code: n < 0 ? code : 0)
          return
        }
        done += n
      }
    }
    if let failure { throw failure }
  }

  /// Writes `text` (UTF-8) to file descriptor 1.
  public static func write(_ text: String) throws(SystemError) { try write(Array(text.utf8)) }

  /// Writes `text` and a newline.
  public static func line(_ text: String) throws(SystemError) { try write(text + "\n") }
}

/// Error and warning lines on file descriptor 2.
public enum StandardError {
  /// Writes `text` with its control characters escaped (`Escape.controls`), then a newline,
  /// so a path holding a newline or an escape sequence stays one harmless line.
  public static func line(_ text: String) {
    let bytes = Array((Escape.controls(text) + "\n").utf8)
    bytes.withUnsafeBytes { b in
      guard let base = b.baseAddress else { return }
      var done = 0
      while done < b.count {
        let (n, _) = Libc.write(2, base + done, b.count - done)
        if n <= 0 { return }
        done += n
      }
    }
  }
}
