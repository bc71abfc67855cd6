/// An error of the loss core, worded as one line about one thing.
public struct RWLossError: Error, CustomStringConvertible, Sendable, Equatable {
  /// What the problem is about (e.g. "labels", "prediction", "weights").
  public var thing: String
  /// The problem, in one line.
  public var problem: String

  /// An error about `thing`.
  public init(_ thing: String, _ problem: String) {
    self.thing = thing
    self.problem = problem
  }

  /// `thing: problem`.
  public var description: String { "\(thing): \(problem)" }
}

/// Thrown by long computations when their cancellation check returns true.
public struct CancelledError: Error, Sendable {}
