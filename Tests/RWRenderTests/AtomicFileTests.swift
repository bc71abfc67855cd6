import Foundation
import Testing

@testable import RWRender

@Suite struct AtomicFileTests {
  func tempDir() throws -> String {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("rwview-atomic-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  func contents(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

  func leftovers(_ dir: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.contains(".tmp-") }
  }

  @Test func writesAndReplacesWithoutLeavingTemporaries() throws {
    let d = try tempDir()
    defer { try? FileManager.default.removeItem(atPath: d) }
    try AtomicFile.write("one", to: d + "/out.txt")
    #expect(contents(d + "/out.txt") == "one")
    try AtomicFile.write("two", to: d + "/out.txt", protecting: [d + "/input.nii"])
    #expect(contents(d + "/out.txt") == "two")
    #expect(leftovers(d).isEmpty)
  }

  @Test func refusesInputsHoweverTheyAreNamed() throws {
    let d = try tempDir()
    defer { try? FileManager.default.removeItem(atPath: d) }
    let input = d + "/volume.nii"
    try "precious".write(toFile: input, atomically: false, encoding: .utf8)
    try FileManager.default.createSymbolicLink(atPath: d + "/link.nii", withDestinationPath: input)
    try FileManager.default.linkItem(atPath: input, toPath: d + "/hard.nii")
    for target in [input, d + "/./volume.nii", d + "/link.nii", d + "/hard.nii"] {
      #expect(throws: AtomicFileError.self) { try AtomicFile.write("oops", to: target, protecting: [input]) }
    }
    #expect(contents(input) == "precious")
    do {
      try AtomicFile.write("oops", to: input, protecting: [input])
    } catch {
      #expect(error.description == "rwview: cannot write '\(input)': it is one of the input files")
    }
    #expect(leftovers(d).isEmpty)
  }

  @Test func reportsUnwritableDestinations() throws {
    let d = try tempDir()
    defer { try? FileManager.default.removeItem(atPath: d) }
    #expect(throws: AtomicFileError.self) { try AtomicFile.write("x", to: d) }
    do {
      try AtomicFile.write("x", to: d + "/missing/dir/out.png")
      Issue.record("expected an error")
    } catch {
      #expect(error.description.hasPrefix("rwview: cannot write '\(d)/missing/dir/out.png': "))
      #expect(error.reason.contains("No such file"))
    }
  }
}
