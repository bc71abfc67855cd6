/// A test-support error with a one-line description (a missing fixture, a failed process).
public struct TestFailure: Error, CustomStringConvertible, Sendable {
  /// What went wrong, naming the file or program.
  public var description: String

  /// A failure described by `description`.
  public init(_ description: String) {
    self.description = description
  }
}
