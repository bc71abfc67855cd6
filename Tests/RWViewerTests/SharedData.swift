import Foundation

/// Locates the project's shared folder: `$RWVIEW_SHARED`, else `<package root>/../shared`
/// (or one level further up, for worktrees under a sibling folder).
enum SharedData {
  static var root: URL? {
    if let s = ProcessInfo.processInfo.environment["RWVIEW_SHARED"] { return URL(fileURLWithPath: s) }
    let pkg = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    for up in [pkg.deletingLastPathComponent(), pkg.deletingLastPathComponent().deletingLastPathComponent()] {
      let c = up.appendingPathComponent("shared")
      if FileManager.default.fileExists(atPath: c.appendingPathComponent("SPEC.md").path) { return c }
    }
    return nil
  }
}
