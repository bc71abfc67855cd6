@_exported import RWReport

/// Parsing JSON text into `JSONValue`, numbers kept as written.
extension JSONValue {
  /// Parses one JSON document; throws a one-line problem with the byte offset.
  public static func parse(_ text: String) throws(DatasetError) -> JSONValue {
    var p = JSONParser(Array(text.utf8))
    let v = try p.value(depth: 0)
    p.skip()
    guard p.i == p.b.count else { throw p.fail("text after the JSON value") }
    return v
  }
}

/// A recursive-descent JSON reader over UTF-8 bytes (depth-limited).
struct JSONParser {
  let b: [UInt8]
  var i = 0
  init(_ b: [UInt8]) { self.b = b }

  func fail(_ what: String) -> DatasetError { DatasetError("JSON", "\(what) at byte \(i)") }

  mutating func skip() {
    while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
  }

  mutating func literal(_ w: String, _ v: JSONValue) throws(DatasetError) -> JSONValue {
    let u = Array(w.utf8)
    guard i + u.count <= b.count, Array(b[i..<(i + u.count)]) == u else {
      throw fail("unexpected text")
    }
    i += u.count
    return v
  }

  mutating func value(depth: Int) throws(DatasetError) -> JSONValue {
    guard depth < 64 else { throw fail("nesting deeper than 64") }
    skip()
    guard i < b.count else { throw fail("unexpected end") }
    switch b[i] {
    case UInt8(ascii: "{"):
      i += 1
      var members: [(String, JSONValue)] = []
      skip()
      if i < b.count, b[i] == UInt8(ascii: "}") {
        i += 1
        return .object(members)
      }
      while true {
        skip()
        let k = try string()
        skip()
        guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
        i += 1
        members.append((k, try value(depth: depth + 1)))
        skip()
        guard i < b.count else { throw fail("unexpected end") }
        if b[i] == UInt8(ascii: ",") {
          i += 1
        } else if b[i] == UInt8(ascii: "}") {
          i += 1
          return .object(members)
        } else {
          throw fail("expected ',' or '}'")
        }
      }
    case UInt8(ascii: "["):
      i += 1
      var items: [JSONValue] = []
      skip()
      if i < b.count, b[i] == UInt8(ascii: "]") {
        i += 1
        return .array(items)
      }
      while true {
        items.append(try value(depth: depth + 1))
        skip()
        guard i < b.count else { throw fail("unexpected end") }
        if b[i] == UInt8(ascii: ",") {
          i += 1
        } else if b[i] == UInt8(ascii: "]") {
          i += 1
          return .array(items)
        } else {
          throw fail("expected ',' or ']'")
        }
      }
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    default: return try number()
    }
  }

  mutating func number() throws(DatasetError) -> JSONValue {
    let start = i
    while i < b.count, "+-0123456789.eE".utf8.contains(b[i]) { i += 1 }
    let t = String(decoding: b[start..<i], as: UTF8.self)
    guard !t.isEmpty, Double(t) != nil else { throw fail("not a JSON value") }
    return .number(t)
  }

  mutating func string() throws(DatasetError) -> String {
    guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a string") }
    i += 1
    var out: [UInt8] = []
    while i < b.count {
      let c = b[i]
      i += 1
      if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
      guard c == UInt8(ascii: "\\") else {
        out.append(c)
        continue
      }
      guard i < b.count else { break }
      let e = b[i]
      i += 1
      switch e {
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "u"):
        guard i + 4 <= b.count,
          let v = UInt32(String(decoding: b[i..<(i + 4)], as: UTF8.self), radix: 16)
        else { throw fail("bad \\u escape") }
        i += 4
        let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
        out += Array(String(Character(scalar)).utf8)
      default: out.append(e)
      }
    }
    throw fail("unterminated string")
  }
}
