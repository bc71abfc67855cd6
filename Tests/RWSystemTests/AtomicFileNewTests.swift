import Foundation
import Testing

@testable import RWSystem

/// `AtomicFile.writeNew`: an export never replaces a file, whoever wrote it.
@Suite struct AtomicFileNewTests {
  @Test func takesTheFirstFreeNameAndKeepsEveryEarlierFile() throws {
    let d = try TempDir()
    defer { d.remove() }
    let name = { (n: Int) in d.file("frame-\(n).png") }
    #expect(try AtomicFile.writeNew(Array("one".utf8)) { name($0) } == name(1))
    #expect(try AtomicFile.writeNew(Array("two".utf8)) { name($0) } == name(2))
    // A file another program put at 3 (and a dangling link at 4) stays as it is.
    try d.write("frame-3.png", "theirs")
    try FileManager.default.createSymbolicLink(
      atPath: d.file("frame-4.png"), withDestinationPath: d.file("nowhere"))
    #expect(try AtomicFile.writeNew(Array("three".utf8)) { name($0) } == name(5))
    #expect(d.contents("frame-1.png") == "one" && d.contents("frame-2.png") == "two")
    #expect(d.contents("frame-3.png") == "theirs" && d.contents("frame-5.png") == "three")
    #expect(!FileManager.default.fileExists(atPath: d.file("nowhere")))
    // No temporary file is left beside them.
    #expect(d.names == ["frame-1.png", "frame-2.png", "frame-3.png", "frame-4.png", "frame-5.png"])
  }

  @Test func refusesWhenEveryNameIsTaken() throws {
    let d = try TempDir()
    defer { d.remove() }
    try d.write("a-1", "x")
    try d.write("a-2", "y")
    let file = try AtomicFile(path: d.file("a-1"))
    try file.write(Array("new".utf8))
    let refusal = SystemError(
      path: d.file("a-1"), problem: "2 files of this name exist already; none replaced")
    #expect(throws: refusal) {
      try file.commitNew(limit: 2) { d.file("a-\($0)") }
    }
    #expect(d.names == ["a-1", "a-2"] && d.contents("a-1") == "x")
  }

  /// The output guard still applies to the first name: never an input file.
  @Test func theGuardStillProtectsInputs() throws {
    let d = try TempDir()
    defer { d.remove() }
    let input = try d.write("in.nii", "voxels")
    #expect(throws: SystemError.self) {
      try AtomicFile.writeNew(Array("x".utf8), protecting: [input]) { _ in input }
    }
    #expect(d.contents("in.nii") == "voxels" && d.names == ["in.nii"])
  }
}
