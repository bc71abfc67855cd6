import ArgumentParser

extension RWView {
  /// The problem with `rwview help WORDS...` when a word names no subcommand (ArgumentParser
  /// then prints the root help and exits 0, as if the question had been answered); nil when
  /// the arguments are not a help request or every word names a subcommand of the one before.
  static func unknownHelpTopic(_ arguments: [String]) -> String? {
    guard arguments.first == "help" else { return nil }
    var command: ParsableCommand.Type = Self.self
    var path = [Self._commandName]
    for word in arguments.dropFirst() where !word.hasPrefix("-") && word != "help" {
      let subcommands = command.configuration.subcommands
      let named = subcommands.first {
        ([$0._commandName] + $0.configuration.aliases).contains(word)
      }
      guard let next = named else {
        let name = path.joined(separator: " ")
        if subcommands.isEmpty { return "help: '\(name)' has no subcommands" }
        let known = subcommands.map { $0._commandName }.joined(separator: ", ")
        return "help: no command '\(word)' (commands: \(known))"
      }
      command = next
      path.append(word)
    }
    return nil
  }
}
