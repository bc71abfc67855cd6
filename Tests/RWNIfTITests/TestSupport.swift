import Foundation
@testable import RWNIfTI

/// Paths and JSON helpers shared by the tests.
enum TestSupport {
  /// The package root (three levels above this file).
  static var packageRoot: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
  }

  /// `$RWVIEW_SHARED`, else `<package root>/../shared` (or `../../shared` for a worktree).
  static var sharedDir: String {
    if let s = ProcessInfo.processInfo.environment["RWVIEW_SHARED"], !s.isEmpty { return s }
    // `<root>/../shared` (CI, a clone beside shared/); `<root>/../../shared` (a worktree in wt/).
    let parent = URL(fileURLWithPath: packageRoot).deletingLastPathComponent()
    let candidates = [parent.appendingPathComponent("shared").path,
                      parent.deletingLastPathComponent().appendingPathComponent("shared").path]
    return candidates.first { FileManager.default.fileExists(atPath: $0 + "/data/conformance") } ?? candidates[0]
  }

  /// A fresh temporary directory.
  static func tempDir(_ tag: String) -> String {
    let d = NSTemporaryDirectory() + "rwnifti-\(tag)-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

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
    try! bytes.withUnsafeBytes { b throws(HeaderProblem) in try Zlib.gzip(b) }
  }

  static func write(_ bytes: [UInt8], _ path: String) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
  }

  /// Whether `python3 -c "import nibabel"` works.
  static let hasNibabel: Bool = {
    run(["python3", "-c", "import nibabel"]).status == 0
  }()

  /// Runs a command; returns exit status and stdout+stderr.
  @discardableResult
  static func run(_ args: [String], cwd: String? = nil) -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = args
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    do { try p.run() } catch { return (127, "\(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}
