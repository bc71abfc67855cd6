import ArgumentParser
import Foundation

/// The manual page `rwview --generate-manual` prints: mdoc rendered from the command tree
/// ArgumentParser describes (the same definitions `--help` and the completion scripts come
/// from), so no option is documented by hand twice.
enum Manual {
  /// The page of `root` and all its subcommands, dated `date` (e.g. "December 5, 2026").
  static func page(_ root: ParsableCommand.Type = RWView.self, date: String) throws -> String {
    let tree = try CommandDump.tree(root)
    let name = tree.commandName
    var out = [
      ".Dd \(date)", ".Dt \(name.uppercased()) 1", ".Os", ".Sh NAME", ".Nm \(name)",
      ".Nd " + text(tree.abstract ?? ""), ".Sh SYNOPSIS",
    ]
    for sub in tree.shownSubcommands {
      out += [".Nm", ".Ar \(sub.commandName)"] + synopsis(sub)
    }
    out += [".Sh DESCRIPTION"] + paragraphs(tree.abstract) + paragraphs(tree.discussion)
    if let d = tree.defaultSubcommand {
      out += paragraphs("Without a command name, the arguments are those of \(name) \(d).")
    }
    out += options(tree)
    out.append(".Sh COMMANDS")
    for sub in tree.shownSubcommands {
      out += [".Ss \(name) \(sub.commandName)"]
      out += paragraphs(sub.abstract) + paragraphs(sub.discussion) + options(sub)
    }
    out += [
      ".Sh EXIT STATUS",
      "0 on success, 1 when an input or an output failed (one line on standard error names it),",
      "64 for a usage error.",
    ]
    return out.joined(separator: "\n") + "\n"
  }

  /// The synopsis lines of one command: its options (grouped) and positionals.
  static func synopsis(_ c: CommandDump) -> [String] {
    var out: [String] = []
    for a in c.shownArguments {
      if a.kind == "positional" {
        let v = ".Ar " + (a.valueName ?? "arg") + (a.isRepeating == true ? " ..." : "")
        out.append(a.isOptional == true ? ".Op " + v.dropFirst() : v)
      }
    }
    if c.shownArguments.contains(where: { $0.kind != "positional" }) {
      out.append(".Op Ar options")
    }
    return out
  }

  /// The `.Bl` list of a command's arguments, each with its help, values and default.
  static func options(_ c: CommandDump) -> [String] {
    let args = c.shownArguments
    guard !args.isEmpty else { return [] }
    var out = [".Bl -tag -width 6n"]
    for a in args {
      let value = a.kind == "flag" ? "" : " Ar " + (a.valueName ?? "value")
      if let names = a.names, !names.isEmpty, a.kind != "positional" {
        let spelled = names.map { "Fl " + String($0.spelling.dropFirst()) }
        out.append(".It " + spelled.joined(separator: " , ") + value)
      } else {
        out.append(".It Ar " + (a.valueName ?? "arg") + (a.isRepeating == true ? " ..." : ""))
      }
      out += paragraphs(a.abstract).filter { $0 != ".Pp" }
      if let d = a.discussion?.text, !d.isEmpty {
        out += [".Pp"] + d.split(separator: "\n").flatMap { [text(String($0)), ".br"] }.dropLast()
      }
      if let values = a.completionKind?.list?.values, !values.isEmpty {
        out += [".br", "Values: " + text(values.joined(separator: ", ")) + "."]
      }
      if let d = a.defaultValue, !d.isEmpty { out += [".br", "Default: " + text(d) + "."] }
    }
    out.append(".El")
    return out
  }

  /// A paragraph per blank-line-separated block, each line escaped.
  static func paragraphs(_ s: String?) -> [String] {
    guard let s, !s.isEmpty else { return [] }
    return s.components(separatedBy: "\n\n").flatMap { block in
      [".Pp"] + block.split(separator: "\n").map { text(String($0)) }
    }
  }

  /// One line of running text: backslashes escaped, other than ASCII as `\[uXXXX]`, and a
  /// leading `.` or `'` (a macro or a request to troff) guarded.
  static func text(_ s: String) -> String {
    var t = ""
    for u in s.unicodeScalars {
      switch u {
      case "\\": t += "\\e"
      case _ where u.isASCII: t.unicodeScalars.append(u)
      default: t += "\\[u" + String(format: "%04X", u.value) + "]"
      }
    }
    return t.hasPrefix(".") || t.hasPrefix("'") ? "\\&" + t : t
  }

  /// Today as mdoc dates are written ("December 5, 2026"), in UTC.
  static func today() -> String {
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.timeZone = TimeZone(identifier: "UTC")
    f.dateFormat = "MMMM d, yyyy"
    return f.string(from: Date())
  }
}
