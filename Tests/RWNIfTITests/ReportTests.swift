import Foundation
import RWTestSupport
import Testing

@testable import RWNIfTI

/// `rwview info --json --stats` objects agree with nibabel's readings of the conformance files.
@Test(arguments: ConformanceSets.folders)
func infoJSONMatchesNibabel(_ root: String) throws {
  let data = try #require(FileManager.default.contents(atPath: root + "/expected.json"))
  let doc = try #require(try MiniJSON.parse(data) as? [String: Any])
  var checked = 0
  for e in doc["files"] as? [[String: Any]] ?? [] {
    guard e["expected_reader_outcome"] as? String == "load", e["value_kind"] as? String == "scalar",
      let rel = e["file"] as? String
    else { continue }
    let report = try NIfTIReport.make(path: root + "/" + rel, stats: true)
    // Where rwview reads a file unlike nibabel on purpose, the fields concerned are compared
    // in ConformanceTests (`Deliberate`): here the report must agree with its own reader.
    let departures = Deliberate.departures(try NIfTI.readImage(path: root + "/" + rel).info)
    let o = try #require(
      try MiniJSON.parse(Data(report.json.utf8)) as? [String: Any], "valid JSON for \(rel)")
    #expect(o["file"] as? String == root + "/" + rel)
    #expect(Conformance.ints(o["shape"]) == Conformance.ints(e["shape"]), "\(rel) shape")
    #expect(
      (o["datatype"] as? NSNumber)?.intValue
        == (e["header"] as? [String: Any])?["datatype"].flatMap { ($0 as? NSNumber)?.intValue })
    #expect(o["dtype"] as? String == e["datatype_name"] as? String, "\(rel) dtype")
    #expect(o["axcodes"] as? String == (e["axcodes"] as? [String])?.joined(), "\(rel) axcodes")
    #expect(o["nifti_version"] as? NSNumber == e["nifti_version"] as? NSNumber)
    let mine = try #require(Conformance.matrix(o["affine"]))
    let theirs = try #require(Conformance.matrix(e["affine"]))
    for i in 0..<16 { #expect(abs(mine[i] - theirs[i]) <= 1e-5, "\(rel) affine[\(i)]") }
    #expect(Conformance.dbls(o["zooms"]) == Conformance.dbls(e["zooms"]), "\(rel) zooms")
    #expect(TestSupport.num(o["scl_slope"]) == TestSupport.num(e["effective_slope"]))
    #expect(TestSupport.num(o["scl_inter"]) == TestSupport.num(e["effective_inter"]))
    let hd = e["header"] as? [String: Any] ?? [:]
    #expect(o["qform_code"] as? NSNumber == hd["qform_code"] as? NSNumber)
    #expect(o["sform_code"] as? NSNumber == hd["sform_code"] as? NSNumber)
    if departures.contains(.voxOffsetInsideHeader) {
      // nibabel's statistics are of header bytes read as voxels; compare the streamed report
      // with the whole read of the data after the header (GeometryHardeningTests checks those).
      let whole = try NIfTI.readImage(path: root + "/" + rel).channelStats()[0]
      #expect(TestSupport.num(o["min"]) == whole.min && TestSupport.num(o["max"]) == whole.max)
      #expect(TestSupport.close(TestSupport.num(o["sum"]), whole.sum, rel: 1e-12), "\(rel) sum")
      checked += 1
      continue
    }
    let st = try #require((e["data"] as? [String: Any])?["stats"] as? [String: Any])
    for k in ["min", "max", "mean", "std", "sum"] {
      let theirs = TestSupport.num(st[k])
      if o[k] is NSNull {
        // JSON has no NaN or infinity: the report writes null where nibabel's value is not finite.
        #expect(theirs.map { !$0.isFinite } == true, "\(rel) \(k): null, nibabel \(theirs ?? .nan)")
      } else if k == "min" || k == "max" {
        #expect(TestSupport.same(TestSupport.num(o[k]), theirs), "\(rel) \(k)")
      } else {
        #expect(TestSupport.close(TestSupport.num(o[k]), theirs, rel: 1e-9), "\(rel) \(k)")
      }
    }
    #expect((o["nan_count"] as? NSNumber)?.intValue == (st["nan_count"] as? NSNumber)?.intValue)
    checked += 1
  }
  #expect(checked >= (root.hasSuffix("/conformance") ? 10 : 1), "\(root): \(checked) files")
}

/// NaN statistics are written as JSON null; the header-only report has no statistics keys.
@Test func infoJSONWritesNaNAsNull() throws {
  let dir = TemporaryDirectory.make("report").path
  var h = NIfTIHeader.blank(shape: [3, 1, 1], datatype: .float32)
  h.sformCode = 1
  var b = h.encoded() + [0, 0, 0, 0]
  for v: Float in [.nan, .nan, .nan] {
    b += withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init)
  }
  let p = dir + "/nan.nii"
  TestSupport.write(b, p)
  let r = try NIfTIReport.make(path: p, stats: true)
  let o = try #require(try MiniJSON.parse(Data(r.json.utf8)) as? [String: Any])
  #expect(o["min"] is NSNull && o["mean"] is NSNull && o["std"] is NSNull)
  #expect((o["nan_count"] as? NSNumber)?.intValue == 3)
  let plain = try #require(
    try MiniJSON.parse(Data(try NIfTIReport.make(path: p, stats: false).json.utf8))
      as? [String: Any])
  #expect(plain["min"] == nil)
  #expect(plain["axcodes"] as? String == "RAS")
  #expect(r.text.contains("stats: min n/a"))
}
