import Foundation
import Testing
@testable import RWNIfTI

/// Every file in shared/data/conformance/expected.json matches nibabel's reading.
@Test func sharedConformanceSet() throws {
  let root = TestSupport.sharedDir + "/data/conformance"
  let expected = root + "/expected.json"
  try #require(FileManager.default.fileExists(atPath: expected), "no conformance set at \(expected) (set RWVIEW_SHARED)")
  let (checked, problems, summary) = Conformance.check(root: root, expectedPath: expected)
  print(summary.joined(separator: "\n"))
  #expect(checked >= 14)
  for p in problems { Issue.record(Comment(rawValue: p)) }
  #expect(problems.isEmpty)
}

/// A wider set written by nibabel on the spot (big-endian NIfTI-1/2, pairs, gzip pairs,
/// qform-only and fallback geometry, RGB, complex, 1D-6D, repaired headers, bad extensions,
/// multi-member gzip, header-only/truncated/not-NIfTI/missing-.img rejects, Analyze), described
/// by the shared `make_expected.py`, then checked like the shared set. Skipped (with a note)
/// when python3 with nibabel is not available.
@Test func generatedConformanceSet() throws {
  guard TestSupport.hasNibabel else {
    print("NOTE: generatedConformanceSet skipped: python3 with nibabel is not available")
    return
  }
  let script = TestSupport.sharedDir + "/data/conformance/make_expected.py"
  try #require(FileManager.default.fileExists(atPath: script), "no make_expected.py at \(script)")
  let dir = TestSupport.tempDir("extra")
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let gen = dir + "/make_extra.py"
  try ExtraCases.script.write(toFile: gen, atomically: true, encoding: .utf8)
  let made = TestSupport.run(["python3", gen, dir + "/files"])
  try #require(made.status == 0, "generator failed: \(made.output)")
  let expected = TestSupport.run(["python3", script, dir + "/files", "-o", dir + "/expected.json"])
  try #require(expected.status == 0, "make_expected failed: \(expected.output)")
  let (checked, problems, summary) = Conformance.check(root: dir + "/files", expectedPath: dir + "/expected.json")
  print(summary.joined(separator: "\n"))
  #expect(checked >= 30)
  for p in problems { Issue.record(Comment(rawValue: p)) }
  #expect(problems.isEmpty)
}
