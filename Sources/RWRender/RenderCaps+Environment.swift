extension RenderCaps {
  /// What to write for `rwview render --format ansi` when no terminal is open, guessed from the
  /// environment: 24-bit if COLORTERM says truecolor/24bit, 256 colours for `*-256color`
  /// TERMs, 8 colours for other colour TERMs, none for `dumb` or no TERM; Unicode when the
  /// effective locale (LC_ALL, then LC_CTYPE, then LANG) names UTF-8.
  public static func guess(environment env: [String: String]) -> RenderCaps {
    let term = (env["TERM"] ?? "").lowercased()
    let colorterm = (env["COLORTERM"] ?? "").lowercased()
    let mode: ColorMode
    if colorterm == "truecolor" || colorterm == "24bit" || term.hasSuffix("-direct") {
      mode = .trueColor
    } else if term.contains("256color") {
      mode = .palette256
    } else if term.isEmpty || term == "dumb" || term.hasSuffix("-mono") || term == "vt100" {
      mode = .monochrome
    } else {
      mode = .palette8
    }
    let locale =
      [env["LC_ALL"], env["LC_CTYPE"], env["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? ""
    let l = locale.lowercased()
    return RenderCaps(colorMode: mode, unicode: l.contains("utf-8") || l.contains("utf8"))
  }
}
