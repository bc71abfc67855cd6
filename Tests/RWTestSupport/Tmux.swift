import Foundation

/// A private tmux server running one bash pane: keys in with send-keys, screens out with
/// capture-pane, polling for expected text (never fixed sleeps).
public final class Tmux {
  /// Whether tmux is installed (for `.enabled(if: Tmux.isAvailable, "tmux is not installed")`).
  public static let isAvailable: Bool = ProcessRunner.which("tmux") != nil

  /// The socket name of this server (`tmux -L`).
  public let socket = "rwe2e-\(getpid())-\(UInt16.random(in: 0...UInt16.max))"
  let tmux: String

  /// Starts a detached `cols`×`rows` session running a clean bash with prompt `$ `.
  public init(cols: Int = 120, rows: Int = 40) throws {
    guard let t = ProcessRunner.which("tmux") else { throw TestFailure("tmux is not installed") }
    tmux = t
    let shell =
      "env -i PATH=/usr/bin:/bin HOME=/tmp TERM=xterm-256color LANG=C.UTF-8 PS1='$ ' "
      + "bash --norc --noprofile"
    let r = ProcessRunner.run(
      tmux,
      [
        "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "\(cols)", "-y", "\(rows)",
        "-s", "e2e", shell,
      ])
    guard r.status == 0 else { throw TestFailure("tmux new-session failed: \(r.err)") }
  }

  deinit {
    if ProcessInfo.processInfo.environment["RWVIEW_E2E_KEEP"] == nil {
      ProcessRunner.run(tmux, ["-L", socket, "kill-server"])
    }
  }

  /// Sends tmux key names (`Enter`, `Up`, `q`, …).
  public func send(_ keys: String...) {
    ProcessRunner.run(tmux, ["-L", socket, "send-keys", "-t", "e2e"] + keys)
  }

  /// Types `text` literally.
  public func type(_ text: String) {
    ProcessRunner.run(tmux, ["-L", socket, "send-keys", "-t", "e2e", "-l", text])
  }

  /// The visible pane; with `escapes`, including SGR colour sequences; with `joined`, lines the
  /// pane wrapped are joined back (a long path in an error line wraps in a narrow pane).
  public func capture(escapes: Bool = false, joined: Bool = false) -> String {
    ProcessRunner.run(
      tmux,
      ["-L", socket, "capture-pane", "-p", "-t", "e2e"] + (escapes ? ["-e"] : [])
        + (joined ? ["-J"] : [])
    ).out
  }

  /// A tmux format evaluated for the pane, e.g. `#{alternate_on}`.
  public func display(_ format: String) -> String {
    ProcessRunner.run(tmux, ["-L", socket, "display-message", "-p", "-t", "e2e", format]).out
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Resizes the window to `cols`×`rows`.
  public func resize(_ cols: Int, _ rows: Int) {
    ProcessRunner.run(
      tmux, ["-L", socket, "resize-window", "-t", "e2e", "-x", "\(cols)", "-y", "\(rows)"])
  }

  /// Polls the pane until `predicate` holds (up to `timeout` seconds); returns that screen.
  /// On timeout, throws naming `what`, with the last screen saved to a temporary file.
  @discardableResult
  public func waitFor(_ what: String, timeout: Double = 30, _ predicate: (String) -> Bool)
    throws -> String
  {
    let deadline = Date().addingTimeInterval(timeout)
    var screen = ""
    var polls = 0
    while Date() < deadline {
      polls += 1
      screen = capture()
      if predicate(screen) { return screen }
      usleep(50_000)
    }
    let dump = FileManager.default.temporaryDirectory
      .appendingPathComponent("rwview-e2e-timeout-\(socket).txt")
    try? screen.write(to: dump, atomically: true, encoding: .utf8)
    throw TestFailure(
      "timed out waiting for \(what) after \(polls) polls; last screen in \(dump.path)")
  }

  /// Polls the pane until it contains `text`.
  @discardableResult
  public func waitFor(_ text: String, timeout: Double = 30) throws -> String {
    try waitFor("'\(text)'", timeout: timeout) { $0.contains(text) }
  }
}
