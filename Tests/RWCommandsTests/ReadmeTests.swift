import Foundation
import RWRender
import RWTestSupport
import RWViewer
import Testing

/// The README must stay true: its key table is the viewer's key map, its first command opens a
/// sample that exists, and CI installs what the README installs.
@Suite struct ReadmeTests {
  static let root = Fixtures.packageRoot

  func read(_ name: String) throws -> String {
    try String(contentsOf: Self.root.appendingPathComponent(name), encoding: .utf8)
  }

  @Test func everyKeyBindingIsDocumented() throws {
    let readme = try read("README.md")
    for b in KeyMap.standard.bindings {
      let row =
        "| " + b.keys.map { "`\($0.displayName)`" }.joined(separator: " ") + " | " + b.help + " |"
      #expect(readme.contains(row), "README.md lacks the key row: \(row)")
    }
  }

  /// The first two commands in the quick start: setup + viewer on a sample, then the tests.
  func quickStart() throws -> [String] {
    let readme = try read("README.md")
    let block = try #require(readme.components(separatedBy: "```sh\n").dropFirst().first)
    return Array(
      block.components(separatedBy: "```").first!.split(separator: "\n").map(String.init))
  }

  @Test func quickStartOpensAnExistingSampleAndRunsTheTests() throws {
    let lines = try quickStart()
    #expect(lines.count == 2)
    let first = try #require(lines.first)
    let sample = try #require(first.components(separatedBy: "rwview ").last)
    var isDir: ObjCBool = false
    #expect(
      FileManager.default.fileExists(
        atPath: Self.root.appendingPathComponent(sample).path, isDirectory: &isDir))
    #expect(isDir.boolValue)
    #expect(lines.last == "swift test")
  }

  @Test func ciInstallsWhatTheReadmeInstalls() throws {
    let first = try #require(try quickStart().first)
    let ci = try read(".ci/run")
    let packages = first.components(separatedBy: "install -y ").last!.components(separatedBy: " &&")
      .first!
      .split(separator: " ")
    #expect(!packages.isEmpty)
    for p in packages { #expect(ci.contains(String(p)), "CI does not install \(p)") }
    #expect(ci.contains("swift test"))
  }
}
