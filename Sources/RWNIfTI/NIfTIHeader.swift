/// Every field of a NIfTI-1 or NIfTI-2 header, decoded from the file's byte order and widened
/// (integers to `Int`, float32/float64 to `Double`; a float32 widens exactly).
///
/// Values are stored raw, as found in the file: nibabel's load-time repairs (qfac, zero or
/// negative pixdim, invalid xform codes) are applied by the computed properties in
/// `NIfTIHeader+Geometry.swift`, never here.
///
/// NIfTI-1 layout (348 bytes, `sizeof_hdr` = 348), byte offset and C type:
///
/// | off | field | type | | off | field | type |
/// |---|---|---|---|---|---|---|
/// | 0 | sizeof_hdr | int32 | | 123 | xyzt_units | char |
/// | 4 | data_type (unused) | char[10] | | 124 | cal_max | float32 |
/// | 14 | db_name (unused) | char[18] | | 128 | cal_min | float32 |
/// | 32 | extents (unused) | int32 | | 132 | slice_duration | float32 |
/// | 36 | session_error (unused) | int16 | | 136 | toffset | float32 |
/// | 38 | regular (unused) | char | | 140 | glmax (unused) | int32 |
/// | 39 | dim_info | char | | 144 | glmin (unused) | int32 |
/// | 40 | dim | int16[8] | | 148 | descrip | char[80] |
/// | 56 | intent_p1 | float32 | | 228 | aux_file | char[24] |
/// | 60 | intent_p2 | float32 | | 252 | qform_code | int16 |
/// | 64 | intent_p3 | float32 | | 254 | sform_code | int16 |
/// | 68 | intent_code | int16 | | 256 | quatern_b, _c, _d | float32 ×3 |
/// | 70 | datatype | int16 | | 268 | qoffset_x, _y, _z | float32 ×3 |
/// | 72 | bitpix | int16 | | 280 | srow_x | float32[4] |
/// | 74 | slice_start | int16 | | 296 | srow_y | float32[4] |
/// | 76 | pixdim | float32[8] | | 312 | srow_z | float32[4] |
/// | 108 | vox_offset | float32 | | 328 | intent_name | char[16] |
/// | 112 | scl_slope | float32 | | 344 | magic | char[4] (`n+1\0` / `ni1\0`) |
/// | 116 | scl_inter | float32 | | | | |
/// | 120 | slice_end | int16 | | | | |
/// | 122 | slice_code | char | | | | |
///
/// NIfTI-2 layout (540 bytes, `sizeof_hdr` = 540):
///
/// | off | field | type | | off | field | type |
/// |---|---|---|---|---|---|---|
/// | 0 | sizeof_hdr | int32 | | 240 | descrip | char[80] |
/// | 4 | magic | char[8] (`n+2\0\r\n\x1a\n`) | | 320 | aux_file | char[24] |
/// | 12 | datatype | int16 | | 344 | qform_code | int32 |
/// | 14 | bitpix | int16 | | 348 | sform_code | int32 |
/// | 16 | dim | int64[8] | | 352 | quatern_b, _c, _d | float64 ×3 |
/// | 80 | intent_p1, _p2, _p3 | float64 ×3 | | 376 | qoffset_x, _y, _z | float64 ×3 |
/// | 104 | pixdim | float64[8] | | 400 | srow_x | float64[4] |
/// | 168 | vox_offset | int64 | | 432 | srow_y | float64[4] |
/// | 176 | scl_slope | float64 | | 464 | srow_z | float64[4] |
/// | 184 | scl_inter | float64 | | 496 | slice_code | int32 |
/// | 192 | cal_max | float64 | | 500 | xyzt_units | int32 |
/// | 200 | cal_min | float64 | | 504 | intent_code | int32 |
/// | 208 | slice_duration | float64 | | 508 | intent_name | char[16] |
/// | 216 | toffset | float64 | | 524 | dim_info | char |
/// | 224 | slice_start | int64 | | 525 | unused_str | char[15] |
/// | 232 | slice_end | int64 | | | | |
///
/// Both are followed by the 4-byte extender at offset `sizeof_hdr` (see `NIfTIExtensions`).
public struct NIfTIHeader: Sendable, Equatable {
  /// 1 or 2 for NIfTI; 0 for an Analyze 7.5 header (SPM2 flavour, read as nibabel's
  /// `Spm2AnalyzeImage` does: NIfTI-only fields are 0/empty, `sclSlope`/`sclInter` are SPM's
  /// funused1/funused2 at the same offsets, `analyzeOrigin` is SPM's origin).
  public var version: Int
  /// True when the file is big-endian (detected from `sizeof_hdr`).
  public var bigEndian: Bool
  /// 348 (NIfTI-1) or 540 (NIfTI-2).
  public var sizeofHdr: Int
  /// `dim[0]` (number of dimensions) then `dim[1...7]`.
  public var dim: [Int]
  /// The datatype code (see `NIfTIDatatype`).
  public var datatypeCode: Int
  /// Bits per voxel as stored.
  public var bitpix: Int
  /// `pixdim[0]` (qfac) then the voxel sizes `pixdim[1...7]`, raw.
  public var pixdim: [Double]
  /// Byte offset of the voxel data in the data file (a float in NIfTI-1).
  public var voxOffset: Double
  /// Data scaling slope as stored (0 and non-finite mean "no scaling").
  public var sclSlope: Double
  /// Data scaling intercept as stored.
  public var sclInter: Double
  /// Code of the quaternion transform (0 = unknown).
  public var qformCode: Int
  /// Code of the srow transform (0 = unknown).
  public var sformCode: Int
  /// Quaternion b, c, d.
  public var quaternB: Double, quaternC: Double, quaternD: Double
  /// Quaternion offsets (translation).
  public var qoffsetX: Double, qoffsetY: Double, qoffsetZ: Double
  /// Rows of the sform, 4 entries each.
  public var srowX: [Double], srowY: [Double], srowZ: [Double]
  /// Units of space (bits 0-2) and time (bits 3-5).
  public var xyztUnits: Int
  /// Statistical intent code and its parameters.
  public var intentCode: Int
  public var intentP1: Double, intentP2: Double, intentP3: Double
  /// Intent name (Latin-1, up to the first NUL).
  public var intentName: String
  /// Description (Latin-1, up to the first NUL, trailing spaces kept).
  public var descrip: String
  /// Auxiliary file name.
  public var auxFile: String
  /// All magic bytes (4 in NIfTI-1, 8 in NIfTI-2).
  public var magic: [UInt8]
  /// Frequency/phase/slice dimension codes.
  public var dimInfo: Int
  /// Slice timing fields.
  public var sliceStart: Int, sliceEnd: Int, sliceCode: Int
  public var sliceDuration: Double, toffset: Double
  /// Display range.
  public var calMin: Double, calMax: Double
  /// Unused Analyze fields kept by NIfTI-1 (0 in NIfTI-2).
  public var glmin: Int, glmax: Int
  /// Analyze only: SPM's `origin`, 5 × int16 at byte 253 (1-based voxel of world 0).
  public var analyzeOrigin: [Int] = [0, 0, 0, 0, 0]

  /// True for an Analyze 7.5 header.
  public var isAnalyze: Bool { version == 0 }

  /// The magic text up to the first NUL (`"n+1"`, `"ni1"`, `"n+2"`, `"ni2"`).
  public var magicString: String {
    String(decoding: magic.prefix { $0 != 0 }, as: Unicode.ASCII.self)
  }
}
