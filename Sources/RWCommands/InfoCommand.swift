import ArgumentParser

/// Placeholder for `rwview info`.
public struct InfoCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(commandName: "info", abstract: "(not implemented yet)")
  public init() {}
  public func run() throws { throw ValidationError("rwview info is not implemented yet") }
}
