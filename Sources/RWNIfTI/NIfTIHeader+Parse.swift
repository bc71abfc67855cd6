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
      return parse(FieldReader(b: b, big: big), version: 0)
    case .nifti1(let big):
      return parse(FieldReader(b: b, big: big), version: 1)
    case .nifti2(let big):
      if b.count < 540 {
        throw HeaderProblem("file is too short for a NIfTI-2 header (\(b.count) of 540 bytes)")
      }
      return parse(FieldReader(b: b, big: big), version: 2)
    }
  }

  /// `parse(_:)` for an array of header bytes.
  public static func parse(bytes: [UInt8]) throws(HeaderProblem) -> NIfTIHeader {
    let r: Result<NIfTIHeader, HeaderProblem> = bytes.withUnsafeBytes { b in
      do throws(HeaderProblem) { return .success(try parse(b)) } catch { return .failure(error) }
    }
    return try r.get()
  }

  /// The header of `version` read field by field from the one table (`slot(_:version:)`).
  private static func parse(_ r: FieldReader, version: Int) -> NIfTIHeader {
    var h = NIfTIHeader(
      version: version, bigEndian: r.big, sizeofHdr: version == 2 ? 540 : 348, dim: [],
      datatypeCode: 0, bitpix: 0, pixdim: [], voxOffset: 0, sclSlope: 0, sclInter: 0,
      qformCode: 0, sformCode: 0, quaternB: 0, quaternC: 0, quaternD: 0,
      qoffsetX: 0, qoffsetY: 0, qoffsetZ: 0,
      srowX: [0, 0, 0, 0], srowY: [0, 0, 0, 0], srowZ: [0, 0, 0, 0],
      xyztUnits: 0, intentCode: 0, intentP1: 0, intentP2: 0, intentP3: 0,
      intentName: "", descrip: "", auxFile: "", magic: [], dimInfo: 0,
      sliceStart: 0, sliceEnd: 0, sliceCode: 0, sliceDuration: 0, toffset: 0, calMin: 0,
      calMax: 0, glmin: 0, glmax: 0)
    for field in Field.allCases {
      if let s = slot(field, version: version) { h.set(field, r.value(s)) }
    }
    return h
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
