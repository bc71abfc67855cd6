import Foundation
import RWTestSupport
import Testing

/// Issue 12.11: the bundled nipype sample has something to debug: its prediction is not its
/// ground truth, and the docs say what it is.
@Suite struct SampleTests {
  static let folder = Fixtures.samples.appendingPathComponent("nipype_tpm3mm")

  /// `rwview stats --json` on the sample: the volume Dice of each class (background first).
  static func dice() throws -> [Double] {
    let bin = try RWViewBinary.path()
    let dir = folder.path
    let r = ProcessRunner.run(
      bin,
      ["stats", "--gt", dir + "/tpm_gt.nii.gz", "--pred", dir + "/tpm_prob.nii.gz", "--json"])
    guard r.status == 0 else { throw TestFailure("stats failed: \(r.err)") }
    let obj = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
    let metrics = obj?["metrics"] as? [[String: Any]] ?? []
    return metrics.map { ($0["dice"] as? Double) ?? .nan }
  }

  /// The prediction was the maps the ground truth was made from: Dice 1.000 for every class.
  @Test func nipypePredictionIsImperfectButReasonable() throws {
    let dice = try Self.dice()
    try #require(dice.count == 4)
    #expect(dice[0] > 0.99)
    for (k, d) in dice.enumerated().dropFirst() {
      #expect(d < 0.97, "class \(k): Dice \(d)")
      #expect(d > 0.8, "class \(k): Dice \(d)")
    }
    // The numbers the README and the sample's README state.
    let stated = dice.dropFirst().map { String(format: "%.2f", $0) }
    let readme = try String(
      contentsOf: Fixtures.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let sample = try String(
      contentsOf: Self.folder.appendingPathComponent("README.md"), encoding: .utf8)
    let words = "Dice CSF \(stated[0]), GM \(stated[1]), WM \(stated[2])"
    #expect(readme.contains(words), "README.md should say: \(words)")
    let sampleWords = "CSF \(stated[0]), GM \(stated[1]), WM \(stated[2])"
    #expect(sample.contains(sampleWords), "Samples/nipype_tpm3mm/README.md: \(sampleWords)")
    // Its generator and the licence notes are beside it.
    for name in ["make_prediction.py", "LICENSE-NOTES.md"] {
      #expect(
        FileManager.default.fileExists(atPath: Self.folder.appendingPathComponent(name).path))
    }
  }
}
