import RWSystem

/// A JSON value that keeps each number's text as written, so a document read back and written
/// again is the same text (`stats --merge` equals one run, digit for digit).
public indirect enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  /// A number as its JSON text.
  case number(String)
  case string(String)
  case array([JSONValue])
  /// Members in written order.
  case object([(String, JSONValue)])

  /// A number from a Double: its shortest round-trip text; NaN and infinities become null.
  public static func double(_ v: Double) -> JSONValue { v.isFinite ? .number("\(v)") : .null }

  /// A number from an Int.
  public static func int(_ v: Int) -> JSONValue { .number(String(v)) }

  /// The member `key` of an object.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let m) = self else { return nil }
    return m.first { $0.0 == key }?.1
  }

  /// The number as a Double (nil for other values).
  public var doubleValue: Double? {
    if case .number(let t) = self { return Double(t) }
    return nil
  }

  /// The string (nil for other values).
  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The elements of an array (nil for other values).
  public var arrayValue: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)): return x == y
    case (.object(let x), .object(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// Compact JSON text.
  public var text: String {
    var out = ""
    write(to: &out)
    return out
  }

  func write(to out: inout String) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let t): out += t
    case .string(let s): Self.quote(s, into: &out)
    case .array(let a):
      out += "["
      for (i, v) in a.enumerated() {
        if i > 0 { out += "," }
        v.write(to: &out)
      }
      out += "]"
    case .object(let m):
      out += "{"
      for (i, (k, v)) in m.enumerated() {
        if i > 0 { out += "," }
        Self.quote(k, into: &out)
        out += ":"
        v.write(to: &out)
      }
      out += "}"
    }
  }

  /// A JSON string literal (`Escape.json`: control characters escaped too).
  static func quote(_ s: String, into out: inout String) { Escape.json(s, into: &out) }
}
