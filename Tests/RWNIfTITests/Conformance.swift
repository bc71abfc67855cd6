import Foundation
import RWVolume

@testable import RWNIfTI

/// Compares what the reader sees with nibabel's readings in an `expected.json`
/// (format: `shared/data/conformance/README.md`). Returns one line per mismatch.
enum Conformance {
  typealias J = [String: Any]

  /// Checks every entry of `expectedPath` (files relative to `root`). Returns
  /// (number of entries checked, mismatch lines).
  static func check(root: String, expectedPath: String) -> (
    checked: Int, problems: [String], summary: [String]
  ) {
    guard let data = FileManager.default.contents(atPath: expectedPath),
      let doc = try? MiniJSON.parse(data) as? J, let files = doc["files"] as? [J]
    else { return (0, ["cannot read \(expectedPath)"], []) }
    var problems: [String] = []
    var summary: [String] = []
    for e in files {
      guard let rel = e["file"] as? String else { continue }
      let path = root + "/" + rel
      // An entry nibabel itself crashed on ("oracle failure") has no outcome: either is fine.
      let outcome = e["expected_reader_outcome"] as? String ?? "either"
      var p: [String] = []
      if let oracle = e["oracle_error"] as? String {
        // nibabel itself failed to describe this file: nothing to compare, but it must not crash us.
        let outcome = (try? NIfTI.readImage(path: path)) == nil ? "refused" : "loaded"
        summary.append("\(rel): \(outcome) (no oracle: \(oracle))")
        continue
      }
      do {
        let image = try NIfTI.readImage(path: path)
        let departures = Deliberate.departures(image.info)
        if outcome == "reject" && !departures.contains(.voxOffsetInsideHeader) {
          p.append("loaded but nibabel rejects it (\(e["error_kind"] ?? "?"))")
        } else if outcome != "reject" {
          p += compare(image, e)
          // loadVolume must agree on shape and scaled values.
          p += checkVolume(path: path, image: image)
        }
        p += Deliberate.checkAnnounced(image.info, departures)
        let noted =
          departures.isEmpty
          ? ""
          : " (deliberately unlike nibabel: \(departures.map(\.rawValue).joined(separator: ", ")))"
        summary.append("\(rel): loaded, \(p.isEmpty ? "matches" : "\(p.count) mismatches")\(noted)")
      } catch let err as NIfTIError {
        if outcome == "load" { p.append("failed to load: \(err)") }
        if !err.description.hasPrefix(path) { p.append("error does not name the file: \(err)") }
        if (try? NIfTI.loadVolume(path: path)) != nil {
          p.append("loadVolume succeeded where readImage failed")
        }
        summary.append("\(rel): refused (\(outcome)): \(err.problem)")
      } catch {
        p.append("unexpected error type: \(error)")
      }
      problems += p.map { "\(rel): \($0)" }
    }
    return (files.count, problems, summary)
  }

  static func ints(_ v: Any?) -> [Int]? {
    (v as? [Any])?.compactMap { ($0 as? NSNumber)?.intValue }
  }
  static func dbls(_ v: Any?) -> [Double?]? { (v as? [Any])?.map { TestSupport.num($0) } }
  static func matrix(_ v: Any?) -> [Double]? {
    guard let rows = v as? [[Any]] else { return nil }
    return rows.flatMap { $0.map { TestSupport.num($0) ?? .nan } }
  }

