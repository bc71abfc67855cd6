/// Decoding a header from its bytes.
extension NIfTIHeader {
  /// What the first 4 bytes (`sizeof_hdr`) say about a file.
  public enum Sniff: Equatable, Sendable {
    /// NIfTI-1 (348 + NIfTI magic), NIfTI-2 (540), with byte order.
    case nifti1(bigEndian: Bool)
    case nifti2(bigEndian: Bool)
    /// 348 but no `n+1`/`ni1` magic: Analyze 7.5.
    case analyze(bigEndian: Bool)
    /// Neither order gives 348 or 540.
    case notNIfTI
  }

  /// Classifies a file from its first bytes as the conformance README describes: `sizeof_hdr`
  /// read little-endian, then big-endian; 540 is NIfTI-2; 348 with magic `n+1`/`ni1` at byte
  /// 344 is NIfTI-1, otherwise Analyze.
  public static func sniff(_ b: UnsafeRawBufferPointer) -> Sniff {
    guard b.count >= 4 else { return .notNIfTI }
    let le = Int(Int32(littleEndian: b.loadUnaligned(as: Int32.self)))
    let be = Int(Int32(bigEndian: b.loadUnaligned(as: Int32.self)))
    for (value, big) in [(le, false), (be, true)] {
      if value == 540 { return .nifti2(bigEndian: big) }
      if value == 348 {
        if b.count >= 348, b[344] == 0x6E, b[345] == 0x2B || b[345] == 0x69, b[346] == 0x31,
          b[347] == 0
        {
          return .nifti1(bigEndian: big)
        }
        return .analyze(bigEndian: big)
      }
    }
    return .notNIfTI
  }

  /// Decodes a NIfTI-1 or NIfTI-2 header. `b` must hold at least `sizeof_hdr` bytes.
  /// Throws a one-line problem for anything that is not a NIfTI header.
  public static func parse(_ b: UnsafeRawBufferPointer) throws(HeaderProblem) -> NIfTIHeader {
    switch sniff(b) {
    case .notNIfTI:
      if b.count < 4 {
        throw HeaderProblem("file is too short for a NIfTI header (\(b.count) bytes)")
      }
      throw HeaderProblem(
        "not a NIfTI file (sizeof_hdr is neither 348 nor 540 in either byte order)")
    case .analyze(let big):
      if b.count < 348 {
        throw HeaderProblem("file is too short for a NIfTI-1 header (\(b.count) of 348 bytes)")
      }
      return parseAnalyze(FieldReader(b: b, big: big))
    case .nifti1(let big):
      return parse1(FieldReader(b: b, big: big))
    case .nifti2(let big):
      if b.count < 540 {
        throw HeaderProblem("file is too short for a NIfTI-2 header (\(b.count) of 540 bytes)")
      }
      return parse2(FieldReader(b: b, big: big))
    }
  }

  /// `parse(_:)` for an array of header bytes.
  public static func parse(bytes: [UInt8]) throws(HeaderProblem) -> NIfTIHeader {
    let r: Result<NIfTIHeader, HeaderProblem> = bytes.withUnsafeBytes { b in
      do throws(HeaderProblem) { return .success(try parse(b)) } catch { return .failure(error) }
    }
    return try r.get()
  }

  private static func parse1(_ r: FieldReader) -> NIfTIHeader {
    NIfTIHeader(
      version: 1, bigEndian: r.big, sizeofHdr: 348,
      dim: (0..<8).map { r.i16(40 + 2 * $0) }, datatypeCode: r.i16(70), bitpix: r.i16(72),
      pixdim: (0..<8).map { r.f32(76 + 4 * $0) }, voxOffset: r.f32(108),
      sclSlope: r.f32(112), sclInter: r.f32(116),
      qformCode: r.i16(252), sformCode: r.i16(254),
      quaternB: r.f32(256), quaternC: r.f32(260), quaternD: r.f32(264),
      qoffsetX: r.f32(268), qoffsetY: r.f32(272), qoffsetZ: r.f32(276),
      srowX: (0..<4).map { r.f32(280 + 4 * $0) }, srowY: (0..<4).map { r.f32(296 + 4 * $0) },
      srowZ: (0..<4).map { r.f32(312 + 4 * $0) },
      xyztUnits: r.u8(123), intentCode: r.i16(68),
      intentP1: r.f32(56), intentP2: r.f32(60), intentP3: r.f32(64),
      intentName: r.chars(328, 16), descrip: r.chars(148, 80), auxFile: r.chars(228, 24),
      magic: r.bytes(344, 4), dimInfo: r.u8(39),
      sliceStart: r.i16(74), sliceEnd: r.i16(120), sliceCode: r.u8(122),
      sliceDuration: r.f32(132), toffset: r.f32(136), calMin: r.f32(128), calMax: r.f32(124),
      glmin: r.i32(144), glmax: r.i32(140))
  }

