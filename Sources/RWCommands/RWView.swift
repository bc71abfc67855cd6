import ArgumentParser
import Foundation
import RWSystem

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

  /// Runs the command line, refusing a single-value option given twice (ArgumentParser would
  /// keep the last one silently) with one line and the usage exit status 64.
  public static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let problem = RepeatedOptions.problem(in: arguments, root: Self.self) {
      StandardError.line("rwview: \(problem)")
      Foundation.exit(ExitCode.validationFailure.rawValue)
    }
    main(arguments)
  }
}
