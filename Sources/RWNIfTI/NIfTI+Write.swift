import RWSystem
import RWVolume
import RWZlib

/// Writing NIfTI-1 files.
extension NIfTI {
  /// Writes a volume as NIfTI-1 (gzipped when the name ends in .gz), atomically, unless the
  /// output guard refuses `path` (an input of this process or of `protecting`, a device...).
  public static func writeVolume(
    _ volume: Volume, to path: String, datatype: NIfTIDatatype = .float32,
    protecting: [String] = []
  ) throws {
    try writeVolume(
      volume, to: path, datatype: datatype, options: WriteOptions(), protecting: protecting)
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
  /// Complex and RGB types are refused. The destination is checked by RWSystem's output guard,
  /// then the file is streamed (4 MiB blocks encoded and compressed one at a time, so no copy
  /// of the volume is made) to a temporary file in the same directory and renamed over `path`.
  public static func writeVolume(
    _ volume: Volume, to path: String, datatype: NIfTIDatatype, options: WriteOptions,
    protecting: [String] = []
  ) throws {
    guard datatype.channels == 1 else {
      throw NIfTIError(
        path: path, problem: "cannot write \(datatype.name): only scalar types are supported")
    }
    guard volume.shape.count <= 7 else {
      throw NIfTIError(
        path: path, problem: "cannot write \(volume.shape.count) dimensions (NIfTI allows 7)")
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
    var head = h.encoded()
    head += [0, 0, 0, 0]  // extender: no extensions
    let file = try AtomicFile(path: path, protecting: protecting)
    let deflater: Zlib.Deflater?
    do {
      deflater =
        path.lowercased().hasSuffix(".gz") ? try Zlib.Deflater(level: options.gzipLevel) : nil
    } catch {
      throw NIfTIError(path: path, problem: "\(error)")
    }
    func emit(_ block: UnsafeRawBufferPointer, last: Bool) throws {
      if let deflater {
        try deflater.compress(block, finish: last) { try file.write($0) }
      } else {
        try file.write(block)
      }
    }
    let n = volume.data.count
    let width = datatype.bytesPerVoxel
    let blockValues = (4 << 20) / width
    let scratch = UnsafeMutableRawPointer.allocate(byteCount: blockValues * width, alignment: 16)
    defer { scratch.deallocate() }
    try head.withUnsafeBytes { try emit($0, last: n == 0) }
    try volume.data.withUnsafeBufferPointer { src in
      var start = 0
      while start < n {
        let end = Swift.min(n, start + blockValues)
        let part = UnsafeBufferPointer(rebasing: src[start..<end])
        Encode.fromFloat(part, datatype, into: scratch)
        try emit(UnsafeRawBufferPointer(start: scratch, count: part.count * width), last: end == n)
        start = end
      }
    }
    try file.commit()
  }

  /// The files reading `paths` opens: each path, and for a `.hdr`/`.img` the other file of its
  /// pair. Writers pass them to the output guard as `protecting` (files already read are
  /// protected anyway: RWSystem records every input it opens).
  public static func inputFiles(_ paths: [String]) -> [String] {
    var out: [String] = []
    for p in paths {
      out.append(p)
      if let (h, d, pair) = try? NIfTIReader.locate(p), pair { out += [h, d] }
    }
    return out
  }
}
