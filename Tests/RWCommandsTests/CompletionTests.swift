import Foundation
import RWDataset
import RWLoss
import RWTestSupport
import Testing

@testable import RWCommands

/// Issue 12.9: shell completion completes file names and option values in bash, zsh and fish,
/// with the values taken from the tables the parser checks.
@Suite(.serialized) struct CompletionTests {
  /// A command line and the candidates a shell must offer for its last word.
  struct Case: Sendable {
    var line: String
    var expected: Set<String>
  }

  /// Files in the scratch folder: volumes, a prediction archive, a manifest, a text file, a
  /// folder.
  static let files = ["a.nii", "b.nii.gz", "p.npz", "m.csv", "s.json", "notes.txt"]

  /// The cases, with the expected values read from the option tables and the command tree.
  static var cases: [Case] {
    let volumes: Set = ["a.nii", "b.nii.gz", "sub"]
    let commands = Set(CompletionScript.subcommands)
    return [
      Case(line: "rwview a.nii --map ", expected: Set(MapKind.listed.map(\.name))),
      Case(line: "rwview --gt ", expected: volumes),
      Case(line: "rwview a.nii --gt ", expected: volumes),
      Case(line: "rwview a.nii --plane ", expected: ["axial", "coronal", "sagittal"]),
      Case(line: "rwview a.nii --pred-kind ", expected: Set(OptionChoices.predKind.words)),
      Case(line: "rwview render a.nii --format ", expected: ["ansi", "text", "png"]),
      Case(line: "rwview render a.nii --colors ", expected: Set(OptionChoices.colors.words)),
      Case(line: "rwview stats --gt a.nii --pred ", expected: volumes.union(["p.npz"])),
      Case(line: "rwview stats --sort ", expected: Set(CaseRanking.offeredKeys)),
      Case(line: "rwview stats --merge ", expected: ["s.json", "sub"]),
      Case(line: "rwview stats --spacing ", expected: ["voxel", "mm"]),
      Case(line: "rwview maps a.nii --axis ", expected: ["i", "j", "k"]),
      Case(line: "rwview info ", expected: volumes),
      Case(line: "rwview st", expected: ["stats"]),
      Case(line: "rwview ", expected: commands.union(volumes).union(["m.csv", "s.json"])),
      // The default subcommand's options at the first word and after a file.
      Case(line: "rwview --pl", expected: ["--plane"]),
      Case(line: "rwview a.nii --pred-", expected: ["--pred-b", "--pred-kind", "--pred-style"]),
      // Comma lists: rwview itself completes the item being typed.
      Case(line: "rwview a.nii --layers image,g", expected: ["image,gt"]),
      Case(line: "rwview render a.nii --layers gt,p", expected: ["gt,pred"]),
    ]
  }

