import Foundation

/// Paths of the committed fixtures under Tests/Fixtures.
enum Fixtures {
  /// Tests/Fixtures/<topic>.
  static func folder(_ topic: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures").appendingPathComponent(topic)
  }

  /// Tests/Fixtures/npz/<name>.
  static func npz(_ name: String) -> String { folder("npz").appendingPathComponent(name).path }

  /// expected.json of the npz fixtures (written by make_fixtures.py with numpy).
  static var expected: [String: Any] {
    let data = FileManager.default.contents(atPath: npz("expected.json")) ?? Data()
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
  }

  /// A fresh temporary folder.
  static func tempDir(_ tag: String) -> URL {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent(
      "rwview-\(tag)-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
    try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    return d
  }
}
