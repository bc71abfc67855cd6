import Foundation

/// The built `rwview` executable that the end-to-end tests run.
public enum RWViewBinary {
  /// The `rwview` beside the test bundle (`swift test` builds it into the same folder), or nil.
  ///
  /// Never builds anything: a test that needs the binary fails with `path()`'s message.
  public static let located: String? = {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    // Linux: .build/<config>/rwviewPackageTests.xctest; macOS: inside the bundle, 3 levels down.
    for _ in 0..<4 {
      let c = dir.appendingPathComponent("rwview").path
      if FileManager.default.isExecutableFile(atPath: c) { return c }
      dir = dir.deletingLastPathComponent()
    }
    return nil
  }()

  /// The path of the built binary; throws a clear `TestFailure` when it is not there.
  public static func path() throws -> String {
    guard let p = located else {
      let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      throw TestFailure(
        "the rwview binary is not beside the test bundle in \(bundle.path); "
          + "run the tests with `swift test` (it builds rwview) or run `swift build` first")
    }
    return p
  }
}
