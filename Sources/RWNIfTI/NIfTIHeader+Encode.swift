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
    w.i32(0, version == 2 ? 540 : 348)
    for field in Field.allCases {
      if let s = Self.slot(field, version: version) { w.put(s, value(field)) }
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