  static func compare(_ img: NIfTIImage, _ e: J) -> [String] {
    var p: [String] = []
    let info = img.info
    let h = info.header
    let analyze = e["format"] as? String == "analyze"
    /// For Analyze, NIfTI-only fields are null in expected.json: nothing to compare.
    func skipNull(_ v: Any?) -> Bool { analyze && (v == nil || v is NSNull) }
    func eq<T: Equatable>(_ name: String, _ mine: T, _ theirs: T?) {
      if analyze && theirs == nil { return }
      if theirs == nil || mine != theirs! {
        p.append("\(name): mine \(mine), nibabel \(theirs.map { "\($0)" } ?? "nil")")
      }
    }
    func num(_ name: String, _ mine: Double, _ theirs: Any?) {
      if skipNull(theirs) { return }
      if !TestSupport.same(mine, TestSupport.num(theirs)) {
        p.append("\(name): mine \(mine), nibabel \(theirs ?? "nil")")
      }
    }
    func nums(_ name: String, _ mine: [Double], _ theirs: Any?) {
      if skipNull(theirs) { return }
      guard let t = dbls(theirs), t.count == mine.count,
        zip(mine, t).allSatisfy({ TestSupport.same($0, $1) })
      else {
        p.append("\(name): mine \(mine), nibabel \(theirs ?? "nil")")
        return
      }
    }
    if analyze {
      if !h.isAnalyze { p.append("nibabel reads Analyze, I read NIfTI-\(h.version)") }
    } else {
      eq("nifti_version", h.version, (e["nifti_version"] as? NSNumber)?.intValue)
    }
    guard let hd = e["header"] as? J else { return p + ["no header in expected.json"] }
    eq("sizeof_hdr", h.sizeofHdr, (hd["sizeof_hdr"] as? NSNumber)?.intValue)
    eq("dim", h.dim, ints(hd["dim"]))
    eq("datatype", h.datatypeCode, (hd["datatype"] as? NSNumber)?.intValue)
    eq("bitpix", h.bitpix, (hd["bitpix"] as? NSNumber)?.intValue)
    nums("pixdim", h.pixdim, hd["pixdim"])
    num("vox_offset", h.voxOffset, hd["vox_offset"])
    num("scl_slope", h.sclSlope, hd["scl_slope"])
    num("scl_inter", h.sclInter, hd["scl_inter"])
    eq("endianness", h.bigEndian ? "big" : "little", hd["endianness"] as? String)
    eq("descrip", h.descrip, hd["descrip"] as? String)
    eq("qform_code", h.qformCode, (hd["qform_code"] as? NSNumber)?.intValue)
    eq("sform_code", h.sformCode, (hd["sform_code"] as? NSNumber)?.intValue)
    eq("xyzt_units", h.xyztUnits, (hd["xyzt_units"] as? NSNumber)?.intValue)
    eq("intent_code", h.intentCode, (hd["intent_code"] as? NSNumber)?.intValue)
    num("quatern_b", h.quaternB, hd["quatern_b"])
    num("quatern_c", h.quaternC, hd["quatern_c"])
    num("quatern_d", h.quaternD, hd["quatern_d"])
    num("qoffset_x", h.qoffsetX, hd["qoffset_x"])
    num("qoffset_y", h.qoffsetY, hd["qoffset_y"])
    num("qoffset_z", h.qoffsetZ, hd["qoffset_z"])
    num("intent_p1", h.intentP1, hd["intent_p1"])
    num("intent_p2", h.intentP2, hd["intent_p2"])
    num("intent_p3", h.intentP3, hd["intent_p3"])
    nums("srow_x", h.srowX, hd["srow_x"])
    nums("srow_y", h.srowY, hd["srow_y"])
    nums("srow_z", h.srowZ, hd["srow_z"])
    eq("intent_name", h.intentName, hd["intent_name"] as? String)
    eq("magic", h.magicString, hd["magic"] as? String)
    // nibabel's struct holds 4 magic bytes in both versions (NIfTI-2 keeps the rest as eol_check).
    eq(
      "magic_hex", h.magic.prefix(4).map { String(format: "%02x", $0) }.joined(),
      hd["magic_hex"] as? String)
    if analyze { eq("analyze_origin", h.analyzeOrigin, ints(hd["analyze_origin"])) }
    if let x = hd["extra"] as? J, analyze {
      num("cal_min", h.calMin, x["cal_min"])
      num("cal_max", h.calMax, x["cal_max"])
      eq("glmin", h.glmin, (x["glmin"] as? NSNumber)?.intValue)
      eq("glmax", h.glmax, (x["glmax"] as? NSNumber)?.intValue)
      eq("aux_file", h.auxFile, x["aux_file"] as? String)
    } else if let x = hd["extra"] as? J {
      eq("dim_info", h.dimInfo, (x["dim_info"] as? NSNumber)?.intValue)
      eq("slice_start", h.sliceStart, (x["slice_start"] as? NSNumber)?.intValue)
      eq("slice_end", h.sliceEnd, (x["slice_end"] as? NSNumber)?.intValue)
      eq("slice_code", h.sliceCode, (x["slice_code"] as? NSNumber)?.intValue)
      num("slice_duration", h.sliceDuration, x["slice_duration"])
      num("toffset", h.toffset, x["toffset"])
      num("cal_min", h.calMin, x["cal_min"])
      num("cal_max", h.calMax, x["cal_max"])
      eq("aux_file", h.auxFile, x["aux_file"] as? String)
    }
    // Extensions.
    if let ex = e["extensions"] as? J {
      let ext = info.extensions
      if Deliberate.departures(info).contains(.voxOffsetInsideHeader) {
        // nibabel reads no extension area when the data start inside the header; rwview reads
        // the data after the header, so it holds the 4 extender bytes found there.
        eq("extender", ext.extender?.count, 4)
      } else {
        eq("extender", (ext.extender ?? []).map { Int($0) }, ints(ex["extender"]) ?? [])
      }
      eq("extension count", ext.items.count, (ex["count"] as? NSNumber)?.intValue)
      eq("extension problem", ext.problem ?? "", (ex["problem"] as? String) ?? "")
      for (mine, theirs) in zip(ext.items, ex["list"] as? [J] ?? []) {
        eq("ecode", mine.ecode, (theirs["ecode"] as? NSNumber)?.intValue)
        eq("esize", mine.esize, (theirs["esize"] as? NSNumber)?.intValue)
        eq("extension offset", mine.offset, (theirs["offset"] as? NSNumber)?.intValue)
        eq("extension sha256", SHA256.hex(mine.content), theirs["content_sha256"] as? String)
      }
    }
    // Shape, type, zooms, units.
    eq("shape", info.layout.shape, ints(e["shape"]))
    eq("datatype_name", NIfTIDatatype.name(code: h.datatypeCode), e["datatype_name"] as? String)
    nums("zooms", h.zooms, e["zooms"])
    if let u = e["xyzt_units_decoded"] as? [String] {
      eq("xyzt_units_decoded", [h.unitNames.space, h.unitNames.time], u)
    }
    if let i = e["intent_decoded"] as? String {
      // nibabel raises on unknown intent codes ("error: …"); mine says "code N".
      if i.hasPrefix("error:") {
        eq("intent_decoded", h.intentDecoded, "unknown code \(h.intentCode)")
      } else {
        eq("intent_decoded", h.intentDecoded, i)
      }
    }
    // Geometry. Where rwview skips nibabel's transform on purpose (`Deliberate`), nibabel's
    // choice is compared instead of the one rwview uses.
    let departures = Deliberate.departures(info)
    let ownAffine = !departures.contains(.unusableTransform)
    let source = ownAffine ? h.affineSource : h.nibabelAffineSource
    let tol = source == .qform ? 1e-5 : 0
    compareMatrix(
      "affine", ownAffine ? h.affine.m : h.nibabelAffine?.m, matrix(e["affine"]), tol: tol, into: &p
    )
    if !analyze {
      // (For Analyze, make_expected labels the source by "origin non-zero" only; the matrix decides.)
      eq("affine_source", source.rawValue, e["affine_source"] as? String)
      compareMatrix("sform", h.sform.m, matrix(e["sform"]), tol: 0, into: &p)
      compareMatrix("qform", h.qform?.m, matrix(e["qform"]), tol: 1e-5, into: &p)
    }
    if let ax = e["axcodes"] as? [Any] {
      let theirs = String(ax.map { ($0 as? String) ?? "?" }.joined())
      eq("axcodes", ownAffine ? h.axcodes : h.nibabelAffine?.axcodes ?? "???", theirs)
    }
    // Scaling.
    num("effective_slope", info.scaling.slope, e["effective_slope"])
    num("effective_inter", info.scaling.inter, e["effective_inter"])
    eq("scaling_applies", info.scalingApplies, e["scaling_applies"] as? Bool)
    // Data (nibabel reads other bytes as voxels when rwview moves the data start).
    if departures.contains(.voxOffsetInsideHeader) { return p }
    guard let d = e["data"] as? J else {
      return p + ["expected.json has no data for a loadable file"]
    }
    let ch = img.datatype.channels
    let scaled = img.scaledDoubles()
    let stats = scaled.withUnsafeBufferPointer { b in
      (0..<ch).map { ValueStats(b, offset: $0, stride: ch) }
    }
    // The statistics `info --stats` streams, in pieces of 48 bytes so that even these small
    // files cross many piece boundaries.
    let streamed: [ValueStats]
    do {
      streamed = try NIfTIReader.channelStats(try NIfTIReader.open(info.path), blockBytes: 48)
    } catch {
      return p + ["streamed statistics failed: \(error)"]
    }
    for (label, mine) in [("stats", stats), ("streamed stats", streamed)] {
      if ch == 1 {
        compareStats(label, mine[0], d["stats"] as? J, into: &p)
      } else if let byName = d["stats"] as? J {
        for (k, name) in img.datatype.channelNames.enumerated() {
          compareStats("\(label).\(name)", mine[k], byName[name] as? J, into: &p)
        }
      }
    }
    let f64 = scaled.withUnsafeBytes { b -> String in
      var le = [UInt8](b)
      #if _endian(big)
        le = scaled.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
      #endif
      return SHA256.hex(le)
    }
    eq("sha256_f64", f64, d["sha256_f64"] as? String)
    let rawLE = img.rawLittleEndian
    eq("raw_bytes", rawLE.count, (d["raw_bytes"] as? NSNumber)?.intValue)
    eq("sha256_raw_le", SHA256.hex(rawLE), d["sha256_raw_le"] as? String)
    for v in d["voxels"] as? [J] ?? [] {
      guard let li = (v["linear_index"] as? NSNumber)?.intValue, let idx = ints(v["index"]) else {
        continue
      }
      let label = v["label"] as? String ?? "?"
      // The linear index from the index tuple, i fastest.
      var lin = 0
      var stride = 1
      for (i, n) in zip(idx, info.layout.shape) {
        lin += i * stride
        stride *= n
      }
      eq("voxel \(label) linear index", lin, li)
      let mine = (0..<ch).map { scaled[li * ch + $0] }
      let theirs: [Double?] = ch == 1 ? [TestSupport.num(v["value"])] : (dbls(v["value"]) ?? [])
      if theirs.count != ch || !zip(mine, theirs).allSatisfy({ TestSupport.same($0, $1) }) {
        p.append("voxel \(label) value: mine \(mine), nibabel \(v["value"] ?? "nil")")
      }
      let rawMine = rawValue(img, li)
      let rawTheirs: [Double?] =
        ch == 1 ? [TestSupport.num(v["raw_value"])] : (dbls(v["raw_value"]) ?? [])
      if rawTheirs.count != ch || !zip(rawMine, rawTheirs).allSatisfy({ TestSupport.same($0, $1) })
      {
        p.append("voxel \(label) raw: mine \(rawMine), nibabel \(v["raw_value"] ?? "nil")")
      }
    }
    return p
  }

