import Foundation
import RWTestSupport
import Testing

@testable import RWSystem

@Suite struct ReadableFileTests {
  @Test func readsAndRecordsARegularFile() throws {
    let d = try TempDir()
    defer { d.remove() }
    let p = try d.write("a.nii", "0123456789")
    let f = try ReadableFile(path: p)
    #expect(f.size == 10)
    #expect(try f.bytes(offset: 3, count: 4) == Array("3456".utf8))
    #expect(try f.bytes(offset: 8, count: 100) == Array("89".utf8))
    #expect(try f.bytes(offset: 20, count: 5) == [])
    #expect(InputFiles.contains(f.id))
    #expect(try ReadableFile.contents(of: p) == Array("0123456789".utf8))
  }

  /// `open` of a FIFO without a writer blocks forever; it must be refused at once.
  @Test func refusesFIFOsDevicesAndFoldersWithoutBlocking() throws {
    let d = try TempDir()
    defer { d.remove() }
    let fifo = d.file("labels.nii.gz")
    #expect(mkfifo(fifo, 0o644) == 0)
    try FileManager.default.createSymbolicLink(
      atPath: d.file("link.nii"), withDestinationPath: fifo)
    try FileManager.default.createSymbolicLink(
      atPath: d.file("zero.nii"), withDestinationPath: "/dev/zero")
    let cases: [(String, String)] = [
      (fifo, "is a FIFO (named pipe), not a regular file"),
      (d.file("link.nii"), "is a FIFO (named pipe), not a regular file"),
      ("/dev/zero", "is a character device, not a regular file"),
      (d.file("zero.nii"), "is a character device, not a regular file"),
      (d.path, "is a directory, not a file"),
    ]
    for (path, problem) in cases {
      do {
        _ = try ReadableFile(path: path)
        Issue.record("\(path) was opened")
      } catch {
        #expect(error.problem == problem)
        #expect(error.path == path)
      }
    }
    do {
      _ = try ReadableFile(path: d.file("missing.nii"))
      Issue.record("opened a missing file")
    } catch {
      #expect(error.problem == "cannot open: No such file or directory")
    }
  }

  @Test(
    .enabled(
      if: Unreadable.possible,
      "no file here refuses to be read (root, and no write-only /proc/sys file)"))
  func unreadableIsNotMissing() throws {
    let d = try TempDir()
    defer { d.remove() }
    let p = try d.write("x.img", "data")
    Unreadable.make(p)
    do {
      _ = try ReadableFile(path: p)
      Issue.record("opened an unreadable file")
    } catch {
      #expect(error.problem == "cannot open: Permission denied")
    }
    #expect(FileSystem.exists(p))
  }

  @Test func aFileThatShrinksWhileReadIsAnErrorNotACrash() throws {
    let d = try TempDir()
    defer { d.remove() }
    let p = try d.write("p.nii.gz", String(repeating: "x", count: 100_000))
    let f = try ReadableFile(path: p)
    #expect(truncate(p, 1000) == 0)
    do {
      _ = try f.contents()
      Issue.record("read a shrunk file")
    } catch {
      #expect(error.problem.hasPrefix("the file shrank while it was read (1000 of 100000 bytes)"))
    }
  }

  @Test func sameFileComparesDeviceAndInode() throws {
    let d = try TempDir()
    defer { d.remove() }
    let p = try d.write("a.nii", "x")
    try d.write("b.nii", "x")
    try FileManager.default.createSymbolicLink(atPath: d.file("s.nii"), withDestinationPath: p)
    #expect(link(p, d.file("h.nii")) == 0)
    #expect(FileSystem.isSameFile(p, d.file("s.nii")))
    #expect(FileSystem.isSameFile(p, d.file("h.nii")))
    #expect(FileSystem.isSameFile(p, d.path + "/./a.nii"))
    #expect(!FileSystem.isSameFile(p, d.file("b.nii")))
    #expect(!FileSystem.isSameFile(p, d.file("missing.nii")))
  }
}
