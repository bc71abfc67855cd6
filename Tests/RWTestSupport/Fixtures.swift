import Foundation

/// The test fixtures committed under `Tests/Fixtures`, located from this source file.
///
/// No environment variable and no folder outside the package: a fresh clone has everything.
public enum Fixtures {
  /// The package root: two levels above `Tests/RWTestSupport`.
  public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `Tests/Fixtures` of this package.
  public static let root: URL = packageRoot.appendingPathComponent("Tests/Fixtures")

  /// The package's `Samples` folder (example cases shipped to users).
  public static let samples: URL = packageRoot.appendingPathComponent("Samples")

  /// The URL of a fixture, e.g. `url("golden/01_2d_binary_blob.json")`.
  public static func url(_ relative: String) -> URL {
    root.appendingPathComponent(relative)
  }

  /// The file-system path of a fixture.
  public static func path(_ relative: String) -> String {
    url(relative).path
  }

  /// The bytes of a fixture; throws a `TestFailure` naming the file when it cannot be read.
  public static func data(_ relative: String) throws -> Data {
    let u = url(relative)
    guard let d = FileManager.default.contents(atPath: u.path) else {
      throw TestFailure("fixture \(u.path) is missing or unreadable")
    }
    return d
  }

  /// A fixture holding one JSON object; throws a `TestFailure` naming the file otherwise.
  ///
  /// JSONSerialization on Linux can misread the last bit of a double: decode with
  /// `JSONDecoder` where values are compared exactly.
  public static func json(_ relative: String) throws -> [String: Any] {
    let d = try data(relative)
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: d, options: [.fragmentsAllowed])
    } catch {
      throw TestFailure("fixture \(path(relative)) is not valid JSON: \(error)")
    }
    guard let dict = object as? [String: Any] else {
      throw TestFailure("fixture \(path(relative)) does not hold a JSON object")
    }
    return dict
  }

  /// The names in a fixture folder, sorted; empty when the folder does not exist.
  public static func contents(of relative: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path(relative))) ?? []).sorted()
  }
}
