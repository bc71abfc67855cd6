import Foundation
import RWTestSupport
import Testing

@testable import RWCommands

/// Issue 12.9: the manual page is generated from the command definitions and has every
/// subcommand and option.
@Suite struct ManualTests {
  static let date = "December 5, 2026"

  /// The page's section of one subcommand (from its `.Ss` line to the next section).
  static func section(_ page: String, _ command: String) -> String? {
    guard let start = page.range(of: ".Ss rwview \(command)\n") else { return nil }
    let rest = page[start.upperBound...]
    let end = rest.range(of: "\n.S")?.lowerBound ?? rest.endIndex
    return String(rest[..<end])
  }

  @Test func everySubcommandAndOptionIsInThePage() throws {
    let page = try Manual.page(date: Self.date)
    #expect(page.hasPrefix(".Dd December 5, 2026\n.Dt RWVIEW 1\n.Os\n.Sh NAME\n.Nm rwview\n"))
    let tree = try CommandDump.tree(RWView.self)
    let names = tree.shownSubcommands.map(\.commandName)
    #expect(names == ["view", "info", "maps", "stats", "render", "samples"])
    var optionCount = 0
    for sub in tree.shownSubcommands {
      let s = try #require(Self.section(page, sub.commandName), "no section \(sub.commandName)")
      #expect(s.contains(sub.abstract ?? "?"), "\(sub.commandName) abstract")
      for a in sub.shownArguments {
        if a.kind == "positional" {
          #expect(s.contains(".It Ar \(a.valueName ?? "?")"), "\(sub.commandName) positional")
          continue
        }
        for n in a.names ?? [] {
          optionCount += 1
          #expect(
            s.contains("Fl \(n.spelling.dropFirst())"), "\(sub.commandName) \(n.spelling)")
        }
      }
    }
    #expect(optionCount > 80)
    // Values and defaults come from the same tables as the parser and completion.
    let view = try #require(Self.section(page, "view"))
    #expect(view.contains(".It Fl -map Ar map\n"))
    #expect(view.contains("Values: rrw, rw-ac, boundary, boundary-kervadec, wce, rrw-ci."))
    #expect(view.contains("Values: axial, coronal, sagittal.\n.br\nDefault: axial."))
    #expect(try #require(Self.section(page, "render")).contains("Values: ansi, text, png."))
    // The root's discussion (also in `rwview --help`) says how to get completion and the page.
    #expect(page.contains("rwview --generate-completion-script bash|zsh|fish prints the script"))
  }

  /// Every option `rwview COMMAND --help` prints (another rendering of the same definitions)
  /// is in the page's section of that command; the binary prints the same page.
  @Test func theBinaryPrintsThePageWithEveryHelpOption() throws {
    let bin = try RWViewBinary.path()
    let r = ProcessRunner.run(bin, ["--generate-manual"])
    #expect(r.status == 0, "\(r.err)")
    let expected = try Manual.page(date: Manual.today())
    #expect(r.out == expected, "\(lineDiff(expected, r.out))")
    for command in ["view", "info", "maps", "stats", "render", "samples"] {
      let help = ProcessRunner.run(bin, [command, "--help"]).out
      let section = try #require(Self.section(r.out, command))
      let options = help.components(separatedBy: "OPTIONS:").last ?? ""
      // Each entry starts on a line indented by two spaces: "  -o, --output <output>".
      let flags = options.split(separator: "\n").compactMap { line -> Substring? in
        guard line.hasPrefix("  -") else { return nil }
        let words = line.split(whereSeparator: { $0 == " " || $0 == "," })
        return words.first { $0.hasPrefix("--") }
      }
      #expect(flags.count > 2, "\(command)")
      for f in flags {
        #expect(section.contains("Fl \(f.dropFirst())"), "\(command) \(f)")
      }
    }
  }

  /// The page is valid mdoc: groff renders it without a warning, with every command.
  @Test(.enabled(if: ProcessRunner.which("groff") != nil, "groff is not installed"))
  func groffRendersThePage() throws {
    let dir = try TemporaryDirectory.create("man")
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("rwview.1")
    try Manual.page(date: Self.date).write(to: file, atomically: true, encoding: .utf8)
    let r = ProcessRunner.run("groff", ["-mandoc", "-Tutf8", "-ww", file.path])
    #expect(r.status == 0)
    #expect(r.err.isEmpty, "\(r.err)")
    let plain = r.out.replacingOccurrences(
      of: ".\u{8}", with: "", options: .regularExpression)
    for text in ["rwview view", "rwview stats", "--pred-kind", "--generate-manual", "EXIT STATUS"] {
      #expect(plain.contains(text), "\(text)")
    }
  }
}
