/// File-name rules shared by every discovery: NIfTI endings, stems and name tokens.
public enum FileNames {
  /// NIfTI endings, longest first.
  public static let niftiEndings = [".nii.gz", ".hdr.gz", ".nii", ".hdr"]

  /// True for NIfTI file names (.nii, .nii.gz, .hdr, .hdr.gz).
  public static func isNIfTI(_ name: String) -> Bool {
    let l = name.lowercased()
    return niftiEndings.contains { l.hasSuffix($0) }
  }

  /// True for numpy archives (.npz).
  public static func isNPZ(_ name: String) -> Bool { name.lowercased().hasSuffix(".npz") }

  /// The name without its NIfTI or .npz ending.
  public static func stem(_ name: String) -> String {
    let l = name.lowercased()
    for ext in niftiEndings + [".npz"] where l.hasSuffix(ext) {
      return String(name.dropLast(ext.count))
    }
    return name
  }

  /// Lower-case name tokens split at `_`, `-`, `.` and spaces.
  public static func tokens(_ stem: String) -> [String] {
    stem.lowercased().split(whereSeparator: { "_-. ".contains($0) }).map(String.init)
  }

  /// The last path component.
  public static func base(_ path: String) -> String {
    path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
  }

  /// `dir/name`, without doubling a trailing slash.
  public static func join(_ dir: String, _ name: String) -> String {
    dir.hasSuffix("/") ? dir + name : dir + "/" + name
  }

  /// The folder part of a path ("." for a bare name).
  public static func folder(_ path: String) -> String {
    var p = path
    while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
    guard let i = p.lastIndex(of: "/") else { return "." }
    return i == p.startIndex ? "/" : String(p[..<i])
  }
}
