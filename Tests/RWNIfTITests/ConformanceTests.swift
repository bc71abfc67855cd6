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
