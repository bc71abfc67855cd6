import Foundation
import RWTestSupport
import Testing

/// Issue 12.10: a folder of DICOM files given as the volume, or found where a case or a labels
/// folder should hold NIfTI, says what it is and names dcm2niix (before: "is a directory, not
/// a file" or "no NIfTI files (.nii, .nii.gz, .hdr) in this folder").
@Suite struct DICOMFolderTests {
  /// A minimal DICOM part-10 file: 128-byte preamble, the `DICM` marker, a few bytes.
  static let dicom = [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + [2, 0, 16, 0]

  /// A scratch folder with: `named/` (IM*.dcm and a DICOMDIR), `numbered/` (files without an
  /// ending, recognised by content), `case/` (no NIfTI, a DICOM subfolder `scan`), `empty/`.
  static func scratch() throws -> URL {
    let dir = try TemporaryDirectory.create("dicom")
    let fm = FileManager.default
    for sub in ["named", "numbered", "case/scan", "empty"] {
      try fm.createDirectory(
        at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
    }
    for i in 0..<3 {
      try Data(dicom).write(to: dir.appendingPathComponent("named/IM\(i).dcm"))
      try Data(dicom).write(to: dir.appendingPathComponent("numbered/0000000\(i)"))
      try Data(dicom).write(to: dir.appendingPathComponent("case/scan/\(i)"))
    }
    try Data(dicom).write(to: dir.appendingPathComponent("named/DICOMDIR"))
    try Data("not dicom".utf8).write(to: dir.appendingPathComponent("empty/readme.txt"))
    return dir
  }

  @Test func dicomFoldersNameDcm2niix() throws {
    let bin = try RWViewBinary.path()
    let dir = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    func folder(_ name: String) -> String { dir.appendingPathComponent(name).path }
    let out = folder("out.nii")
    let named = folder("named")
    let numbered = folder("numbered")
    let isFolder =
      "is a folder of DICOM files, not NIfTI; convert it with `dcm2niix -z y -o OUTDIR "
    let cases: [([String], String)] = [
      (["info", named], "rwview: \(named): \(isFolder)\(named)` and open the .nii.gz it writes"),
      (["maps", numbered, "-o", out], "rwview: \(numbered): \(isFolder)\(numbered)`"),
      (["render", named], "rwview: \(named): \(isFolder)\(named)`"),
      ([named], "rwview: \(named): \(isFolder)\(named)`"),
      (["stats", "--gt", numbered, "--pred", named], "rwview: \(numbered): \(isFolder)"),
      (
        ["render", folder("case")],
        "rwview: \(folder("case")): holds no NIfTI file; its folder scan holds DICOM files: "
          + "convert them with `dcm2niix -z y -o OUTDIR \(folder("case/scan"))`"
      ),
      (
        ["info", named + "/DICOMDIR"],
        "rwview: \(named)/DICOMDIR: is a DICOMDIR (the index of a DICOM disc), not NIfTI; "
          + "convert the series in its folder with `dcm2niix -z y -o OUTDIR \(named)`"
      ),
    ]
    for (args, expected) in cases {
      let r = ProcessRunner.run(bin, args)
      #expect(r.status == 1, "\(args)")
      let lines = r.err.split(separator: "\n")
      #expect(lines.count == 1, "\(args): \(r.err)")
      #expect(r.err.hasPrefix(expected), "\(args): \(r.err)")
    }
    #expect(!FileManager.default.fileExists(atPath: out))
    // A folder of other files keeps its own message.
    let empty = ProcessRunner.run(bin, ["render", folder("empty")])
    #expect(empty.status == 1)
    #expect(empty.err.contains("no NIfTI files (.nii, .nii.gz, .hdr) in this folder"))
    #expect(!empty.err.contains("dcm2niix"))
  }
}
