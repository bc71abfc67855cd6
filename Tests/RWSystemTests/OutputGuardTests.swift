import Foundation
import RWTestSupport
import Testing

@testable import RWSystem

@Suite struct OutputGuardTests {
  func temporaries(_ d: TempDir) -> [String] { d.names.filter { $0.contains("rwview-tmp") } }

  func refusal(_ path: String, protecting: [String] = []) -> String? {
    do {
      try AtomicFile.write("oops", to: path, protecting: protecting)
      return nil
    } catch {
      return error.problem
    }
  }

  @Test func writesAtomicallyAndLeavesNoTemporary() throws {
    let d = try TempDir()
    defer { d.remove() }
    try AtomicFile.write("one", to: d.file("out.txt"))
    #expect(d.contents("out.txt") == "one")
    chmod(d.file("out.txt"), 0o640)
    try AtomicFile.write("two", to: d.file("out.txt"))
    #expect(d.contents("out.txt") == "two")
    #expect(FileSystem.status(d.file("out.txt"))?.permissions == 0o640)
    #expect(d.names == ["out.txt"])
  }

  @Test func theTemporaryIsNamedAsRwviewsBesideTheTarget() throws {
    let d = try TempDir()
    defer { d.remove() }
    let f = try AtomicFile(path: d.file("maps.nii.gz"))
    let name = String(f.temporaryPath.split(separator: "/").last!)
    #expect(name.hasPrefix(".rwview-tmp-") && name.hasSuffix("-maps.nii.gz"), "\(name)")
    #expect(temporaries(d).count == 1)
    #expect(TemporaryFiles.armed.contains(f.temporaryPath))
    f.discard()
    #expect(d.names.isEmpty)
    #expect(!TemporaryFiles.armed.contains(f.temporaryPath))
  }

  /// Issue 8.1: whatever path reaches an input (read earlier, or named), it is refused.
  @Test func refusesEveryFileThisProcessReadHoweverItIsNamed() throws {
    let d = try TempDir()
    defer { d.remove() }
    let pred = try d.write("pred.nii.gz", "precious")
    try FileManager.default.createSymbolicLink(
      atPath: d.file("link.nii.gz"), withDestinationPath: pred)
    #expect(link(pred, d.file("hard.nii.gz")) == 0)
    // Not read yet and not named: a plain file is replaced (checked on a copy below).
    _ = try ReadableFile.contents(of: d.path + "/./pred.nii.gz")
    for target in [pred, d.path + "/./pred.nii.gz", d.file("link.nii.gz"), d.file("hard.nii.gz")] {
      let problem = refusal(target)
      #expect(
        problem?.hasPrefix("refusing to overwrite an input file") == true,
        "\(target): \(problem ?? "written")")
    }
    #expect(d.contents("pred.nii.gz") == "precious")
    #expect(temporaries(d).isEmpty)
  }

  @Test func refusesNamedInputsNotReadYet() throws {
    let d = try TempDir()
    defer { d.remove() }
    let hdr = try d.write("x.hdr", "header")
    let img = try d.write("x.img", "voxels")
    #expect(refusal(img, protecting: [hdr, img]) == "refusing to overwrite an input file")
    #expect(
      refusal(d.file("./x.img"), protecting: [hdr, img])
        == "refusing to overwrite an input file (it is \(img))")
    #expect(d.contents("x.img") == "voxels")
    try AtomicFile.write("png", to: d.file("x.png"), protecting: [hdr, img])
    #expect(d.contents("x.png") == "png")
  }

  /// Issue 13.1: devices, FIFOs, sockets and links to them are never replaced.
  @Test func refusesDestinationsThatAreNotRegularFiles() throws {
    let d = try TempDir()
    defer { d.remove() }
    #expect(mkfifo(d.file("fifo.png"), 0o644) == 0)
    try FileManager.default.createSymbolicLink(
      atPath: d.file("null.png"), withDestinationPath: "/dev/null")
    try FileManager.default.createSymbolicLink(
      atPath: d.file("dangling.png"), withDestinationPath: d.file("nowhere"))
    try FileManager.default.createDirectory(
      atPath: d.file("sub"), withIntermediateDirectories: false)
    let cases: [(String, String)] = [
      (
        "/dev/null", "is a character device, not a regular file; rwview only replaces regular files"
      ),
      (
        "/dev/full", "is a character device, not a regular file; rwview only replaces regular files"
      ),
      (
        d.file("fifo.png"),
        "is a FIFO (named pipe), not a regular file; rwview only replaces regular files"
      ),
      (
        d.file("null.png"),
        "is a character device, not a regular file; rwview only replaces regular files"
      ),
      (
        d.file("dangling.png"), "is a symbolic link to a missing file; refusing to replace the link"
      ),
      (d.file("sub"), "is a folder; name a file to write"),
      (d.file("sub/"), "is a folder; name a file to write"),
      (d.file("missing/out.png"), "cannot write: the folder \(d.file("missing")) does not exist"),
      ("", "the output path is empty"),
    ]
    for (path, problem) in cases {
      #expect(refusal(path) == problem, "\(path)")
    }
    #expect(FileSystem.linkStatus(d.file("fifo.png"))?.kind == .fifo)
    #expect(FileSystem.linkStatus(d.file("null.png"))?.kind == .symbolicLink)
    #expect(temporaries(d).isEmpty)
  }

  @Test func aLinkToARegularFileIsWrittenThrough() throws {
    let d = try TempDir()
    defer { d.remove() }
    try FileManager.default.createDirectory(
      atPath: d.file("real"), withIntermediateDirectories: false)
    let target = try d.write("real/frame.png", "old")
    try FileManager.default.createSymbolicLink(
      atPath: d.file("frame.png"), withDestinationPath: target)
    try AtomicFile.write("new", to: d.file("frame.png"))
    #expect(d.contents("real/frame.png") == "new")
    #expect(FileSystem.linkStatus(d.file("frame.png"))?.kind == .symbolicLink)
    #expect(d.names == ["frame.png", "real"])
  }

  /// A full disk (here: a file-size limit) leaves neither a partial file nor a temporary,
  /// and the old file as it was. Run in a child process: the limit is process-wide.
  @Test func aFailedWriteLeavesNothingBehind() async throws {
    let d = try TempDir()
    defer { d.remove() }
    try d.write("old.nii", "old contents")
    await #expect(processExitsWith: .success) { [dir = d.path as String] in
      Libc.ignore(Libc.sigxfsz)
      #expect(Libc.setFileSizeLimit(4096))
      let big = [UInt8](repeating: 7, count: 100_000)
      for name in ["old.nii", "new.nii"] {
        do {
          try AtomicFile.write(big, to: dir + "/" + name)
          Issue.record("wrote past the limit")
        } catch {
          #expect((error as? SystemError)?.problem == "cannot write: File too large")
        }
      }
      let left = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
      #expect(left == ["old.nii"])
    }
    #expect(d.contents("old.nii") == "old contents")
  }

  @Test(.enabled(if: Unwritable.possible, "no folder here refuses new files (root, no sysfs)"))
  func aFolderWithoutWritePermissionIsOneLine() throws {
    let d = try TempDir()
    defer {
      chmod(d.path, 0o755)
      d.remove()
    }
    // Root writes into any folder of mode 0555: it gets a sysfs folder instead.
    let folder = getuid() == 0 ? Unwritable.rootFolder : d.path
    chmod(d.path, 0o555)
    #expect(
      refusal(folder + "/out.png") == "cannot create a file in \(folder): Permission denied")
  }
}
