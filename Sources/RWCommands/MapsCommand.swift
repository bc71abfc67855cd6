import ArgumentParser

/// Placeholder for `rwview maps`.
public struct MapsCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(commandName: "maps", abstract: "(not implemented yet)")
  public init() {}
  public func run() throws { throw ValidationError("rwview maps is not implemented yet") }
}
