import ArgumentParser
import Foundation
import RWSystem

/// The `rwview` root command: opens the viewer by default, and holds the subcommands.
public struct RWView: ParsableCommand {
  public static let version = "0.1.0"

  public static let configuration = CommandConfiguration(
    commandName: "rwview",
    abstract:
      "View NIfTI volumes with ground truth, predictions and region-wise loss maps in a terminal.",
    discussion: """
      Shell completion: rwview --generate-completion-script bash|zsh|fish prints the script; \
      rwview --generate-manual prints the manual page (see the README for where to put them).
      """,
    version: version,
    subcommands: [
      ViewCommand.self, InfoCommand.self, MapsCommand.self, StatsCommand.self, RenderCommand.self,
      SamplesCommand.self,
    ],
    defaultSubcommand: ViewCommand.self
  )

  public init() {}

  /// Runs the command line. Refused first, with one line and the usage exit status 64:
  /// - a single-value option given twice (ArgumentParser would keep the last one silently);
  /// - a word starting with a single `-` that is longer than one option letter and is not a
  ///   number (`-dash.nii.gz`): the parser would read it as a group of short options
  ///   (`-d -a -s -h`) and print the help with status 0;
  /// - `rwview help WORD` where WORD names no command (the parser printed the root help, 0).
  public static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let script = completionScript(arguments) ?? manualPage(arguments) {
      do {
        try StandardOutput.write(Array(script.utf8))
      } catch {
        StandardError.line("rwview: \(error)")
        Foundation.exit(ExitCode.failure.rawValue)
      }
      Foundation.exit(0)
    }
    if let word = misreadFileName(arguments) {
      StandardError.line(
        "rwview: \(word): not an option; to name a file that starts with '-', write ./\(word)")
      Foundation.exit(ExitCode.validationFailure.rawValue)
    }
    if let problem = unknownHelpTopic(arguments) {
      StandardError.line("rwview: \(problem)")
      Foundation.exit(ExitCode.validationFailure.rawValue)
    }
    if let problem = RepeatedOptions.problem(in: arguments, root: Self.self) {
      StandardError.line("rwview: \(problem)")
      Foundation.exit(ExitCode.validationFailure.rawValue)
    }
    main(arguments)
  }

  /// The completion script `--generate-completion-script [SHELL]` asks for (`CompletionScript`:
  /// ArgumentParser's, knowing the default subcommand); nil for other arguments or a shell
  /// without a script (ArgumentParser then says so).
  static func completionScript(_ arguments: [String]) -> String? {
    let flag = "--generate-completion-script"
    guard let first = arguments.first, first == flag || first.hasPrefix(flag + "=") else {
      return nil
    }
    let shell =
      first.hasPrefix(flag + "=")
      ? String(first.dropFirst(flag.count + 1))
      : arguments.dropFirst().first ?? CompletionShell.autodetected()?.rawValue ?? ""
    return CompletionScript.text(for: shell)
  }

  /// The manual page for `--generate-manual` (mdoc, from the command definitions); nil for
  /// other arguments.
  static func manualPage(_ arguments: [String]) -> String? {
    guard arguments == ["--generate-manual"] else { return nil }
    return try? Manual.page(date: Manual.today())
  }

  /// The first argument (before `--`) that looks like a file name the parser would take for
  /// options.
  static func misreadFileName(_ arguments: [String]) -> String? {
    for a in arguments {
      if a == "--" { return nil }
      if a.hasPrefix("-") && !a.hasPrefix("--") && a.count > 2 && Double(a) == nil { return a }
    }
    return nil
  }
}