  /// Analyze 7.5 (SPM2): the fields shared with NIfTI-1 at the same offsets, plus SPM's
  /// origin (int16 × 5 at byte 253). NIfTI-only fields are zero.
  private static func parseAnalyze(_ r: FieldReader) -> NIfTIHeader {
    var h = NIfTIHeader(
      version: 0, bigEndian: r.big, sizeofHdr: 348,
      dim: (0..<8).map { r.i16(40 + 2 * $0) }, datatypeCode: r.i16(70), bitpix: r.i16(72),
      pixdim: (0..<8).map { r.f32(76 + 4 * $0) }, voxOffset: r.f32(108),
      sclSlope: r.f32(112), sclInter: r.f32(116),
      qformCode: 0, sformCode: 0, quaternB: 0, quaternC: 0, quaternD: 0,
      qoffsetX: 0, qoffsetY: 0, qoffsetZ: 0,
      srowX: [0, 0, 0, 0], srowY: [0, 0, 0, 0], srowZ: [0, 0, 0, 0],
      xyztUnits: 0, intentCode: 0, intentP1: 0, intentP2: 0, intentP3: 0,
      intentName: "", descrip: r.chars(148, 80), auxFile: r.chars(228, 24),
      magic: r.bytes(344, 4), dimInfo: 0,
      sliceStart: 0, sliceEnd: 0, sliceCode: 0,
      sliceDuration: 0, toffset: 0, calMin: r.f32(128), calMax: r.f32(124),
      glmin: r.i32(144), glmax: r.i32(140))
    h.analyzeOrigin = (0..<5).map { r.i16(253 + 2 * $0) }
    return h
  }

  private static func parse2(_ r: FieldReader) -> NIfTIHeader {
    NIfTIHeader(
      version: 2, bigEndian: r.big, sizeofHdr: 540,
      dim: (0..<8).map { r.i64(16 + 8 * $0) }, datatypeCode: r.i16(12), bitpix: r.i16(14),
      pixdim: (0..<8).map { r.f64(104 + 8 * $0) }, voxOffset: Double(r.i64(168)),
      sclSlope: r.f64(176), sclInter: r.f64(184),
      qformCode: r.i32(344), sformCode: r.i32(348),
      quaternB: r.f64(352), quaternC: r.f64(360), quaternD: r.f64(368),
      qoffsetX: r.f64(376), qoffsetY: r.f64(384), qoffsetZ: r.f64(392),
      srowX: (0..<4).map { r.f64(400 + 8 * $0) }, srowY: (0..<4).map { r.f64(432 + 8 * $0) },
      srowZ: (0..<4).map { r.f64(464 + 8 * $0) },
      xyztUnits: r.i32(500), intentCode: r.i32(504),
      intentP1: r.f64(80), intentP2: r.f64(88), intentP3: r.f64(96),
      intentName: r.chars(508, 16), descrip: r.chars(240, 80), auxFile: r.chars(320, 24),
      magic: r.bytes(4, 8), dimInfo: r.u8(524),
      sliceStart: r.i64(224), sliceEnd: r.i64(232), sliceCode: r.i32(496),
      sliceDuration: r.f64(208), toffset: r.f64(216), calMin: r.f64(200), calMax: r.f64(192),
      glmin: 0, glmax: 0)
  }
}

/// A one-line description of what is wrong with a header or its data.
public struct HeaderProblem: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// Reads fixed-offset fields in a given byte order (all reads are bounds-checked by the caller:
/// the buffer holds `sizeof_hdr` bytes).
struct FieldReader {
  let b: UnsafeRawBufferPointer
  let big: Bool

  func u8(_ o: Int) -> Int { Int(b[o]) }
  func i16(_ o: Int) -> Int {
    let v = b.loadUnaligned(fromByteOffset: o, as: Int16.self)
    return Int(big ? Int16(bigEndian: v) : Int16(littleEndian: v))
  }
  func i32(_ o: Int) -> Int {
    let v = b.loadUnaligned(fromByteOffset: o, as: Int32.self)
    return Int(big ? Int32(bigEndian: v) : Int32(littleEndian: v))
  }
  func i64(_ o: Int) -> Int {
    let v = b.loadUnaligned(fromByteOffset: o, as: Int64.self)
    return Int(big ? Int64(bigEndian: v) : Int64(littleEndian: v))
  }
  func f32(_ o: Int) -> Double {
    let v = b.loadUnaligned(fromByteOffset: o, as: UInt32.self)
    return Double(Float(bitPattern: big ? UInt32(bigEndian: v) : UInt32(littleEndian: v)))
  }
  func f64(_ o: Int) -> Double {
    let v = b.loadUnaligned(fromByteOffset: o, as: UInt64.self)
    return Double(bitPattern: big ? UInt64(bigEndian: v) : UInt64(littleEndian: v))
  }
  func bytes(_ o: Int, _ n: Int) -> [UInt8] { Array(b[o..<(o + n)]) }
  /// A char field up to its first NUL, each byte as the Unicode scalar of the same value.
  func chars(_ o: Int, _ n: Int) -> String {
    var s = String.UnicodeScalarView()
    for i in o..<(o + n) {
      if b[i] == 0 { break }
      s.append(Unicode.Scalar(b[i]))
    }
    return String(s)
  }
}
