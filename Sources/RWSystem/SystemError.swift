/// A problem with a file, a stream or the machine: `"<path>: <problem>"`, one line.
///
/// The path is escaped (`Escape.controls`) when printed, so a name holding a newline or an
/// escape sequence cannot break the line or reach the terminal.
public struct SystemError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file or stream the problem is about (as the user named it).
  public var path: String
  /// What is wrong, in one line.
  public var problem: String

  public init(path: String, problem: String) {
    self.path = path
    self.problem = problem
  }

  /// An error from a failed call: `"<what>: <strerror(code)>"`.
  init(path: String, _ what: String, code: Int32) {
    self.init(path: path, problem: "\(what): \(Libc.errorText(code))")
  }

  public var description: String { Escape.controls("\(path): \(problem)") }
}
