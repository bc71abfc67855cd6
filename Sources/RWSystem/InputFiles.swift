import Synchronization

/// Every file this process has opened for reading, by identity (device and inode).
///
/// `ReadableFile` records each file it opens, however it was named (a path typed by the user,
/// a case folder's discovery, a dataset.json entry, a pair's `.img`, a link). The output guard
/// refuses to write over any of them.
public enum InputFiles {
  private static let recorded = Mutex<[FileID: [String]]>([:])

  /// Records that `path` (identity `id`) is read by this process.
  public static func record(_ id: FileID, path: String) {
    recorded.withLock { table in
      if !(table[id]?.contains(path) ?? false) { table[id, default: []].append(path) }
    }
  }

  /// A path under which the file `id` was read and which still names it, if any. (An input
  /// deleted or replaced since no longer counts: its inode may now be another file's.)
  public static func path(of id: FileID) -> String? {
    let paths = recorded.withLock { $0[id] ?? [] }
    return paths.first { FileSystem.status($0)?.id == id }
  }

  /// Whether the file `id` was read (and is still there under a name it was read by).
  public static func contains(_ id: FileID) -> Bool { path(of: id) != nil }
}
