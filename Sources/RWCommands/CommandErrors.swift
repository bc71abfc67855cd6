import ArgumentParser
import RWLoss
import RWSystem

/// A bad command-line option value: `--option: problem`, one line.
public struct OptionError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The option, e.g. "--weights".
  public var option: String
  /// The problem, in one line.
  public var problem: String

  public init(_ option: String, _ problem: String) {
    self.option = option
    self.problem = problem
  }

  public var description: String { "\(option): \(problem)" }
}

/// Runs a command body, turning any error into one line `rwview: <thing>: <problem>` on stderr
/// and exit status 1.
func reportingErrors(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch is CancelledError {
    printError("rwview: cancelled")
    throw ExitCode(1)
  } catch let e as ExitCode {
    throw e
  } catch {
    printError(oneLine(error))
    throw ExitCode(1)
  }
}

/// The one-line text of an error: the loss core's errors about a map option value name the
/// option as typed (`weights: ...` becomes `--weights: ...`).
func commandLineText(_ error: Error) -> String {
  if let e = error as? RWLossError, ["ratio", "weights"].contains(e.thing) {
    return "--\(e.thing): \(e.problem)"
  }
  return "\(error)"
}

/// One line on standard error, control characters escaped (a path holding a newline or an
/// escape sequence stays one harmless line).
func printError(_ s: String) {
  StandardError.line(s)
}
