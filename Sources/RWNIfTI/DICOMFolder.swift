import RWSystem

/// Folders of DICOM files (a scanner's export, a disc with a DICOMDIR) given where a NIfTI
/// volume or a case folder is expected: one line saying what they are and that dcm2niix
/// converts them, instead of "is a directory" or "no NIfTI files".
public enum DICOMFolder {
  /// Most files of a folder read (132 bytes each) to recognise DICOM by content.
  static let sampledFiles = 16
  /// Most subfolders of a case folder looked into.
  static let sampledFolders = 32

  /// The one-line problem for the folder `path` when it holds DICOM files, or when it holds
  /// no NIfTI file and one of its subfolders holds DICOM files; nil otherwise.
  public static func problem(_ path: String) -> String? {
    let convert = "convert it with `dcm2niix -z y -o OUTDIR \(path)` and open the .nii.gz it writes"
    if holdsDICOM(path) {
      return "is a folder of DICOM files, not NIfTI; \(convert)"
    }
    let dir = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
    for name in FolderListing.names(dir).prefix(sampledFolders) {
      let sub = dir + "/" + name
      guard FolderListing.isFolder(sub), holdsDICOM(sub) else { continue }
      return "holds no NIfTI file; its folder \(name) holds DICOM files: convert them with "
        + "`dcm2niix -z y -o OUTDIR \(sub)` and open the .nii.gz it writes"
    }
    return nil
  }

  /// True when `dir` has a DICOMDIR, files named `*.dcm`/`*.ima`, or files whose bytes 128..<132
  /// are the DICOM marker `DICM` (many scanners write numbered files without an ending).
  static func holdsDICOM(_ dir: String) -> Bool {
    let names = FolderListing.names(dir)
    let byName = names.contains { n in
      let l = n.lowercased()
      return l == "dicomdir" || l.hasSuffix(".dcm") || l.hasSuffix(".ima")
    }
    if byName { return true }
    var read = 0
    for n in names where read < sampledFiles {
      let p = dir + "/" + n
      guard !FolderListing.isFolder(p), let f = try? ReadableFile(path: p) else { continue }
      read += 1
      let head = (try? f.bytes(offset: 0, count: 132)) ?? []
      if head.count == 132 && Array(head[128..<132]) == Array("DICM".utf8) { return true }
    }
    return false
  }
}
