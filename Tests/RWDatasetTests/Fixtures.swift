import Foundation
import RWTestSupport

/// The `.npz` fixtures of RWDatasetTests (Tests/Fixtures/npz, written by make_fixtures.py).
extension Fixtures {
  /// Tests/Fixtures/npz/<name>.
  static func npz(_ name: String) -> String { path("npz/" + name) }

  /// expected.json of the npz fixtures (written by make_fixtures.py with numpy); empty when
  /// unreadable, so the tests that use it fail on the missing keys.
  static var expected: [String: Any] { (try? json("npz/expected.json")) ?? [:] }
}
