#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import RWVolume

/// Writing NIfTI-1 files.
extension NIfTI {
  /// Writes a volume as NIfTI-1 (gzipped when the name ends in .gz), atomically.
  public static func writeVolume(_ volume: Volume, to path: String, datatype: NIfTIDatatype = .float32) throws {
    try writeVolume(volume, to: path, datatype: datatype, options: WriteOptions())
  }

  /// What to put in the header besides the data and affine.
  public struct WriteOptions: Sendable {
    /// sform_code and qform_code (1 = scanner, 2 = aligned...).
    public var xformCode: Int = 2
    /// Description (up to 80 Latin-1 characters).
    public var description: String = "rwview"
    /// Intent code (e.g. 1002 = label).
    public var intentCode: Int = 0
    /// gzip level for .gz output.
    public var gzipLevel: Int32 = 6
    public init() {}
  }

  /// Writes `volume` (scaled Float data) as a single-file NIfTI-1 of `datatype`:
  /// header (vox_offset 352, no scaling, units mm/sec), the affine as sform (all 12 entries)
  /// and as qform (quaternion + qfac + zooms from the rotation part), `.gz` when the name says
  /// so. Integer types round to nearest and clamp to the type's range (NaN → 0).
  /// Complex and RGB types are refused. The file is written to a temporary file in the same
  /// directory and renamed over `path`.
  public static func writeVolume(_ volume: Volume, to path: String, datatype: NIfTIDatatype, options: WriteOptions) throws {
    guard datatype.channels == 1 else {
      throw NIfTIError(path: path, problem: "cannot write \(datatype.name): only scalar types are supported")
    }
    guard volume.shape.count <= 7 else {
      throw NIfTIError(path: path, problem: "cannot write \(volume.shape.count) dimensions (NIfTI allows 7)")
    }
    var shape = volume.shape
    while shape.count > 3 && shape.last == 1 { shape.removeLast() }
    var h = NIfTIHeader.blank(shape: shape, datatype: datatype)
    let a = volume.grid.affine
    h.srowX = Array(a.m[0..<4])
    h.srowY = Array(a.m[4..<8])
    h.srowZ = Array(a.m[8..<12])
    let q = QformParameters(affine: a)
    h.quaternB = q.b
    h.quaternC = q.c
    h.quaternD = q.d
    h.qoffsetX = q.offset[0]
    h.qoffsetY = q.offset[1]
    h.qoffsetZ = q.offset[2]
    h.pixdim[0] = q.qfac
    for i in 0..<3 { h.pixdim[i + 1] = q.zooms[i] }
    h.sformCode = options.xformCode
    h.qformCode = options.xformCode
    h.descrip = options.description
    h.intentCode = options.intentCode
    var bytes = h.encoded()
    bytes += [0, 0, 0, 0]  // extender: no extensions
    let header = bytes.count
    let n = volume.data.count
    bytes += [UInt8](repeating: 0, count: n * datatype.bytesPerVoxel)
    bytes.withUnsafeMutableBytes { out in
      volume.data.withUnsafeBufferPointer { src in
        Encode.fromFloat(src, datatype, into: out.baseAddress! + header)
      }
    }
    let payload: [UInt8]
    if path.lowercased().hasSuffix(".gz") {
      do { payload = try bytes.withUnsafeBytes { b throws(HeaderProblem) in try Zlib.gzip(b, level: options.gzipLevel) } } catch {
        throw NIfTIError(path: path, problem: "\(error)")
      }
    } else {
      payload = bytes
    }
    try AtomicFile.write(payload, to: path)
  }

  /// True when `a` and `b` name the same existing file (same device and inode), so an output
  /// path can be checked against every input before writing.
  public static func isSameFile(_ a: String, _ b: String) -> Bool {
    var sa = stat(), sb = stat()
    guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
  }

  /// Throws when `output` is one of `inputs` (or the `.img` of one of them): the viewer never
  /// writes to its inputs.
  public static func refuseOverwritingInput(output: String, inputs: [String]) throws {
    for input in inputs {
      var related = [input]
      if let (h, d, _) = try? NIfTIReader.locate(input) { related += [h, d] }
      for r in related where isSameFile(output, r) {
        throw NIfTIError(path: output, problem: "refusing to overwrite input \(input)")
      }
    }
  }
}

/// Writing a file atomically: a temporary file in the same directory, then rename.
enum AtomicFile {
  static func write(_ bytes: [UInt8], to path: String) throws {
    let slash = path.lastIndex(of: "/")
    let dir = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    var template = Array("\(dir.isEmpty ? "/" : dir)/.\(name).tmp-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    if fd < 0 { throw NIfTIError(path: path, problem: InputFile.errnoText("cannot create a temporary file in \(dir)")) }
    let tmp = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    var ok = false
    defer { if !ok { unlink(tmp) } }
    var done = 0
    let failure: String? = bytes.withUnsafeBytes { b in
      while done < b.count {
        let n = Glibc.write(fd, b.baseAddress! + done, Swift.min(b.count - done, 1 << 30))
        if n < 0 {
          if errno == EINTR { continue }
          return InputFile.errnoText("write failed")
        }
        done += n
      }
      return nil
    }
    _ = fchmod(fd, 0o644)
    if close(fd) != 0 && failure == nil { throw NIfTIError(path: path, problem: InputFile.errnoText("close failed")) }
    if let failure { throw NIfTIError(path: path, problem: failure) }
    if rename(tmp, path) != 0 { throw NIfTIError(path: path, problem: InputFile.errnoText("cannot rename temporary file")) }
    ok = true
  }
}

/// Float → stored type conversion for the writer.
enum Encode {
  static func fromFloat(_ src: UnsafeBufferPointer<Float>, _ t: NIfTIDatatype, into dst: UnsafeMutableRawPointer) {
    switch t {
    case .float32: dst.copyMemory(from: src.baseAddress!, byteCount: src.count * 4)
    case .float64:
      let d = dst.assumingMemoryBound(to: Double.self)
      for i in 0..<src.count { d[i] = Double(src[i]) }
    case .uint8: ints(src, UInt8.self, dst)
    case .int8: ints(src, Int8.self, dst)
    case .int16: ints(src, Int16.self, dst)
    case .uint16: ints(src, UInt16.self, dst)
    case .int32: ints(src, Int32.self, dst)
    case .uint32: ints(src, UInt32.self, dst)
    case .int64: ints(src, Int64.self, dst)
    case .uint64: ints(src, UInt64.self, dst)
    default: break
    }
  }

  private static func ints<T: FixedWidthInteger>(_ src: UnsafeBufferPointer<Float>, _: T.Type, _ dst: UnsafeMutableRawPointer) {
    let d = dst.assumingMemoryBound(to: T.self)
    let lo = Double(T.min), hi = Double(T.max)
    for i in 0..<src.count {
      let v = Double(src[i]).rounded()
      d[i] = v.isNaN ? 0 : v <= lo ? T.min : v >= hi ? T.max : T(v)
    }
  }
}
