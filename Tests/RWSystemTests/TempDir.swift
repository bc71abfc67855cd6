import Foundation
import RWTestSupport

/// A fresh folder under the system's temporary folder, removed by `remove()`.
struct TempDir {
  let path: String

  init(_ tag: String = "sys") throws {
    path = try TemporaryDirectory.create(tag).path
  }

  func remove() { try? FileManager.default.removeItem(atPath: path) }

  /// `path/name`.
  func file(_ name: String) -> String { path + "/" + name }

  /// Writes `text` to `name` and returns its path.
  @discardableResult
  func write(_ name: String, _ text: String) throws -> String {
    try text.write(toFile: file(name), atomically: false, encoding: .utf8)
    return file(name)
  }

  /// The names in the folder.
  var names: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
  }

  func contents(_ name: String) -> String? {
    try? String(contentsOfFile: file(name), encoding: .utf8)
  }
}
