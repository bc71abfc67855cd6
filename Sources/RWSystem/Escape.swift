/// Making text that came from a file or a path safe to print on a terminal.
public enum Escape {
  /// `s` with every control character written out: `\n`, `\r`, `\t`, `\e` and `\u{XX}` for
  /// the rest of C0, DEL and C1, and the line/paragraph separators and bidirectional controls
  /// (U+2028, U+2029, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069) that reorder or break a line.
  /// Printable text, including non-ASCII letters, is unchanged.
  public static func controls(_ s: String) -> String {
    guard s.unicodeScalars.contains(where: isControl) else { return s }
    var out = ""
    out.reserveCapacity(s.utf8.count + 8)
    for u in s.unicodeScalars {
      guard isControl(u) else {
        out.unicodeScalars.append(u)
        continue
      }
      switch u {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{1B}": out += "\\e"
      default: out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
      }
    }
    return out
  }

  /// `s` as a JSON string literal, appended to `out`: the escapes JSON requires, and every
  /// control character (`isControl`: C1, bidirectional controls too) as `\uXXXX`, so JSON
  /// printed on a terminal is as harmless as text; a JSON reader gets `s` back unchanged.
  public static func json(_ s: String, into out: inout String) {
    out += "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if isControl(u) {
          let h = String(u.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    out += "\""
  }

  /// `json(_:into:)` as a new string.
  public static func json(_ s: String) -> String {
    var out = ""
    json(s, into: &out)
    return out
  }

  /// Whether `u` must be escaped.
  public static func isControl(_ u: Unicode.Scalar) -> Bool {
    switch u.value {
    case 0..<0x20, 0x7F..<0xA0: return true
    case 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
  }
}
