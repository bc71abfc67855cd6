import Foundation

/// Fresh scratch folders for tests.
public enum TemporaryDirectory {
  /// A new, empty folder `rwview-<tag>-<pid>-<random>` in the system's temporary folder;
  /// throws when it cannot be created. Names stay short: tmux tests print paths in 80 columns.
  public static func create(_ tag: String) throws -> URL {
    let name = "rwview-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let u = FileManager.default.temporaryDirectory.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
  }

  /// Like `create`, for places that cannot throw (stored properties): a creation error shows
  /// up as the first write into the folder failing with a message naming the path.
  public static func make(_ tag: String) -> URL {
    (try? create(tag))
      ?? FileManager.default.temporaryDirectory.appendingPathComponent("rwview-\(tag)-unavailable")
  }
}
