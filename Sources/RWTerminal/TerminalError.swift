/// Why the terminal could not be opened; `description` is the one-line message for the user.
public enum TerminalError: Error, CustomStringConvertible, Equatable, Sendable {
  case outputNotATerminal
  case inputNotATerminal
  case unknownTerminal(String)
  case unsupportedTerminal(String)

  public var description: String {
    switch self {
    case .outputNotATerminal:
      return "rwview: standard output is not a terminal (use `rwview render` for files and pipes)"
    case .inputNotATerminal:
      return
        "rwview: standard input is not a terminal (the viewer reads keys from it; use `rwview render` in scripts)"
    case .unknownTerminal(let t):
      return t.isEmpty
        ? "rwview: TERM is not set, so the terminal type is unknown (try TERM=xterm-256color)"
        : "rwview: terminal type '\(t)' is unknown (try TERM=xterm-256color)"
    case .unsupportedTerminal(let t):
      return
        "rwview: terminal type '\(t)' cannot move the cursor, so the viewer cannot draw (use a full-screen terminal or `rwview render`)"
    }
  }
}
