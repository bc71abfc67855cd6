/// Parses the Python dict literal of a `.npy` header: string keys; string, bool or
/// integer-tuple values. Anything else is an error (numpy writes nothing else).
enum NPYDictParser {
  /// A value of the header dict.
  enum Value: Equatable {
    case string(String)
    case bool(Bool)
    case tuple([Int])
  }

  /// Parses `{'key': value, ...}` (a trailing comma, spaces and a final newline allowed).
  static func parse(_ text: String) throws(NPYError) -> [String: Value] {
    var s = Scanner(Array(text.utf8))
    var out: [String: Value] = [:]
    s.skipSpaces()
    try s.expect(UInt8(ascii: "{"))
    while true {
      s.skipSpaces()
      if s.peek == UInt8(ascii: "}") {
        s.i += 1
        break
      }
      let key = try s.string()
      s.skipSpaces()
      try s.expect(UInt8(ascii: ":"))
      s.skipSpaces()
      guard out[key] == nil else { throw NPYError("has the header key '\(key)' twice") }
      out[key] = try s.value()
      s.skipSpaces()
      if s.peek == UInt8(ascii: ",") {
        s.i += 1
      } else if s.peek != UInt8(ascii: "}") {
        throw NPYError("has a malformed header dict (expected ',' or '}' at byte \(s.i))")
      }
    }
    s.skipSpaces()
    guard s.i == s.b.count else { throw NPYError("has text after the header dict") }
    return out
  }

  /// A cursor over the dict's bytes.
  struct Scanner {
    let b: [UInt8]
    var i = 0
    init(_ b: [UInt8]) { self.b = b }

    var peek: UInt8? { i < b.count ? b[i] : nil }

    mutating func skipSpaces() {
      while let c = peek, c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D { i += 1 }
    }

    mutating func expect(_ c: UInt8) throws(NPYError) {
      guard peek == c else {
        throw NPYError(
          "has a malformed header dict (expected '\(Character(Unicode.Scalar(c)))' at byte \(i))")
      }
      i += 1
    }

    /// A quoted string without escapes ('...' or "...").
    mutating func string() throws(NPYError) -> String {
      guard let q = peek, q == UInt8(ascii: "'") || q == UInt8(ascii: "\"") else {
        throw NPYError("has a malformed header dict (expected a quoted key at byte \(i))")
      }
      i += 1
      let start = i
      while let c = peek, c != q {
        guard c != UInt8(ascii: "\\") else { throw NPYError("has an escape in a header string") }
        i += 1
      }
      guard peek == q else { throw NPYError("has an unterminated string in its header") }
      let text = String(decoding: b[start..<i], as: UTF8.self)
      i += 1
      return text
    }

    mutating func value() throws(NPYError) -> Value {
      switch peek {
      case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "("): return .tuple(try tuple())
      default:
        for (word, v) in [("True", true), ("False", false)] where matches(word) {
          i += word.utf8.count
          return .bool(v)
        }
        throw NPYError("has a header value that is not a string, bool or tuple (byte \(i))")
      }
    }

    func matches(_ word: String) -> Bool {
      let w = Array(word.utf8)
      return i + w.count <= b.count && Array(b[i..<(i + w.count)]) == w
    }

    /// `(3, 4)`, `(3,)` or `()`; each entry a non-negative decimal of at most 18 digits.
    mutating func tuple() throws(NPYError) -> [Int] {
      try expect(UInt8(ascii: "("))
      var out: [Int] = []
      while true {
        skipSpaces()
        if peek == UInt8(ascii: ")") {
          i += 1
          return out
        }
        let start = i
        var n = 0
        while let c = peek, c >= 0x30, c <= 0x39 {
          guard i - start < 18 else { throw NPYError("has a shape entry with too many digits") }
          n = n * 10 + Int(c - 0x30)
          i += 1
        }
        if peek == UInt8(ascii: "L") { i += 1 }  // Python 2 longs
        guard i > start else {
          throw NPYError("has a shape entry that is not a non-negative integer (byte \(i))")
        }
        out.append(n)
        skipSpaces()
        if peek == UInt8(ascii: ",") {
          i += 1
        } else if peek != UInt8(ascii: ")") {
          throw NPYError("has a malformed shape tuple (byte \(i))")
        }
      }
    }
  }
}