  /// The stored value(s) of voxel `li` as Doubles (unscaled).
  static func rawValue(_ img: NIfTIImage, _ li: Int) -> [Double] {
    let ch = img.datatype.channels
    let comp = img.datatype.componentBytes
    return img.raw.withUnsafeBytes { b in
      var out = [Double](repeating: 0, count: ch)
      out.withUnsafeMutableBufferPointer { o in
        Convert.toDouble(
          b.baseAddress! + li * ch * comp, img.datatype, count: ch, into: o.baseAddress!)
      }
      return out
    }
  }

  static func compareMatrix(
    _ name: String, _ mine: [Double]?, _ theirs: [Double]?, tol: Double, into p: inout [String]
  ) {
    if mine == nil && theirs == nil { return }
    guard let mine, let theirs, mine.count == 16, theirs.count == 16 else {
      p.append(
        "\(name): mine \(mine.map { "\($0)" } ?? "nil"), nibabel \(theirs.map { "\($0)" } ?? "nil")"
      )
      return
    }
    for i in 0..<16 where !(TestSupport.same(mine[i], theirs[i]) || abs(mine[i] - theirs[i]) <= tol)
    {
      p.append("\(name)[\(i / 4)][\(i % 4)]: mine \(mine[i]), nibabel \(theirs[i])")
    }
  }

