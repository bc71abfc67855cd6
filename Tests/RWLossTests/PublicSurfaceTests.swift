import Foundation
import Testing

/// The RWLoss library product's public surface: every public declaration and enum case has a
/// `///` comment, and nothing in the loss core speaks of command-line flags.
@Suite struct PublicSurfaceTests {
  static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
      "Sources/RWLoss")

  static func files() throws -> [(String, [String])] {
    let names = try FileManager.default.contentsOfDirectory(atPath: sources.path)
      .filter { $0.hasSuffix(".swift") }.sorted()
    return try names.map { name in
      let text = try String(contentsOf: sources.appendingPathComponent(name), encoding: .utf8)
      return (name, text.components(separatedBy: "\n"))
    }
  }

  /// A public declaration or an enum case declaration (not a `switch` case).
  static func isDeclaration(_ line: String) -> Bool {
    let s = line.trimmingCharacters(in: .whitespaces)
    if s.hasPrefix("public ") { return true }
    guard s.hasPrefix("case "), !s.hasSuffix(":") else { return false }
    let head = s.dropFirst(5)
    return head.first.map { $0.isLetter || $0 == "`" } ?? false && !head.contains(":")
  }

  @Test func everyPublicSymbolIsDocumented() throws {
    var missing: [String] = []
    for (name, lines) in try Self.files() {
      for (i, line) in lines.enumerated() where Self.isDeclaration(line) {
        var j = i - 1
        while j >= 0 && lines[j].trimmingCharacters(in: .whitespaces).hasPrefix("@") { j -= 1 }
        if j < 0 || !lines[j].trimmingCharacters(in: .whitespaces).hasPrefix("///") {
          missing.append("\(name):\(i + 1): \(line.trimmingCharacters(in: .whitespaces))")
        }
      }
    }
    #expect(missing.isEmpty, "undocumented: \(missing.joined(separator: "; "))")
  }

  @Test func noCommandLineWords() throws {
    var found: [String] = []
    for (name, lines) in try Self.files() {
      for (i, line) in lines.enumerated() {
        if line.range(of: #"--[a-z]"#, options: .regularExpression) != nil {
          found.append("\(name):\(i + 1)")
        }
      }
    }
    #expect(found.isEmpty, "command-line flags in the loss core: \(found)")
    // The report's text and JSON are not the loss core's.
    #expect(
      !(try Self.files()).contains {
        $0.0.contains("JSON") || $0.1.contains { $0.contains("func json(") }
      })
  }
}
