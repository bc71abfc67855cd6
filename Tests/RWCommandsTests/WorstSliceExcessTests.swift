import Foundation
import RWLoss
import RWRender
import RWTestSupport
import RWViewer
import RWVolume
import Testing

@testable import RWViewer

/// Issue 12 item 7: `w`/`b` rank slices by the excess of their RW sum over the lowest reachable
/// one (the part training can remove), not by the raw sum (which mostly counts how much of each
/// class a slice holds); the raw sum stays a choice (`V`). The profile shows the slice's excess,
/// CE and soft Dice loss, and the JSON slices carry `rw_excess`.
@Suite struct WorstSliceExcessTests {
  static let dir = Fixtures.packageRoot.appendingPathComponent("Samples/nipype_tpm3mm").path + "/"
  static let files: [LayerRole: String] = [
    .image: dir + "tpm.nii.gz", .groundTruth: dir + "tpm_gt.nii.gz",
    .prediction: dir + "tpm_prob.nii.gz",
  ]

  @Test func worstSlicesByExcessRawSumAChoice() throws {
    let (s, term) = PanelStatsTests.session("Pw", map: "boundary", files: Self.files)
    let a = try #require(s.debug.analysis)
    let p = a.field.profile(.k)
    let st = (0..<p.sliceCount).map { p.statistics(slice: $0) }
    let excess = st.map { $0.rwSum - $0.lowestRWSum }
    let byExcess = (0..<p.sliceCount).sorted {
      excess[$0] != excess[$1] ? excess[$0] > excess[$1] : $0 < $1
    }
    let raw = st.map(\.rwSum)
    let byRaw = (0..<p.sliceCount).sorted { raw[$0] != raw[$1] ? raw[$0] > raw[$1] : $0 < $1 }
    #expect(byExcess.first != byRaw.first, "the sample tells the two rankings apart")
    #expect(s.debug.profileMode == .excess && s.cursor[2] == byExcess[0])
    #expect(
      s.message?.hasPrefix("worst slice 1/\(p.sliceCount): k=\(byExcess[0])  excess ") == true)
    // The profile rows: excess, CE and soft Dice loss, each with the current slice's value.
    let frame = try #require(term.lastFrame)
    let r = ViewLayout(s).bottomPanel
    let rows = (r.y..<(r.y + r.height)).map { frame.lines[$0] }
    let cur = st[byExcess[0]]
    for (name, value) in [
      ("excess", excess[byExcess[0]]), ("CE", cur.ce), ("Dice loss", cur.softDiceLoss),
    ] {
      // Names are right-aligned in their column; the value is the row's last word.
      let row = try #require(
        rows.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(name + " ") }, "\(name) row")
      let shown = String(row.split(separator: " ").last ?? "")
      #expect(shown == pnum(value), "\(name): \(shown) vs \(value)")
    }
    // V: the raw RW sum (the former ranking), then violations.
    let (v, _) = PanelStatsTests.session("PVw", map: "boundary", files: Self.files)
    #expect(v.debug.profileMode == .loss && v.cursor[2] == byRaw[0])
    let (vv, _) = PanelStatsTests.session("PVV", map: "boundary", files: Self.files)
    #expect(vv.debug.profileMode == .violations)
    // The profile export's JSON and CSV carry the excess per slice.
    let export = ProfileExport(
      analysis: a, axis: 2, context: s.reportContext(classCount: a.field.classCount))
    let json = try JSONSerialization.jsonObject(with: Data(export.json().utf8)) as! [String: Any]
    let slices = json["slices"] as! [String: Any]
    let rw = (slices["rw_excess"] as! [NSNumber]).map(\.doubleValue)
    #expect(
      rw.count == p.sliceCount
        && zip(rw, excess).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) })
    let csv = export.csv().split(separator: "\n")
    let head = csv[0].split(separator: ",").map(String.init)
    let col = try #require(head.firstIndex(of: "rw_excess"))
    #expect(
      Double(csv[1 + byExcess[0]].split(separator: ",", omittingEmptySubsequences: false)[col])
        == excess[byExcess[0]])
  }
}
