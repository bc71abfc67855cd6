/// Encoding a header back to bytes (the writer, and tests that build hostile files).
extension NIfTIHeader {
  /// A NIfTI-1 header for a single `.nii` with the given shape and datatype, identity-free:
  /// every field zero except dims, datatype/bitpix, pixdim (1), vox_offset 352, scl_slope 1,
  /// magic `n+1`.
  public static func blank(shape: [Int], datatype: NIfTIDatatype, version: Int = 1) -> NIfTIHeader {
    precondition((1...7).contains(shape.count))
    var dim = [shape.count] + shape
    while dim.count < 8 { dim.append(1) }
    return NIfTIHeader(
      version: version, bigEndian: false, sizeofHdr: version == 1 ? 348 : 540, dim: dim,
      datatypeCode: datatype.rawValue, bitpix: datatype.bytesPerVoxel * 8,
      pixdim: [1, 1, 1, 1, 1, 1, 1, 1], voxOffset: version == 1 ? 352 : 544, sclSlope: 1,
      sclInter: 0,
      qformCode: 0, sformCode: 0, quaternB: 0, quaternC: 0, quaternD: 0, qoffsetX: 0, qoffsetY: 0,
      qoffsetZ: 0, srowX: [1, 0, 0, 0], srowY: [0, 1, 0, 0], srowZ: [0, 0, 1, 0], xyztUnits: 10,
      intentCode: 0, intentP1: 0, intentP2: 0, intentP3: 0, intentName: "", descrip: "",
      auxFile: "",
      magic: version == 1 ? [0x6E, 0x2B, 0x31, 0] : [0x6E, 0x2B, 0x32, 0, 0x0D, 0x0A, 0x1A, 0x0A],
      dimInfo: 0, sliceStart: 0, sliceEnd: 0, sliceCode: 0, sliceDuration: 0, toffset: 0, calMin: 0,
      calMax: 0, glmin: 0, glmax: 0)
  }

