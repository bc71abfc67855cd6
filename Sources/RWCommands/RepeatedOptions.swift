import ArgumentParser
import Foundation

/// Refuses a single-value option given more than once (`--pred a --pred b`), for every
/// command: ArgumentParser would silently keep the last one.
///
/// The options of each command come from ArgumentParser's own description of the command tree
/// (`_dumpHelp`, the JSON behind `--experimental-dump-help`), so a new option or command is
/// covered without a list to keep up to date.
enum RepeatedOptions {
  /// One command: its single-value options (every name of one option maps to its preferred
  /// name), its subcommands and the default subcommand.
  struct Command {
    var singleValued: [String: String] = [:]
    var subcommands: [String: Command] = [:]
    var defaultSubcommand: String?
  }

  /// The command tree of `root` (from `CommandDump`, ArgumentParser's description).
  static func tree(_ root: ParsableCommand.Type) -> Command? {
    (try? CommandDump.tree(root)).map(command)
  }

  private static func command(_ c: CommandDump) -> Command {
    var out = Command()
    out.defaultSubcommand = c.defaultSubcommand
    for a in c.arguments ?? [] where a.kind == "option" && a.isRepeating != true {
      let names = (a.names ?? []).map(\.spelling)
      guard let preferred = a.preferredName?.spelling ?? names.first else { continue }
      for n in names { out.singleValued[n] = preferred }
    }
    for s in c.subcommands ?? [] { out.subcommands[s.commandName] = command(s) }
    return out
  }

  /// The one-line problem with `arguments` (without the program name), or nil: the first
  /// single-value option given more than once, with the values given.
  static func problem(in arguments: [String], root: ParsableCommand.Type) -> String? {
    guard var command = tree(root) else { return nil }
    var rest = arguments[...]
    // Walk down the subcommands named first; else the default subcommand's options apply.
    while let first = rest.first, let sub = command.subcommands[first] {
      command = sub
      rest = rest.dropFirst()
    }
    while let name = command.defaultSubcommand, let sub = command.subcommands[name] {
      var merged = sub
      merged.singleValued.merge(command.singleValued) { a, _ in a }
      command = merged
    }
    var seen: [String: [String]] = [:]
    var order: [String] = []
    var i = rest.startIndex
    while i < rest.endIndex {
      let arg = rest[i]
      if arg == "--" { break }
      let (name, inline) = split(arg)
      if let option = command.singleValued[name] {
        var value = inline
        if value == nil, i + 1 < rest.endIndex {
          value = rest[i + 1]
          i += 1
        }
        if seen[option] == nil { order.append(option) }
        seen[option, default: []].append(value ?? "")
      }
      i += 1
    }
    for option in order {
      guard let values = seen[option], values.count > 1 else { continue }
      let list = values.map { "'\($0)'" }.joined(separator: ", ")
      return "\(option): given \(values.count) times (\(list)); give it once"
    }
    return nil
  }

  /// `--name=value` as ("--name", "value"); anything else as (arg, nil).
  private static func split(_ arg: String) -> (String, String?) {
    guard arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") else { return (arg, nil) }
    return (String(arg[..<eq]), String(arg[arg.index(after: eq)...]))
  }
}
