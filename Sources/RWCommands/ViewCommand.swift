import ArgumentParser

/// Placeholder for `rwview view`.
public struct ViewCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(commandName: "view", abstract: "(not implemented yet)")
  public init() {}
  public func run() throws { throw ValidationError("rwview view is not implemented yet") }
}
