import Foundation

/// A small JSON parser whose numbers are correctly rounded (`Double(String)`), unlike
/// Foundation's JSONSerialization on Linux, which can be off by an ulp. The oracle's values are
/// exact binary64, so the tests need exact parsing. Produces `[String: Any]`, `[Any]`, `String`,
/// `NSNumber` (Int when integral without '.', 'e'; Double otherwise), `Bool`, `NSNull`.
enum MiniJSON {
  struct Failure: Error { var message: String }

  static func parse(_ data: Data) throws -> Any {
    let bytes = [UInt8](data)
    var i = 0
    let v = try value(bytes, &i)
    return v
  }

  private static func skip(_ b: [UInt8], _ i: inout Int) {
    while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
  }

  private static func value(_ b: [UInt8], _ i: inout Int) throws -> Any {
    skip(b, &i)
    guard i < b.count else { throw Failure(message: "unexpected end") }
    switch b[i] {
    case UInt8(ascii: "{"):
      i += 1
      var d: [String: Any] = [:]
      skip(b, &i)
      if b[i] == UInt8(ascii: "}") {
        i += 1
        return d
      }
      while true {
        skip(b, &i)
        let k = try string(b, &i)
        skip(b, &i)
        guard b[i] == UInt8(ascii: ":") else { throw Failure(message: "expected : at \(i)") }
        i += 1
        d[k] = try value(b, &i)
        skip(b, &i)
        if b[i] == UInt8(ascii: ",") {
          i += 1
          continue
        }
        if b[i] == UInt8(ascii: "}") {
          i += 1
          return d
        }
        throw Failure(message: "expected , or } at \(i)")
      }
    case UInt8(ascii: "["):
      i += 1
      var a: [Any] = []
      skip(b, &i)
      if b[i] == UInt8(ascii: "]") {
        i += 1
        return a
      }
      while true {
        a.append(try value(b, &i))
        skip(b, &i)
        if b[i] == UInt8(ascii: ",") {
          i += 1
          continue
        }
        if b[i] == UInt8(ascii: "]") {
          i += 1
          return a
        }
        throw Failure(message: "expected , or ] at \(i)")
      }
    case UInt8(ascii: "\""):
      return try string(b, &i)
    case UInt8(ascii: "t"):
      i += 4
      return true
    case UInt8(ascii: "f"):
      i += 5
      return false
    case UInt8(ascii: "n"):
      i += 4
      return NSNull()
    default:
      let start = i
      var isInt = true
      while i < b.count, let c = Optional(b[i]),
        (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2B || c == 0x2E || c == 0x65 || c == 0x45
      {
        if c == 0x2E || c == 0x65 || c == 0x45 { isInt = false }
        i += 1
      }
      let text = String(decoding: b[start..<i], as: UTF8.self)
      if isInt, let n = Int(text) { return NSNumber(value: n) }
      guard let d = Double(text) else { throw Failure(message: "bad number \(text)") }
      return NSNumber(value: d)
    }
  }

  private static func string(_ b: [UInt8], _ i: inout Int) throws -> String {
    guard b[i] == UInt8(ascii: "\"") else { throw Failure(message: "expected string at \(i)") }
    i += 1
    var scalars = String.UnicodeScalarView()
    var raw: [UInt8] = []
    func flush() {
      if !raw.isEmpty {
        scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
        raw = []
      }
    }
    while b[i] != UInt8(ascii: "\"") {
      if b[i] == UInt8(ascii: "\\") {
        flush()
        i += 1
        let c = b[i]
        i += 1
        switch c {
        case UInt8(ascii: "n"): scalars.append("\n")
        case UInt8(ascii: "t"): scalars.append("\t")
        case UInt8(ascii: "r"): scalars.append("\r")
        case UInt8(ascii: "b"): scalars.append("\u{8}")
        case UInt8(ascii: "f"): scalars.append("\u{c}")
        case UInt8(ascii: "u"):
          var code = UInt32(String(decoding: b[i..<(i + 4)], as: UTF8.self), radix: 16) ?? 0x3F
          i += 4
          if (0xD800..<0xDC00).contains(code), b[i] == UInt8(ascii: "\\"),
            b[i + 1] == UInt8(ascii: "u")
          {
            let low = UInt32(String(decoding: b[(i + 2)..<(i + 6)], as: UTF8.self), radix: 16) ?? 0
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            i += 6
          }
          scalars.append(Unicode.Scalar(code) ?? "?")
        default: scalars.append(Unicode.Scalar(c))
        }
      } else {
        raw.append(b[i])
        i += 1
      }
    }
    flush()
    i += 1
    return String(scalars)
  }
}
