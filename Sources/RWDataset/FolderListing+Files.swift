import RWSystem

extension FolderListing {
  /// Visible files of a folder whose names pass `keep`, as full paths, sorted.
  static func files(_ dir: String, _ keep: (String) -> Bool) -> [String] {
    names(dir).filter(keep).map { FileNames.join(dir, $0) }.filter { !isFolder($0) }
  }
}
