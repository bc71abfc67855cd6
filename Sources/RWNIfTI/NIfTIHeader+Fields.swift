/// The header spec in code: every field with its byte offset and stored type in each version
/// (the table documented on `NIfTIHeader`). The parser and the encoder both walk it, so an
/// offset is written once.
extension NIfTIHeader {
  /// How a field is stored.
  enum Stored: Equatable {
    case u8, i16, i32, i64, f32, f64
    /// Latin-1 text of at most n bytes (NUL-padded).
    case chars(Int)
    /// n raw bytes.
    case bytes(Int)

    /// Bytes of one element.
    var size: Int {
      switch self {
      case .u8: return 1
      case .i16: return 2
      case .i32, .f32: return 4
      case .i64, .f64: return 8
      case .chars(let n), .bytes(let n): return n
      }
    }
  }

  /// Where a field lives: byte offset, type, and the number of elements (arrays).
  struct Slot: Equatable {
    var offset: Int
    var stored: Stored
    var count = 1
  }

  /// A field's value: whole numbers, real numbers, text or raw bytes.
  enum FieldValue: Equatable {
    case ints([Int])
    case reals([Double])
    case text(String)
    case raw([UInt8])
  }

  /// The fields of a header (beside `sizeof_hdr`, which says the version).
  enum Field: CaseIterable {
    case dimInfo, dim, intentP1, intentP2, intentP3, intentCode, datatype, bitpix, sliceStart
    case pixdim, voxOffset, sclSlope, sclInter, sliceEnd, sliceCode, xyztUnits, calMax, calMin
    case sliceDuration, toffset, glmax, glmin, descrip, auxFile, qformCode, sformCode
    case quaternB, quaternC, quaternD, qoffsetX, qoffsetY, qoffsetZ, srowX, srowY, srowZ
    case intentName, magic, analyzeOrigin
  }

  /// Where `field` lives in a header of `version` (0 Analyze 7.5, 1, 2); nil when that version
  /// has no such field.
  static func slot(_ field: Field, version: Int) -> Slot? {
    switch version {
    case 0: return analyzeSlot(field)
    case 1: return nifti1Slot(field)
    default: return nifti2Slot(field)
    }
  }

  /// NIfTI-1 (348 bytes).
  private static func nifti1Slot(_ field: Field) -> Slot? {
    switch field {
    case .dimInfo: return Slot(offset: 39, stored: .u8)
    case .dim: return Slot(offset: 40, stored: .i16, count: 8)
    case .intentP1: return Slot(offset: 56, stored: .f32)
    case .intentP2: return Slot(offset: 60, stored: .f32)
    case .intentP3: return Slot(offset: 64, stored: .f32)
    case .intentCode: return Slot(offset: 68, stored: .i16)
    case .datatype: return Slot(offset: 70, stored: .i16)
    case .bitpix: return Slot(offset: 72, stored: .i16)
    case .sliceStart: return Slot(offset: 74, stored: .i16)
    case .pixdim: return Slot(offset: 76, stored: .f32, count: 8)
    case .voxOffset: return Slot(offset: 108, stored: .f32)
    case .sclSlope: return Slot(offset: 112, stored: .f32)
    case .sclInter: return Slot(offset: 116, stored: .f32)
    case .sliceEnd: return Slot(offset: 120, stored: .i16)
    case .sliceCode: return Slot(offset: 122, stored: .u8)
    case .xyztUnits: return Slot(offset: 123, stored: .u8)
    case .calMax: return Slot(offset: 124, stored: .f32)
    case .calMin: return Slot(offset: 128, stored: .f32)
    case .sliceDuration: return Slot(offset: 132, stored: .f32)
    case .toffset: return Slot(offset: 136, stored: .f32)
    case .glmax: return Slot(offset: 140, stored: .i32)
    case .glmin: return Slot(offset: 144, stored: .i32)
    case .descrip: return Slot(offset: 148, stored: .chars(80))
    case .auxFile: return Slot(offset: 228, stored: .chars(24))
    case .qformCode: return Slot(offset: 252, stored: .i16)
    case .sformCode: return Slot(offset: 254, stored: .i16)
    case .quaternB: return Slot(offset: 256, stored: .f32)
    case .quaternC: return Slot(offset: 260, stored: .f32)
    case .quaternD: return Slot(offset: 264, stored: .f32)
    case .qoffsetX: return Slot(offset: 268, stored: .f32)
    case .qoffsetY: return Slot(offset: 272, stored: .f32)
    case .qoffsetZ: return Slot(offset: 276, stored: .f32)
    case .srowX: return Slot(offset: 280, stored: .f32, count: 4)
    case .srowY: return Slot(offset: 296, stored: .f32, count: 4)
    case .srowZ: return Slot(offset: 312, stored: .f32, count: 4)
    case .intentName: return Slot(offset: 328, stored: .chars(16))
    case .magic: return Slot(offset: 344, stored: .bytes(4))
    case .analyzeOrigin: return nil
    }
  }