  static func compareStats(_ name: String, _ s: ValueStats, _ t: J?, into p: inout [String]) {
    guard let t else { return p.append("\(name): missing in expected.json") }
    func exact(_ k: String, _ v: Int) {
      if v != (t[k] as? NSNumber)?.intValue {
        p.append("\(name).\(k): mine \(v), nibabel \(t[k] ?? "nil")")
      }
    }
    exact("count", s.count)
    exact("nan_count", s.nanCount)
    exact("posinf_count", s.posinfCount)
    exact("neginf_count", s.neginfCount)
    exact("nonzero_count", s.nonzeroCount)
    for (k, v) in [("min", s.min), ("max", s.max)] where !TestSupport.same(v, TestSupport.num(t[k]))
    {
      p.append("\(name).\(k): mine \(v.map { "\($0)" } ?? "nil"), nibabel \(t[k] ?? "nil")")
    }
    for (k, v) in [("sum", s.sum), ("mean", s.mean), ("std", s.std)]
    where !TestSupport.close(v, TestSupport.num(t[k]), rel: 1e-9) {
      p.append("\(name).\(k): mine \(v.map { "\($0)" } ?? "nil"), nibabel \(t[k] ?? "nil")")
    }
  }

  /// loadVolume agrees with readImage: padded shape and Float values.
  static func checkVolume(path: String, image: NIfTIImage) -> [String] {
    do {
      let (vol, _) = try NIfTI.loadVolume(path: path)
      let floats = image.scaledFloats()
      var p: [String] = []
      if vol.data.count != floats.count {
        p.append("loadVolume has \(vol.data.count) values, expected \(floats.count)")
      } else if !zip(vol.data, floats).allSatisfy({ $0 == $1 || ($0.isNaN && $1.isNaN) }) {
        p.append("loadVolume values differ from scaled raw data")
      }
      if Array(vol.shape.prefix(image.info.layout.shape.count)) != image.info.layout.shape {
        p.append("loadVolume shape \(vol.shape) does not start with \(image.info.layout.shape)")
      }
      return p
    } catch {
      return ["loadVolume failed: \(error)"]
    }
  }
}