  /// A scratch folder holding `files` and `sub/`, with the script for `shell` written in it.
  static func scratch(_ shell: String) throws -> URL {
    let dir = try TemporaryDirectory.create("compl")
    for f in files {
      try Data().write(to: dir.appendingPathComponent(f))
    }
    try FileManager.default.createDirectory(
      at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
    let script = try #require(CompletionScript.text(for: shell))
    let name = shell == "zsh" ? "_rwview" : "rwview.\(shell)"
    try script.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    return dir
  }

  /// The candidates a case checks: option names only when it expects option names.
  static func checked(_ got: Set<String>, _ c: Case) -> Set<String> {
    c.expected.contains { $0.hasPrefix("-") } ? got : got.filter { !$0.hasPrefix("-") }
  }

  /// The environment of the shells: `rwview` on PATH, as installed (the scripts ask it for the
  /// values of comma lists).
  static func environment() throws -> [String: String] {
    let bin = try RWViewBinary.path()
    var env = ProcessInfo.processInfo.environment
    let dir = (bin as NSString).deletingLastPathComponent
    env["PATH"] = dir + ":" + (env["PATH"] ?? "/usr/bin:/bin")
    return env
  }

  /// Candidates as words; folder names lose the trailing slash fish gives them.
  static func words(_ text: String) -> Set<String> {
    Set(
      text.split(whereSeparator: \.isNewline).map {
        var w = String($0.split(separator: "\t").first ?? "")
        if w.hasSuffix("/") { w.removeLast() }
        return w
      }.filter { !$0.isEmpty })
  }

  @Test(.enabled(if: ProcessRunner.which("bash") != nil, "bash is not installed"))
  func bashCompletesFilesAndValues() throws {
    let dir = try Self.scratch("bash")
    let env = try Self.environment()
    defer { try? FileManager.default.removeItem(at: dir) }
    // The completion function called as bash calls it: COMP_WORDS/COMP_CWORD, then
    // (command, current word, previous word).
    let driver = """
      source rwview.bash
      line="$1"
      read -ra COMP_WORDS <<< "$line"
      [[ "$line" == *" " ]] && COMP_WORDS+=("")
      COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
      COMP_LINE="$line"; COMP_POINT=${#line}; COMPREPLY=()
      _rwview rwview "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
      printf '%s\\n' "${COMPREPLY[@]}"
      complete -p rwview
      """
    for c in Self.cases {
      let r = ProcessRunner.run(
        "bash", ["-c", "cd '\(dir.path)' && \(driver)", "bash", c.line], env: env)
      #expect(r.status == 0, "\(c.line): \(r.err)")
      var lines = r.out.split(separator: "\n").map(String.init)
      let registration = lines.popLast() ?? ""
      #expect(registration == "complete -o filenames -F _rwview rwview")
      let got = Self.checked(Self.words(lines.joined(separator: "\n")), c)
      #expect(got == c.expected, "bash: \(c.line)")
    }
  }

  @Test(.enabled(if: ProcessRunner.which("fish") != nil, "fish is not installed"))
  func fishCompletesFilesAndValues() throws {
    let dir = try Self.scratch("fish")
    let env = try Self.environment()
    defer { try? FileManager.default.removeItem(at: dir) }
    for c in Self.cases where !c.line.contains(",") {
      let r = ProcessRunner.run(
        "fish", ["-c", "cd '\(dir.path)'; source rwview.fish; complete -C \"$argv[1]\"", c.line],
        env: env)
      #expect(r.status == 0, "\(c.line): \(r.err)")
      let got = Self.checked(Self.words(r.out), c)
      #expect(got == c.expected, "fish: \(c.line)")
    }
  }

  /// fish 3 runs rwview's own completions (comma lists) only in an interactive shell (`complete
  /// -C` cannot read the cursor), so the comma-list cases run in a real fish in tmux: TAB
  /// completes the unique candidate in place.
  @Test(
    .tags(.e2e),
    .enabled(
      if: ProcessRunner.which("fish") != nil && Tmux.isAvailable, "fish or tmux is not installed"))
  func fishCompletesCommaListsInteractively() throws {
    let dir = try Self.scratch("fish")
    defer { try? FileManager.default.removeItem(at: dir) }
    let bin = (try RWViewBinary.path() as NSString).deletingLastPathComponent
    let tmux = try Tmux()
    tmux.type(
      "cd '\(dir.path)' && PATH='\(bin)':$PATH exec fish --no-config -C "
        + "'function fish_prompt; echo \"F> \"; end; source rwview.fish'")
    tmux.send("Enter")
    try tmux.waitFor("F> ")
    for (line, expected) in [
      ("rwview a.nii --layers image,g", "rwview a.nii --layers image,gt"),
      ("rwview render a.nii --layers gt,p", "rwview render a.nii --layers gt,pred"),
    ] {
      tmux.type(line)
      tmux.send("Tab")
      try tmux.waitFor(expected)
      tmux.send("C-u")
      try tmux.waitFor("fish line cleared") { !$0.contains(line) }
    }
  }

  /// zsh completes only inside its line editor: an interactive zsh on a pseudo-terminal
  /// (zpty) gets the line and a TAB bound to a widget that completes, then writes a marker; a
  /// `compadd` wrapper records every candidate with its tag. `_files` also computes the
  /// `all-files` fallback, which zsh shows only when the file pattern matches nothing (here it
  /// always matches), so those are left out. The driver waits for the marker up to 30 s
  /// (polling every 50 ms), for a loaded machine.
  @Test(.enabled(if: ProcessRunner.which("zsh") != nil, "zsh is not installed"))
  func zshCompletesFilesAndValues() throws {
    let dir = try Self.scratch("zsh")
    let env = try Self.environment()
    defer { try? FileManager.default.removeItem(at: dir) }
    let driver = """
      zmodload zsh/zpty
      zpty z zsh -f -i
      zpty -w z "cd '$1'; fpath=('$1' \\$fpath); autoload -U compinit; compinit -u -D"
      zpty -w z 'compadd() { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd "$@"; return; fi; local -a h; builtin compadd -A h "$@"; local r=$?; (( $#h )) && print -rl -- ${h/#/$curtag:} >> '"$2"'; return r; }'
      zpty -w z 'capture() { zle complete-word; print -r -- "<<done>>" >> '"$2"'; }; zle -N capture; bindkey "^I" capture'
      zpty -w -n z "$3"$'\\t'
      for i in {1..600}; do grep -q '<<done>>' "$2" 2>/dev/null && break; sleep 0.05; done
      zpty -d z
      """
    for c in Self.cases {
      let out = dir.appendingPathComponent("candidates").path
      try? FileManager.default.removeItem(atPath: out)
      let r = ProcessRunner.run(
        "zsh", ["-f", "-c", driver, "zsh", dir.path, out, c.line], env: env)
      #expect(r.status == 0, "\(c.line): \(r.err)")
      let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
      #expect(text.contains("<<done>>"), "zsh did not finish: \(c.line)")
      let tagged = text.split(separator: "\n").filter { !$0.hasPrefix("all-files:") }
        .map { $0.split(separator: ":", maxSplits: 1).last ?? "" }
      let got = Self.checked(Self.words(tagged.joined(separator: "\n")), c).filter {
        $0 != "<<done>>"
      }
      #expect(got == c.expected, "zsh: \(c.line)")
    }
  }

  /// Every option with a fixed set of values offers exactly its table's words, in each
  /// script's text (checked without the shells).
  @Test func scriptsListEveryTable() throws {
    let tables: [OptionChoices] = [
      .map, .geometry, .axis, .spacing, .predKind, .plane, .gtStyle, .colors, .format, .sort,
      .remap,
    ]
    let bash = try #require(CompletionScript.text(for: "bash"))
    let fish = try #require(CompletionScript.text(for: "fish"))
    let zsh = try #require(CompletionScript.text(for: "zsh"))
    for t in tables {
      let quoted = t.words.map { "'\($0)'" }
      #expect(bash.contains(quoted.joined(separator: "$'\\n'")), "bash \(t.option)")
      #expect(zsh.contains("=(" + quoted.joined(separator: " ") + ")"), "zsh \(t.option)")
      #expect(fish.contains("-rfka '\(t.words.joined(separator: " "))'"), "fish \(t.option)")
    }
    // The default subcommand is known to each script.
    #expect(bash.contains("_rwview_commands() {"))
    #expect(zsh.contains("_rwview_commands() {") && zsh.contains("words[1]=view"))
    #expect(fish.contains("$unparsed_tokens[1] view $unparsed_tokens[2..]"))
    #expect(CompletionScript.text(for: "tcsh") == nil)
  }

  /// The parser refuses what completion does not offer, naming the same words.
  @Test func parserAndCompletionShareTheTable() throws {
    #expect(throws: OptionError("--plane", "expected axial, coronal or sagittal, got oblique")) {
      try OptionChoices.plane.word("oblique")
    }
    #expect(try OptionChoices.colors.word("TrueColor") == "24bit")
    #expect(OptionChoices.map.words == MapKind.listed.map(\.name))
    let layers = OptionChoices.layers.words
    #expect(OptionChoices.listCandidates(layers, typed: "") == layers)
    #expect(
      OptionChoices.listCandidates(layers, typed: "image,gt,")
        == ["pred", "error", "map"].map {
          "image,gt," + $0
        })
    #expect(OptionChoices.listCandidates(layers, typed: "x,e") == ["x,error"])
    #expect(!OptionChoices.map.words.contains("hd-dtm"))
  }
}
