import ArgumentParser

/// The `rwview` root command: opens the viewer by default, and holds the subcommands.
public struct RWView: ParsableCommand {
  public static let version = "0.1.0"

  public static let configuration = CommandConfiguration(
    commandName: "rwview",
    abstract: "View NIfTI volumes with ground truth, predictions and region-wise loss maps in a terminal.",
    version: version,
    subcommands: [
      ViewCommand.self, InfoCommand.self, MapsCommand.self, StatsCommand.self, RenderCommand.self,
      SamplesCommand.self,
    ],
    defaultSubcommand: ViewCommand.self
  )

  public init() {}
}
