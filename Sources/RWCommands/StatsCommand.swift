import ArgumentParser

/// Placeholder for `rwview stats`.
public struct StatsCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(commandName: "stats", abstract: "(not implemented yet)")
  public init() {}
  public func run() throws { throw ValidationError("rwview stats is not implemented yet") }
}
