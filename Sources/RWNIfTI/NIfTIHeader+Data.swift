/// Data layout and scaling derived from a header, every size checked for overflow.
extension NIfTIHeader {
  /// The checked description of the voxel block.
  public struct DataLayout: Sendable, Equatable {
    /// The stored type.
    public var datatype: NIfTIDatatype
    /// `dim[1] … dim[ndim]`.
    public var shape: [Int]
    /// Product of `shape`.
    public var voxelCount: Int
    /// `voxelCount × bytesPerVoxel`.
    public var byteCount: Int
    /// Byte offset of the block in the data file (`Int(vox_offset)`, truncated as nibabel does;
    /// for a single file whose vox_offset lies inside the header, where the reader found the
    /// data after the header and extensions).
    public var voxOffset: Int

    /// True when a single file's `voxOffset` points inside the header and its extender.
    public func isInsideHeader(sizeofHdr: Int) -> Bool { voxOffset < sizeofHdr + 4 }
  }

  /// Largest voxel block accepted (2^46 bytes = 64 TiB): any larger is a hostile header.
  static let maxDataBytes = 1 << 46

  /// Validates dims, datatype and vox_offset and computes the sizes of the voxel block.
  ///
  /// Throws for `dim[0]` outside 1...7, a zero or negative dim, a product that overflows,
  /// an unknown or unsupported datatype, and a vox_offset that is negative or not finite.
  /// A single file's vox_offset inside the header (below `sizeof_hdr + 4`) is returned as it
  /// is: `isInsideHeader` tells the reader to look for the data after the header and
  /// extensions instead (nibabel reads a vox_offset of 0 from byte 0 and refuses the rest).
  public func dataLayout(singleFile: Bool) throws(HeaderProblem) -> DataLayout {
    guard (1...7).contains(dim[0]) else {
      throw HeaderProblem("dim[0] is \(dim[0]); it must be 1 to 7")
    }
    let dataShape = try self.dataShape()
    var count = 1
    for (k, n) in dataShape.enumerated() {
      if n < 0 { throw HeaderProblem("dim[\(k + 1)] is negative (\(n))") }
      if n == 0 { throw HeaderProblem("dim[\(k + 1)] is 0: the image has no voxels") }
      let (p, overflow) = count.multipliedReportingOverflow(by: n)
      if overflow || p > Self.maxDataBytes {
        throw HeaderProblem("dims \(dataShape) multiply to more voxels than can exist (overflow)")
      }
      count = p
    }
    if isAnalyze && ![2, 4, 8, 16, 32, 64, 128].contains(datatypeCode) {
      throw HeaderProblem("datatype code \(datatypeCode) is not an Analyze 7.5 datatype")
    }
    guard let type = NIfTIDatatype(rawValue: datatypeCode) else {
      if [1, 1536, 2048].contains(datatypeCode) {
        throw HeaderProblem(
          "datatype \(NIfTIDatatype.name(code: datatypeCode)) (code \(datatypeCode)) is not supported"
        )
      }
      throw HeaderProblem("unknown datatype code \(datatypeCode)")
    }
    let (bytes, overflow) = count.multipliedReportingOverflow(by: type.bytesPerVoxel)
    if overflow || bytes > Self.maxDataBytes {
      throw HeaderProblem("dims \(shape) of \(type.name) need more bytes than can exist (overflow)")
    }
    guard voxOffset.isFinite, voxOffset >= 0, voxOffset < Double(Self.maxDataBytes) else {
      throw HeaderProblem("vox_offset \(voxOffset) is not a valid byte offset")
    }
    let offset = Int(voxOffset)
    return DataLayout(
      datatype: type, shape: dataShape, voxelCount: count, byteCount: bytes, voxOffset: offset)
  }

