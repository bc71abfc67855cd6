import Foundation
import RWTestSupport
import Testing

@testable import RWNIfTI

/// The conformance sets: every `Tests/Fixtures/conformance*` folder holding an `expected.json`
/// (nibabel's readings; format in `Tests/Fixtures/conformance/README.md`), plus the folder named
/// by `RWVIEW_CONFORMANCE` when set (a held-back set in the same format).
enum ConformanceSets {
  /// Absolute paths of the folders to check.
  static let folders: [String] = {
    var out = Fixtures.contents(of: "").filter { $0.hasPrefix("conformance") }
      .map { Fixtures.path($0) }
    if let extra = ProcessInfo.processInfo.environment["RWVIEW_CONFORMANCE"], !extra.isEmpty {
      out.append(extra)
    }
    return out.filter { FileManager.default.fileExists(atPath: $0 + "/expected.json") }
  }()
}

/// Both committed sets are there: the public files and the extra cases written by nibabel
/// (big-endian NIfTI-1/2, pairs, gzip pairs, qform-only and fallback geometry, RGB, complex,
/// 1D-6D, repaired headers, bad extensions, multi-member gzip, rejects, Analyze).
@Test func conformanceSetsArePresent() {
  let names = ConformanceSets.folders.map { ($0 as NSString).lastPathComponent }
  #expect(names.contains("conformance") && names.contains("conformance-extra"), "\(names)")
}

/// Every entry of a set's `expected.json` matches nibabel's reading.
@Test(arguments: ConformanceSets.folders)
func conformanceSetMatchesNibabel(_ root: String) throws {
  let (checked, problems, summary) = Conformance.check(
    root: root, expectedPath: root + "/expected.json")
  print(summary.joined(separator: "\n"))
  let minimum = root.hasSuffix("/conformance-extra") ? 40 : root.hasSuffix("/conformance") ? 14 : 1
  #expect(checked >= minimum, "\(root): \(checked) entries")
  for p in problems { Issue.record(Comment(rawValue: p)) }
  #expect(problems.isEmpty)
}