/// Where rwview reads a file differently from nibabel on purpose (issue 8, geometry
/// hardening). Each departure is named in the summary, and the reader must announce it with
/// a warning; the rest of the file is still compared with nibabel's reading.
enum Deliberate: String {
  /// nibabel's sform or qform is not finite or singular: rwview uses the next usable
  /// transform (qform, then pixdim only) and warns naming `sform` or `qform`.
  case unusableTransform = "unusable sform/qform skipped"
  /// A single file's vox_offset lies inside the header: nibabel reads from byte 0 (or
  /// refuses); rwview reads after the header and extensions and warns naming `vox_offset`.
  case voxOffsetInsideHeader = "voxels read after the header, not at vox_offset"

  /// The departures that apply to a loaded file.
  static func departures(_ info: NIfTIFileInfo) -> [Deliberate] {
    var out: [Deliberate] = []
    if info.header.affineSource != info.header.nibabelAffineSource {
      out.append(.unusableTransform)
    }
    if !info.isPair && info.header.voxOffset < Double(info.header.sizeofHdr + 4) {
      out.append(.voxOffsetInsideHeader)
    }
    return out
  }

  /// Problems when a departure is not announced by a warning naming the field.
  static func checkAnnounced(_ info: NIfTIFileInfo, _ departures: [Deliberate]) -> [String] {
    var p: [String] = []
    for d in departures {
      let names = d == .unusableTransform ? ["sform", "qform"] : ["vox_offset"]
      if !info.warnings.contains(where: { w in names.contains { w.hasPrefix($0) } }) {
        p.append(
          "\(d.rawValue) without a warning naming \(names.joined(separator: "/")): \(info.warnings)"
        )
      }
    }
    if departures.contains(.voxOffsetInsideHeader)
      && info.layout.voxOffset < info.header.sizeofHdr + 4
    {
      p.append(
        "vox_offset inside the header, but the data are still read from byte \(info.layout.voxOffset)"
      )
    }
    return p
  }
}