  /// The data shape as nibabel reports it: `dim[1...ndim]`, except for NIfTI-1's two FreeSurfer
  /// conventions: `(-1, 1, 1, …)` means a vector of `glmin` elements, and `(27307, 1, 6, …)`
  /// is the ico7 surface `(163842, 1, 1, …)`.
  public func dataShape() throws(HeaderProblem) -> [Int] {
    var s = shape
    guard version == 1, s.count >= 3 else { return s }
    if s[0] == -1 && s[1] == 1 && s[2] == 1 {
      if glmin == 0 { throw HeaderProblem("dim[1] is -1 (FreeSurfer vector) but glmin is 0") }
      s[0] = glmin
    } else if s[0] == 27307 && s[1] == 1 && s[2] == 6 {
      s[0] = 163842
      s[2] = 1
    }
    return s
  }

  /// The scale factors nibabel applies: the file's (slope, inter) when the slope is finite and
  /// non-zero, otherwise (1, 0). A usable slope with a non-finite intercept is an error, as in
  /// nibabel. Both are the stored values widened to Double.
  public func effectiveScaling() throws(HeaderProblem) -> (slope: Double, inter: Double) {
    if isAnalyze { return analyzeScaling }
    if sclSlope == 0 || !sclSlope.isFinite { return (1, 0) }
    if !sclInter.isFinite {
      throw HeaderProblem("scl_slope is \(sclSlope) but scl_inter is \(sclInter)")
    }
    return (sclSlope, sclInter)
  }

  /// SPM2's rule (nibabel `Spm2AnalyzeHeader.get_slope_inter`): funused1 is the slope when
  /// finite and non-zero, with funused2 as intercept (0 if not finite); otherwise slope and
  /// intercept from glmin/glmax (int32 arithmetic) and cal_min/cal_max (float32 arithmetic)
  /// when both ranges are non-zero; otherwise no scaling.
  var analyzeScaling: (slope: Double, inter: Double) {
    if sclSlope.isFinite && sclSlope != 0 {
      return (sclSlope, sclInter.isFinite ? sclInter : 0)
    }
    let unscaled = Int32(truncatingIfNeeded: glmax) &- Int32(truncatingIfNeeded: glmin)
    let scaled = Float(calMax) - Float(calMin)
    if unscaled != 0 && scaled != 0 {
      let slope = Double(scaled) / Double(unscaled)
      return (slope, calMin - slope * Double(glmin))
    }
    return (1, 0)
  }

  /// Problems that nibabel repairs or ignores at load time, as warning lines.
  public func repairWarnings(singleFile: Bool) -> [String] {
    var w: [String] = []
    let spatial = Swift.min(Swift.max(dim[0], 0), 3)
    for i in 1...3 {
      let p = pixdim[i]
      if p.isNaN && i <= Swift.max(spatial, 1) {
        w.append(
          "pixdim[\(i)] is NaN; voxel spacing along axis \(i) is unknown (using 1 for display)")
      } else if p == 0 && i <= spatial {
        w.append("pixdim[\(i)] is 0; using 1 as nibabel does")
      } else if p < 0 && i <= spatial {
        w.append("pixdim[\(i)] is negative (\(p)); using \(-p) as nibabel does")
      } else if p.isInfinite && i <= spatial {
        w.append("pixdim[\(i)] is infinite")
      }
    }
    if let t = NIfTIDatatype(rawValue: datatypeCode), bitpix != t.bytesPerVoxel * 8 {
      w.append(
        "bitpix is \(bitpix) but \(t.name) has \(t.bytesPerVoxel * 8) bits; using the datatype")
    }
    if isAnalyze {
      w.append("Analyze 7.5 header (not NIfTI): orientation is assumed (SPM convention, x flipped)")
      return w
    }
    if !Self.validXformCode(qformCode) {
      w.append("qform_code \(qformCode) is not valid; treated as 0")
    }
    if !Self.validXformCode(sformCode) {
      w.append("sform_code \(sformCode) is not valid; treated as 0")
    }
    let m = magicString
    let expected = singleFile ? "n+\(version)" : "ni\(version)"
    if m != expected {
      w.append(
        "magic is \"\(m)\" but a \(singleFile ? "single" : "pair") file should say \"\(expected)\"")
    }
    return w + geometryWarnings
  }
}
