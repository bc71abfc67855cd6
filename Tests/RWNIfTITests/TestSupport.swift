import Foundation
import RWZlib

@testable import RWNIfTI

/// JSON number helpers and small byte writers for the NIfTI tests.
enum TestSupport {
  /// A JSON number, or the strings NaN / Infinity / -Infinity, as Double; nil for null.
  static func num(_ v: Any?) -> Double? {
    switch v {
    case let n as NSNumber: return n.doubleValue
    case let s as String:
      switch s {
      case "NaN": return .nan
      case "Infinity": return .infinity
      case "-Infinity": return -.infinity
      default: return nil
      }
    default: return nil
    }
  }

  /// Exact equality where NaN equals NaN.
  static func same(_ a: Double?, _ b: Double?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return a == b || (a.isNaN && b.isNaN)
  }

  static func close(_ a: Double?, _ b: Double?, rel: Double) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    if same(a, b) { return true }
    return abs(a - b) <= rel * max(abs(a), abs(b))
  }

  /// Gzip bytes with zlib (through the library's writer path).
  static func gzip(_ bytes: [UInt8]) -> [UInt8] {
    try! bytes.withUnsafeBytes { b throws(ZlibError) in try Zlib.gzip(b) }
  }

  static func write(_ bytes: [UInt8], _ path: String) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
  }
}