  /// Analyze 7.5 (SPM2): the fields it shares with NIfTI-1 at the same offsets, and SPM's
  /// origin (int16 × 5 at byte 253) where NIfTI-1 has the qform/sform codes.
  private static func analyzeSlot(_ field: Field) -> Slot? {
    switch field {
    case .dim, .datatype, .bitpix, .pixdim, .voxOffset, .sclSlope, .sclInter, .calMax, .calMin,
      .glmax, .glmin, .descrip, .auxFile, .magic:
      return nifti1Slot(field)
    case .analyzeOrigin: return Slot(offset: 253, stored: .i16, count: 5)
    default: return nil
    }
  }

  /// NIfTI-2 (540 bytes).
  private static func nifti2Slot(_ field: Field) -> Slot? {
    switch field {
    case .magic: return Slot(offset: 4, stored: .bytes(8))
    case .datatype: return Slot(offset: 12, stored: .i16)
    case .bitpix: return Slot(offset: 14, stored: .i16)
    case .dim: return Slot(offset: 16, stored: .i64, count: 8)
    case .intentP1: return Slot(offset: 80, stored: .f64)
    case .intentP2: return Slot(offset: 88, stored: .f64)
    case .intentP3: return Slot(offset: 96, stored: .f64)
    case .pixdim: return Slot(offset: 104, stored: .f64, count: 8)
    case .voxOffset: return Slot(offset: 168, stored: .i64)
    case .sclSlope: return Slot(offset: 176, stored: .f64)
    case .sclInter: return Slot(offset: 184, stored: .f64)
    case .calMax: return Slot(offset: 192, stored: .f64)
    case .calMin: return Slot(offset: 200, stored: .f64)
    case .sliceDuration: return Slot(offset: 208, stored: .f64)
    case .toffset: return Slot(offset: 216, stored: .f64)
    case .sliceStart: return Slot(offset: 224, stored: .i64)
    case .sliceEnd: return Slot(offset: 232, stored: .i64)
    case .descrip: return Slot(offset: 240, stored: .chars(80))
    case .auxFile: return Slot(offset: 320, stored: .chars(24))
    case .qformCode: return Slot(offset: 344, stored: .i32)
    case .sformCode: return Slot(offset: 348, stored: .i32)
    case .quaternB: return Slot(offset: 352, stored: .f64)
    case .quaternC: return Slot(offset: 360, stored: .f64)
    case .quaternD: return Slot(offset: 368, stored: .f64)
    case .qoffsetX: return Slot(offset: 376, stored: .f64)
    case .qoffsetY: return Slot(offset: 384, stored: .f64)
    case .qoffsetZ: return Slot(offset: 392, stored: .f64)
    case .srowX: return Slot(offset: 400, stored: .f64, count: 4)
    case .srowY: return Slot(offset: 432, stored: .f64, count: 4)
    case .srowZ: return Slot(offset: 464, stored: .f64, count: 4)
    case .sliceCode: return Slot(offset: 496, stored: .i32)
    case .xyztUnits: return Slot(offset: 500, stored: .i32)
    case .intentCode: return Slot(offset: 504, stored: .i32)
    case .intentName: return Slot(offset: 508, stored: .chars(16))
    case .dimInfo: return Slot(offset: 524, stored: .u8)
    case .glmax, .glmin, .analyzeOrigin: return nil
    }
  }

  /// The value of `field` in this header.
  func value(_ field: Field) -> FieldValue {
    switch field {
    case .dimInfo: return .ints([dimInfo])
    case .dim: return .ints(dim)
    case .intentP1: return .reals([intentP1])
    case .intentP2: return .reals([intentP2])
    case .intentP3: return .reals([intentP3])
    case .intentCode: return .ints([intentCode])
    case .datatype: return .ints([datatypeCode])
    case .bitpix: return .ints([bitpix])
    case .sliceStart: return .ints([sliceStart])
    case .pixdim: return .reals(pixdim)
    case .voxOffset: return .reals([voxOffset])
    case .sclSlope: return .reals([sclSlope])
    case .sclInter: return .reals([sclInter])
    case .sliceEnd: return .ints([sliceEnd])
    case .sliceCode: return .ints([sliceCode])
    case .xyztUnits: return .ints([xyztUnits])
    case .calMax: return .reals([calMax])
    case .calMin: return .reals([calMin])
    case .sliceDuration: return .reals([sliceDuration])
    case .toffset: return .reals([toffset])
    case .glmax: return .ints([glmax])
    case .glmin: return .ints([glmin])
    case .descrip: return .text(descrip)
    case .auxFile: return .text(auxFile)
    case .qformCode: return .ints([qformCode])
    case .sformCode: return .ints([sformCode])
    case .quaternB: return .reals([quaternB])
    case .quaternC: return .reals([quaternC])
    case .quaternD: return .reals([quaternD])
    case .qoffsetX: return .reals([qoffsetX])
    case .qoffsetY: return .reals([qoffsetY])
    case .qoffsetZ: return .reals([qoffsetZ])
    case .srowX: return .reals(srowX)
    case .srowY: return .reals(srowY)
    case .srowZ: return .reals(srowZ)
    case .intentName: return .text(intentName)
    case .magic: return .raw(magic)
    case .analyzeOrigin: return .ints(analyzeOrigin)
    }
  }