  /// The header as `sizeofHdr` bytes in its byte order (`bigEndian`), fields at the offsets
  /// documented on `NIfTIHeader`. Values that do not fit their field are truncated to its width.
  public func encoded() -> [UInt8] {
    var w = FieldWriter(count: version == 2 ? 540 : 348, big: bigEndian)
    if version == 0 {
      w.i32(0, 348)
      for i in 0..<8 { w.i16(40 + 2 * i, dim[i]) }
      w.i16(70, datatypeCode)
      w.i16(72, bitpix)
      for i in 0..<8 { w.f32(76 + 4 * i, pixdim[i]) }
      w.f32(108, voxOffset)
      w.f32(112, sclSlope)
      w.f32(116, sclInter)
      w.f32(124, calMax)
      w.f32(128, calMin)
      w.i32(140, glmax)
      w.i32(144, glmin)
      w.chars(148, 80, descrip)
      w.chars(228, 24, auxFile)
      for i in 0..<5 { w.i16(253 + 2 * i, analyzeOrigin[i]) }
      w.raw(344, Array(magic.prefix(4)))
    } else if version == 1 {
      w.i32(0, 348)
      w.u8(39, dimInfo)
      for i in 0..<8 { w.i16(40 + 2 * i, dim[i]) }
      w.f32(56, intentP1)
      w.f32(60, intentP2)
      w.f32(64, intentP3)
      w.i16(68, intentCode)
      w.i16(70, datatypeCode)
      w.i16(72, bitpix)
      w.i16(74, sliceStart)
      for i in 0..<8 { w.f32(76 + 4 * i, pixdim[i]) }
      w.f32(108, voxOffset)
      w.f32(112, sclSlope)
      w.f32(116, sclInter)
      w.i16(120, sliceEnd)
      w.u8(122, sliceCode)
      w.u8(123, xyztUnits)
      w.f32(124, calMax)
      w.f32(128, calMin)
      w.f32(132, sliceDuration)
      w.f32(136, toffset)
      w.i32(140, glmax)
      w.i32(144, glmin)
      w.chars(148, 80, descrip)
      w.chars(228, 24, auxFile)
      w.i16(252, qformCode)
      w.i16(254, sformCode)
      w.f32(256, quaternB)
      w.f32(260, quaternC)
      w.f32(264, quaternD)
      w.f32(268, qoffsetX)
      w.f32(272, qoffsetY)
      w.f32(276, qoffsetZ)
      for i in 0..<4 {
        w.f32(280 + 4 * i, srowX[i])
        w.f32(296 + 4 * i, srowY[i])
        w.f32(312 + 4 * i, srowZ[i])
      }
      w.chars(328, 16, intentName)
      w.raw(344, Array(magic.prefix(4)))
    } else {
      w.i32(0, 540)
      w.raw(4, Array(magic.prefix(8)))
      w.i16(12, datatypeCode)
      w.i16(14, bitpix)
      for i in 0..<8 { w.i64(16 + 8 * i, dim[i]) }
      w.f64(80, intentP1)
      w.f64(88, intentP2)
      w.f64(96, intentP3)
      for i in 0..<8 { w.f64(104 + 8 * i, pixdim[i]) }
      w.i64(168, Int(exactly: voxOffset.rounded(.towardZero)) ?? (voxOffset > 0 ? Int.max : 0))
      w.f64(176, sclSlope)
      w.f64(184, sclInter)
      w.f64(192, calMax)
      w.f64(200, calMin)
      w.f64(208, sliceDuration)
      w.f64(216, toffset)
      w.i64(224, sliceStart)
      w.i64(232, sliceEnd)
      w.chars(240, 80, descrip)
      w.chars(320, 24, auxFile)
      w.i32(344, qformCode)
      w.i32(348, sformCode)
      w.f64(352, quaternB)
      w.f64(360, quaternC)
      w.f64(368, quaternD)
      w.f64(376, qoffsetX)
      w.f64(384, qoffsetY)
      w.f64(392, qoffsetZ)
      for i in 0..<4 {
        w.f64(400 + 8 * i, srowX[i])
        w.f64(432 + 8 * i, srowY[i])
        w.f64(464 + 8 * i, srowZ[i])
      }
      w.i32(496, sliceCode)
      w.i32(500, xyztUnits)
      w.i32(504, intentCode)
      w.chars(508, 16, intentName)
      w.u8(524, dimInfo)
    }
    return w.bytes
  }
}

/// Writes fixed-offset fields in a given byte order.
struct FieldWriter {
  var bytes: [UInt8]
  let big: Bool

  init(count: Int, big: Bool) {
    bytes = [UInt8](repeating: 0, count: count)
    self.big = big
  }

  mutating func put<T: FixedWidthInteger>(_ o: Int, _ v: T) {
    let e = big ? v.bigEndian : v.littleEndian
    withUnsafeBytes(of: e) { for (i, b) in $0.enumerated() { bytes[o + i] = b } }
  }
  mutating func u8(_ o: Int, _ v: Int) { bytes[o] = UInt8(truncatingIfNeeded: v) }
  mutating func i16(_ o: Int, _ v: Int) { put(o, Int16(truncatingIfNeeded: v)) }
  mutating func i32(_ o: Int, _ v: Int) { put(o, Int32(truncatingIfNeeded: v)) }
  mutating func i64(_ o: Int, _ v: Int) { put(o, Int64(v)) }
  mutating func f32(_ o: Int, _ v: Double) { put(o, Float(v).bitPattern) }
  mutating func f64(_ o: Int, _ v: Double) { put(o, v.bitPattern) }
  mutating func raw(_ o: Int, _ b: [UInt8]) { for (i, x) in b.enumerated() { bytes[o + i] = x } }
  /// Latin-1 text, cut to `n` bytes (a NUL follows when it is shorter).
  mutating func chars(_ o: Int, _ n: Int, _ s: String) {
    var i = 0
    for u in s.unicodeScalars where i < n {
      bytes[o + i] = u.value < 256 ? UInt8(u.value) : 0x3F
      i += 1
    }
  }
}
