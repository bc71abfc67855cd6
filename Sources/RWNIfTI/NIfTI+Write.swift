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
