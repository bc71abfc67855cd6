import Foundation
import RWTestSupport
import Testing

@testable import RWCommands

/// Issue 12.11: the help a new user reads first.
@Suite struct HelpTests {
  /// `rwview help nonsense` printed the root help and exited 0.
  @Test func helpForAnUnknownCommandIsAnError() throws {
    let bin = try RWViewBinary.path()
    let r = ProcessRunner.run(bin, ["help", "nonsense"])
    #expect(r.status == 64)
    #expect(r.out.isEmpty)
    let commands = "view, info, maps, stats, render, samples"
    #expect(r.err == "rwview: help: no command 'nonsense' (commands: \(commands))\n")
    let nested = ProcessRunner.run(bin, ["help", "stats", "extra"])
    #expect(nested.status == 64)
    #expect(nested.err == "rwview: help: 'rwview stats' has no subcommands\n")
    // Real topics still print their help.
    let ok = ProcessRunner.run(bin, ["help", "stats"])
    #expect(ok.status == 0 && ok.out.contains("USAGE: rwview stats"), "\(ok.err)")
    #expect(RWView.unknownHelpTopic(["help"]) == nil)
    #expect(RWView.unknownHelpTopic(["help", "maps", "--help"]) == nil)
    #expect(RWView.unknownHelpTopic(["stats", "help"]) == nil)
  }

  /// `samples` was hidden from `--help`, and its `--shared` help said the default twice.
  @Test func samplesIsListedAndNoOptionSaysItsDefaultTwice() throws {
    let bin = try RWViewBinary.path()
    let root = ProcessRunner.run(bin, ["--help"])
    #expect(root.status == 0)
    #expect(root.out.contains("\n  samples "), "\(root.out)")
    for command in ["view", "info", "maps", "stats", "render", "samples"] {
      let r = ProcessRunner.run(bin, [command, "--help"])
      #expect(r.status == 0, "\(command)")
      let options = r.out.components(separatedBy: "OPTIONS:").last ?? ""
      // One entry per option: it starts on a line indented by two spaces and a dash.
      let entries = options.components(separatedBy: "\n  -").map {
        $0.split(whereSeparator: \.isWhitespace).joined(separator: " ")
      }
      for e in entries {
        #expect(e.components(separatedBy: "default:").count <= 2, "\(command): \(e)")
      }
      if command == "samples" {
        #expect(entries.contains { $0.hasPrefix("-shared") && $0.contains("(default: ../shared)") })
      }
    }
  }
}
