import Foundation

/// Folder listings for discovery (cases, datasets, DICOM folders): visible entries, sorted,
/// never following into hidden entries.
public enum FolderListing {
  /// True when `path` is a folder.
  public static func isFolder(_ path: String) -> Bool {
    var d: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &d) && d.boolValue
  }

  /// True when `path` exists (file or folder).
  public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

  /// The visible entries of a folder, sorted by name; empty when it cannot be read.
  public static func names(_ dir: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter {
      !$0.hasPrefix(".")
    }
    .sorted()
  }

  /// Size of a file in bytes (0 when unknown).
  public static func size(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
  }
}