  /// Sets `field` from a value read by `FieldReader.value(_:)`.
  mutating func set(_ field: Field, _ v: FieldValue) {
    let ints = v.ints
    let reals = v.reals
    let int = ints.first ?? 0
    let real = reals.first ?? 0
    switch field {
    case .dimInfo: dimInfo = int
    case .dim: dim = ints
    case .intentP1: intentP1 = real
    case .intentP2: intentP2 = real
    case .intentP3: intentP3 = real
    case .intentCode: intentCode = int
    case .datatype: datatypeCode = int
    case .bitpix: bitpix = int
    case .sliceStart: sliceStart = int
    case .pixdim: pixdim = reals
    case .voxOffset: voxOffset = real
    case .sclSlope: sclSlope = real
    case .sclInter: sclInter = real
    case .sliceEnd: sliceEnd = int
    case .sliceCode: sliceCode = int
    case .xyztUnits: xyztUnits = int
    case .calMax: calMax = real
    case .calMin: calMin = real
    case .sliceDuration: sliceDuration = real
    case .toffset: toffset = real
    case .glmax: glmax = int
    case .glmin: glmin = int
    case .descrip: descrip = v.string
    case .auxFile: auxFile = v.string
    case .qformCode: qformCode = int
    case .sformCode: sformCode = int
    case .quaternB: quaternB = real
    case .quaternC: quaternC = real
    case .quaternD: quaternD = real
    case .qoffsetX: qoffsetX = real
    case .qoffsetY: qoffsetY = real
    case .qoffsetZ: qoffsetZ = real
    case .srowX: srowX = reals
    case .srowY: srowY = reals
    case .srowZ: srowZ = reals
    case .intentName: intentName = v.string
    case .magic: magic = v.bytes
    case .analyzeOrigin: analyzeOrigin = ints
    }
  }
}

extension NIfTIHeader.FieldValue {
  /// Whole numbers ([] for other values).
  var ints: [Int] {
    switch self {
    case .ints(let v): return v
    default: return []
    }
  }

  /// Real numbers (whole numbers widened: an int64 `vox_offset` of NIfTI-2 is a Double).
  var reals: [Double] {
    switch self {
    case .reals(let v): return v
    case .ints(let v): return v.map(Double.init)
    default: return []
    }
  }

  /// Text ("" for other values).
  var string: String {
    if case .text(let s) = self { return s }
    return ""
  }

  /// Raw bytes ([] for other values).
  var bytes: [UInt8] {
    if case .raw(let b) = self { return b }
    return []
  }
}

extension FieldReader {
  /// The value in `slot`: whole numbers, reals, text or bytes by its stored type.
  func value(_ slot: NIfTIHeader.Slot) -> NIfTIHeader.FieldValue {
    let o = slot.offset
    let step = slot.stored.size
    let at = (0..<slot.count).map { o + $0 * step }
    switch slot.stored {
    case .u8: return .ints(at.map(u8))
    case .i16: return .ints(at.map(i16))
    case .i32: return .ints(at.map(i32))
    case .i64: return .ints(at.map(i64))
    case .f32: return .reals(at.map(f32))
    case .f64: return .reals(at.map(f64))
    case .chars(let n): return .text(chars(o, n))
    case .bytes(let n): return .raw(bytes(o, n))
    }
  }
}

extension FieldWriter {
  /// Writes `value` into `slot`, each element truncated to the field's width (a real into a
  /// whole-number field: toward zero, saturating).
  mutating func put(_ slot: NIfTIHeader.Slot, _ value: NIfTIHeader.FieldValue) {
    let step = slot.stored.size
    for k in 0..<slot.count {
      let o = slot.offset + k * step
      let reals = value.reals
      let real = k < reals.count ? reals[k] : 0
      let ints = value.ints
      let int: Int
      if k < ints.count {
        int = ints[k]
      } else {
        int = Int(exactly: real.rounded(.towardZero)) ?? (real > 0 ? Int.max : 0)
      }
      switch slot.stored {
      case .u8: u8(o, int)
      case .i16: i16(o, int)
      case .i32: i32(o, int)
      case .i64: i64(o, int)
      case .f32: f32(o, real)
      case .f64: f64(o, real)
      case .chars(let n): chars(o, n, value.string)
      case .bytes(let n): raw(o, Array(value.bytes.prefix(n)))
      }
    }
  }
}
