import Synchronization

/// Every file this process has opened for reading, by identity (device and inode).
///
/// `ReadableFile` records each file it opens, however it was named (a path typed by the user,
/// a case folder's discovery, a dataset.json entry, a pair's `.img`, a link). The output guard
/// refuses to write over any of them.
public enum InputFiles {
  private static let recorded = Mutex<[FileID: String]>([:])

  /// Records that `path` (identity `id`) is read by this process.
  public static func record(_ id: FileID, path: String) {
    recorded.withLock { if $0[id] == nil { $0[id] = path } }
  }

  /// The path under which the file `id` was first read, if it was.
  public static func path(of id: FileID) -> String? {
    recorded.withLock { $0[id] }
  }

  /// Whether the file `id` was read.
  public static func contains(_ id: FileID) -> Bool { path(of: id) != nil }

  /// Every file read so far (identity and first path).
  public static var all: [FileID: String] { recorded.withLock { $0 } }
}
