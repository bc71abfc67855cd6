import ArgumentParser
import Foundation

/// A command as ArgumentParser describes it (`_dumpHelp`, the JSON behind
/// `--experimental-dump-help`): the one description of commands and options that the manual
/// page is rendered from.
struct CommandDump: Decodable, Sendable {
  /// One argument: a flag, an option or a positional.
  struct Argument: Decodable, Sendable {
    /// A name of a flag or option.
    struct Name: Decodable, Sendable {
      var kind: String
      var name: String

      /// `--name` or `-n`.
      var spelling: String { (kind == "long" ? "--" : "-") + name }
    }

    var kind: String
    var names: [Name]?
    var preferredName: Name?
    var valueName: String?
    var abstract: String?
    var discussion: Discussion?
    var defaultValue: String?
    var isOptional: Bool?
    var isRepeating: Bool?
    var shouldDisplay: Bool?
    var completionKind: Completion?
  }

  /// An argument's long help: plain text (ArgumentParser also has per-value lists).
  struct Discussion: Decodable, Sendable {
    var text: String

    init(from decoder: Decoder) throws {
      let c = try decoder.singleValueContainer()
      if let s = try? c.decode(String.self) {
        text = s
        return
      }
      struct Enumerated: Decodable { var preamble: String? }
      let e = try? decoder.container(keyedBy: Keys.self).decode(
        Enumerated.self, forKey: .enumerated)
      text = e?.preamble ?? ""
    }

    enum Keys: String, CodingKey { case enumerated }
  }

  /// What completion offers for an argument: the fixed values, if any.
  struct Completion: Decodable, Sendable {
    /// `{"list": {"values": [...]}}`.
    struct List: Decodable, Sendable { var values: [String] }
    var list: List?
  }

  var commandName: String
  var abstract: String?
  var discussion: String?
  var shouldDisplay: Bool?
  var defaultSubcommand: String?
  var arguments: [Argument]?
  var subcommands: [CommandDump]?

  /// The tree of `root`; throws when ArgumentParser's description cannot be read.
  static func tree(_ root: ParsableCommand.Type) throws -> CommandDump {
    struct Tool: Decodable { var command: CommandDump }
    return try JSONDecoder().decode(Tool.self, from: Data(root._dumpHelp().utf8)).command
  }

  /// The arguments shown to users.
  var shownArguments: [Argument] { (arguments ?? []).filter { $0.shouldDisplay != false } }

  /// The subcommands shown to users (ArgumentParser's own `help` left out).
  var shownSubcommands: [CommandDump] {
    (subcommands ?? []).filter { $0.shouldDisplay != false && $0.commandName != "help" }
  }
}
