import Foundation
import RWRender
import RWTestSupport
import RWViewer
import Testing

@testable import RWCommands

/// The README must stay true: its key table is the viewer's key map, its command-line reference
/// names every option of every command, its first command opens a sample that exists, and CI
/// installs what the README installs.
@Suite struct ReadmeTests {
  static let root = Fixtures.packageRoot

  func read(_ name: String) throws -> String {
    try String(contentsOf: Self.root.appendingPathComponent(name), encoding: .utf8)
  }

  @Test func everyKeyBindingIsDocumented() throws {
    let readme = try read("README.md")
    for b in KeyMap.standard.bindings {
      let row =
        "| " + b.keys.map { "`\($0.displayName)`" }.joined(separator: " ") + " | " + b.help + " |"
      #expect(readme.contains(row), "README.md lacks the key row: \(row)")
    }
  }

  /// The README's key tables, as the key map generates them: one table per help group in the
  /// key map's order, one row per binding, nothing else (a stale row or group fails). Set
  /// `RECORD_README=1` to rewrite them from the key map.
  @Test func keyTablesAreTheKeyMap() throws {
    var groups: [(String, [KeyBinding])] = []
    for b in KeyMap.standard.bindings {
      if let n = groups.firstIndex(where: { $0.0 == b.group }) {
        groups[n].1.append(b)
      } else {
        groups.append((b.group, [b]))
      }
    }
    let expected = groups.map { title, bindings in
      "**\(title)**\n\n| keys | action |\n|---|---|\n"
        + bindings.map { b in
          "| " + b.keys.map { "`\($0.displayName)`" }.joined(separator: " ") + " | " + b.help
            + " |\n"
        }.joined()
    }.joined(separator: "\n")
    let readme = try read("README.md")
    let keys = try #require(readme.range(of: "\n## Keys\n"))
    let first = try #require(readme.range(of: "\n**", range: keys.upperBound..<readme.endIndex))
    let next = try #require(readme.range(of: "\n## ", range: first.upperBound..<readme.endIndex))
    let shown = String(readme[readme.index(after: first.lowerBound)..<next.lowerBound])
    if ProcessInfo.processInfo.environment["RECORD_README"] == "1" && shown != expected {
      let url = Self.root.appendingPathComponent("README.md")
      try readme.replacingCharacters(
        in: readme.index(after: first.lowerBound)..<next.lowerBound, with: expected
      ).write(to: url, atomically: true, encoding: .utf8)
    }
    #expect(
      shown == expected, "README.md's key tables differ from the key map:\n\(expected)")
  }

  /// Every option name of every command (from ArgumentParser's description of the command
  /// tree, as the manual page) is in the command-line reference, in a code span.
  @Test func everyOptionIsInTheCommandLineReference() throws {
    let readme = try read("README.md")
    let start = try #require(readme.range(of: "## Command-line reference"))
    let rest = readme[start.upperBound...]
    let whole = String(rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)])
    // Fenced blocks (```sh ... ```) left out: their backticks are not code spans.
    let section = whole.components(separatedBy: "```").enumerated().filter { $0.offset % 2 == 0 }
      .map(\.element).joined()
    // The code spans of the section, each split at spaces and `|`.
    let spans = section.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }
    var words = Set<String>()
    for (_, span) in spans {
      for w in span.split(whereSeparator: { " |[],=\n".contains($0) }) { words.insert(String(w)) }
    }
    let tree = try CommandDump.tree(RWView.self)
    var checked = 0
    for command in tree.shownSubcommands {
      for a in command.shownArguments {
        for n in a.names ?? [] {
          checked += 1
          #expect(
            words.contains(n.spelling),
            "README.md's command-line reference lacks \(n.spelling) (rwview \(command.commandName))"
          )
        }
      }
    }
    #expect(checked > 80)
    // And the other way: every option the reference names exists (no stale option), besides
    // ArgumentParser's own generators.
    var known: Set<String> = ["--generate-completion-script", "--generate-manual"]
    for command in [tree] + tree.shownSubcommands {
      for a in command.shownArguments { for n in a.names ?? [] { known.insert(n.spelling) } }
    }
    for w in words where w.hasPrefix("--") {
      #expect(
        known.contains(w), "README.md's command-line reference names \(w), which no command has")
    }
  }

  /// The first two commands in the quick start: setup + viewer on a sample, then the tests.
  func quickStart() throws -> [String] {
    let readme = try read("README.md")
    let block = try #require(readme.components(separatedBy: "```sh\n").dropFirst().first)
    return Array(
      block.components(separatedBy: "```").first!.split(separator: "\n").map(String.init))
  }

  @Test func quickStartOpensAnExistingSampleAndRunsTheTests() throws {
    let lines = try quickStart()
    #expect(lines.count == 2)
    let first = try #require(lines.first)
    let sample = try #require(first.components(separatedBy: "rwview ").last)
    var isDir: ObjCBool = false
    #expect(
      FileManager.default.fileExists(
        atPath: Self.root.appendingPathComponent(sample).path, isDirectory: &isDir))
    #expect(isDir.boolValue)
    #expect(lines.last == "swift test")
  }

  @Test func ciInstallsWhatTheReadmeInstalls() throws {
    let first = try #require(try quickStart().first)
    let ci = try read(".ci/run")
    let packages = first.components(separatedBy: "install -y ").last!.components(separatedBy: " &&")
      .first!
      .split(separator: " ")
    #expect(!packages.isEmpty)
    for p in packages { #expect(ci.contains(String(p)), "CI does not install \(p)") }
    #expect(ci.contains("swift test"))
  }
}
