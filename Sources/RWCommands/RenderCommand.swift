import ArgumentParser

/// Placeholder for `rwview render`.
public struct RenderCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(commandName: "render", abstract: "(not implemented yet)")
  public init() {}
  public func run() throws { throw ValidationError("rwview render is not implemented yet") }
}
