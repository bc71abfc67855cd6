/// A problem with a dataset, a case or one of its files, worded as one line about one thing.
public struct DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What the problem is about: a file, a folder or an option.
  public var thing: String
  /// The problem, in one line.
  public var problem: String

  public init(_ thing: String, _ problem: String) {
    self.thing = thing
    self.problem = problem
  }

  public var description: String { "\(thing): \(problem)" }
}
