import Foundation

/// Folder listings for discovery: visible files, sorted, never following into hidden entries.
enum FolderListing {
  /// True when `path` is a folder.
  static func isFolder(_ path: String) -> Bool {
    var d: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &d) && d.boolValue
  }

  /// True when `path` exists (file or folder).
  static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

  /// The visible entries of a folder, sorted by name; empty when it cannot be read.
  static func names(_ dir: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter {
      !$0.hasPrefix(".")
    }
    .sorted()
  }

  /// Visible files of a folder whose names pass `keep`, as full paths, sorted.
  static func files(_ dir: String, _ keep: (String) -> Bool) -> [String] {
    names(dir).filter(keep).map { FileNames.join(dir, $0) }.filter { !isFolder($0) }
  }

  /// Size of a file in bytes (0 when unknown).
  static func size(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
  }
}
