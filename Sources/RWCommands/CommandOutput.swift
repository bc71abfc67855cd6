import ArgumentParser
import RWSystem

/// Options every command has: `--max-memory`.
public struct SystemOptions: ParsableArguments {
  @Option(
    name: .customLong("max-memory"),
    help: ArgumentHelp(
      "Most memory rwview may use, e.g. 8G or 512M (default: the memory available now).",
      valueName: "size"))
  public var maxMemory: String?

  public init() {}

  /// Sets the memory budget of the process; throws one line for a bad size.
  public func apply() throws {
    guard let text = maxMemory else { return }
    guard let bytes = MemoryBudget.parseSize(text) else {
      throw OptionError("--max-memory", "expected a size such as 8G or 512M, got \(text)")
    }
    MemoryBudget.setLimit(bytes)
  }
}

/// "rwview: <message>" for any error.
func oneLine(_ error: Error) -> String {
  let text = commandLineText(error)
  return text.hasPrefix("rwview:") ? text : "rwview: " + text
}
