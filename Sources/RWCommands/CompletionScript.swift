import ArgumentParser

/// The shell completion scripts of `rwview --generate-completion-script SHELL`: ArgumentParser's
/// scripts for bash, zsh and fish (options, option values and file names come from the command
/// definitions), taught the one thing they do not know, the default subcommand: words that do
/// not start with a subcommand name are `view`'s (`rwview scan.nii --gt <TAB>`).
enum CompletionScript {
  /// The script for `shell`, or nil for a shell ArgumentParser has no script for.
  static func text(for shell: String) -> String? {
    guard let s = CompletionShell(rawValue: shell) else { return nil }
    let script = RWView.completionScript(for: s)
    switch s {
    case .bash: return bash(script)
    case .zsh: return zsh(script)
    case .fish: return fish(script)
    default: return script
    }
  }

  /// The root command's name.
  static var command: String { RWView._commandName }

  /// The default subcommand's name (`view`).
  static var defaultSubcommand: String {
    RWView.configuration.defaultSubcommand?._commandName ?? "view"
  }

  /// The words that name a subcommand in first place (`help` included).
  static var subcommands: [String] {
    RWView.configuration.subcommands.filter { $0.configuration.shouldDisplay }.map {
      $0._commandName
    } + ["help"]
  }

  /// `text` with `anchor` replaced by `replacement`; `text` unchanged when the anchor is
  /// missing (another ArgumentParser version: its script still completes subcommands).
  static func replacing(_ anchor: String, with replacement: String, in text: String) -> String {
    guard text.contains(anchor) else { return text }
    return text.replacingOccurrences(of: anchor, with: replacement)
  }

  /// bash: the generated root function becomes `_rwview_commands`; `_rwview` calls it, with
  /// the default subcommand's name inserted unless the first word names a subcommand.
  static func bash(_ script: String) -> String {
    let f = "_" + command
    let list = subcommands.joined(separator: " ")
    let wrapper = """
      # Words that do not start with a subcommand are \(defaultSubcommand)'s (the default command).
      \(f)() {
          if [[ "${COMP_CWORD}" -gt 1 && " \(list) " == *" ${COMP_WORDS[1]} "* ]]; then
              \(f)_commands "${@}"
              return
          fi
          local -a first=()
          if [[ "${COMP_CWORD}" -eq 1 ]]; then
              \(f)_commands "${@}"
              first=("${COMPREPLY[@]}")
              COMPREPLY=()
          fi
          local -a COMP_WORDS=("${COMP_WORDS[0]}" \(defaultSubcommand) "${COMP_WORDS[@]:1}")
          local -i COMP_CWORD=$((COMP_CWORD + 1))
          \(f)_commands "${@}"
          COMPREPLY=("${first[@]}" "${COMPREPLY[@]}")
      }


      """
    var s = replacing("\n\(f)() {\n", with: "\n\(f)_commands() {\n", in: script)
    let register = "complete -o filenames -F \(f) \(command)"
    s = replacing(register, with: wrapper + register, in: s)
    return s
  }

  /// zsh: as bash; the default subcommand's function reads the words with the command word
  /// standing for the subcommand, as after `_arguments`' `*::` shift.
  static func zsh(_ script: String) -> String {
    let f = "_" + command
    let list = subcommands.map { "'\($0)'" }.joined(separator: " ")
    let wrapper = """
      # Words that do not start with a subcommand are \(defaultSubcommand)'s (the default command).
      \(f)() {
          emulate -RL zsh -G
          setopt extendedglob nullglob numericglobsort
          unsetopt aliases banghist
          local -ar subcommands=(\(list))
          if (( CURRENT > 2 && ${subcommands[(Ie)${words[2]}]} )); then
              \(f)_commands "${@}"
              return
          fi
          local -i ret=1
          if (( CURRENT == 2 )); then
              \(f)_commands "${@}" && ret=0
          fi
          # What the custom completions (rwview asked for values) read, as _commands sets it.
          local -x SAP_SHELL=zsh
          local -x SAP_SHELL_VERSION="${ZSH_VERSION}"
          local -r command_name="${words[1]}"
          local -ar command_line=("${words[1]}" \(defaultSubcommand) "${words[@]:1}")
          local -ir current_word_index="${CURRENT}"
          words[1]=\(defaultSubcommand)
          \(f)_\(defaultSubcommand) && ret=0
          return "${ret}"
      }


      """
    var s = replacing("\n\(f)() {\n", with: "\n\(f)_commands() {\n", in: script)
    let tail = "if [[ \"${funcstack[1]}\" = \(f) ]]; then"
    s = replacing(tail, with: wrapper + tail, in: s)
    return s
  }

  /// fish: the token parser inserts the default subcommand's name unless the second token
  /// names a subcommand (or, at the first word, when it starts with `-`: the default
  /// subcommand's options); the first word also completes as the default subcommand's first
  /// argument (file names).
  static func fish(_ script: String) -> String {
    let f = "__" + command
    let tokens = "    set -l unparsed_tokens (\(f)_tokens -pc)\n"
    let insert = """
          if set -q unparsed_tokens[2]
              if not contains -- $unparsed_tokens[2] \(subcommands.joined(separator: " "))
                  set unparsed_tokens $unparsed_tokens[1] \(defaultSubcommand) $unparsed_tokens[2..]
              end
          else if string match -q -- '-*' (commandline -ct)
              set unparsed_tokens $unparsed_tokens[1] \(defaultSubcommand)
          end

      """
    var s = replacing(tokens, with: tokens + insert, in: script)
    let viewFirst =
      "\(f)_should_offer_completions_for_positional \"\(command) \(defaultSubcommand)\" -eq 1'"
    let rootFirst = "\(f)_should_offer_completions_for_positional \"\(command)\" -eq 1'"
    if let line = s.split(separator: "\n").first(where: { $0.contains(viewFirst) }) {
      s += "\n" + line.replacingOccurrences(of: viewFirst, with: rootFirst) + "\n"
    }
    return s
  }
}
