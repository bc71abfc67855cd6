import Foundation
import ZIPFoundation

/// Reads arrays from numpy `.npz` files (a zip of `.npy` members, stored or deflated) and
/// plain `.npy` files, as Float in C order.
///
/// The zip container is ZIPFoundation's; the `.npy` header is `NPYHeader`'s. Sizes are
/// checked before anything is allocated: the member's declared size must equal the header's
/// size, a deflated member cannot claim more than deflate can expand to, and the data must fit
/// in `maxBytes`. The CRC-32 of every member read is checked.
public enum NPZ {
  /// An array read from a file.
  public struct Array: Sendable {
    /// Its header (shape, dtype, order as stored).
    public var header: NPYHeader
    /// The elements as Float, C order (last axis fastest).
    public var values: [Float]
  }

  /// Deflate expands at most 1032:1; more is a lie in the zip directory.
  static let maxDeflateRatio: UInt64 = 1032

  /// The names of the arrays in an `.npz` file (member names without `.npy`), in stored order.
  public static func arrayNames(path: String) throws(DatasetError) -> [String] {
    let archive = try open(path)
    return archive.compactMap { e in
      e.type == .file && e.path.hasSuffix(".npy") ? String(e.path.dropLast(4)) : nil
    }
  }

  /// Reads the array `name` of an `.npz` file. `maxBytes` bounds the Float storage.
  public static func readArray(path: String, name: String, maxBytes: Int) throws(DatasetError)
    -> Array
  {
    let archive = try open(path)
    guard let entry = archive[name + ".npy"], entry.type == .file else {
      let names = archive.compactMap { $0.type == .file ? $0.path : nil }
      let list = names.isEmpty ? "it holds no arrays" : "it holds \(names.joined(separator: ", "))"
      throw DatasetError(path, "has no '\(name)' array (\(list))")
    }
    let declared = entry.uncompressedSize
    if entry.isCompressed {
      guard declared / maxDeflateRatio <= entry.compressedSize + 1 else {
        throw DatasetError(
          path,
          "\(name).npy declares \(declared) bytes from \(entry.compressedSize) compressed bytes"
            + " (more than deflate can hold): the file is damaged")
      }
    } else if declared != entry.compressedSize {
      throw DatasetError(path, "\(name).npy is stored with inconsistent sizes: the file is damaged")
    }
    var reader = StreamingArray(path: path, member: name + ".npy", maxBytes: maxBytes)
    let crc: CRC32
    do {
      crc = try archive.extract(entry, bufferSize: 1 << 18, skipCRC32: false) { data in
        try reader.consume(data, declaredSize: declared)
      }
    } catch let e as DatasetError {
      throw e
    } catch {
      throw DatasetError(
        path, "\(name).npy cannot be read (\(zipProblem(error))): the file is damaged")
    }
    guard crc == entry.checksum else {
      throw DatasetError(path, "\(name).npy fails its CRC-32 check: the file is damaged")
    }
    return try reader.finish()
  }

  /// Reads a plain `.npy` file.
  public static func readNPY(path: String, maxBytes: Int) throws(DatasetError) -> Array {
    guard let h = FileHandle(forReadingAtPath: path) else {
      throw DatasetError(path, "cannot be opened for reading")
    }
    defer { try? h.close() }
    let size = (try? h.seekToEnd()).map { UInt64($0) } ?? 0
    try? h.seek(toOffset: 0)
    var reader = StreamingArray(path: path, member: nil, maxBytes: maxBytes)
    while true {
      let chunk: Data
      do {
        chunk = try h.read(upToCount: 1 << 20) ?? Data()
      } catch {
        throw DatasetError(path, "cannot be read (\(error.localizedDescription))")
      }
      if chunk.isEmpty { break }
      try reader.consume(chunk, declaredSize: size)
    }
    return try reader.finish()
  }

  static func open(_ path: String) throws(DatasetError) -> Archive {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
      throw DatasetError(path, "no such file")
    }
    guard !isDir.boolValue else { throw DatasetError(path, "is a folder, expected an .npz file") }
    do {
      return try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    } catch {
      throw DatasetError(path, "is not a readable .npz (zip) file (\(zipProblem(error)))")
    }
  }

  /// ZIPFoundation's error, named for a person.
  static func zipProblem(_ error: Error) -> String {
    if let e = error as? Archive.ArchiveError {
      switch e {
      case .unreadableArchive, .missingEndOfCentralDirectoryRecord:
        return "no zip directory"
      case .invalidCRC32: return "CRC-32 mismatch"
      default: return "\(e)"
      }
    }
    return "\(error)"
  }
}

/// Collects a `.npy` stream: the header first, then the elements straight into Float storage.
struct StreamingArray {
  let path: String
  let member: String?
  let maxBytes: Int
  private var head: [UInt8] = []
  private var header: NPYHeader?
  private var decoder: NPYDecoder?
  private var values: [Float] = []

  init(path: String, member: String?, maxBytes: Int) {
    self.path = path
    self.member = member
    self.maxBytes = maxBytes
  }

  /// "CASE.npz: probabilities.npy " or "CASE.npy ".
  private var prefix: String { member.map { "\($0) " } ?? "" }

  mutating func consume(_ data: Data, declaredSize: UInt64) throws(DatasetError) {
    var rest = data[...]
    if header == nil {
      head += rest.prefix(max(0, 4096 - head.count))
      rest = rest.dropFirst(min(rest.count, 4096))
      var total = 0
      do throws(NPYError) {
        guard head.count >= NPYHeader.prefixLength else {
          if rest.isEmpty && head.count >= 10 { _ = try NPYHeader.headerLength(head) }
          return
        }
        total = try NPYHeader.headerLength(head)
        if head.count < total {
          // A header longer than the first block: keep collecting (bounded by maxDictLength).
          head += rest
          rest = rest[rest.endIndex...]
          if head.count < total { return }
        }
        let h = try NPYHeader.parse(Swift.Array(head.prefix(total)))
        try admit(h, declaredSize: declaredSize)
        header = h
      } catch {
        throw DatasetError(path, prefix + error.problem)
      }
      let h = header!
      decoder = NPYDecoder(header: h)
      values = [Float](repeating: 0, count: h.elementCount)
      let tail = Swift.Array(head[total...])
      head = []
      try feed(tail[...])
    }
    try feed(rest)
  }

  /// Refuses a header whose data size disagrees with the container or exceeds `maxBytes`.
  private func admit(_ h: NPYHeader, declaredSize: UInt64) throws(NPYError) {
    let (floatBytes, o) = h.elementCount.multipliedReportingOverflow(by: 4)
    guard !o, floatBytes <= maxBytes else {
      throw NPYError(
        "has shape \(NPYHeader.shapeText(h.shape)): \(h.elementCount) values need "
          + "\(Self.size(floatBytes)), more than the \(Self.size(maxBytes)) allowed")
    }
    guard UInt64(h.dataOffset) + UInt64(h.byteCount) == declaredSize else {
      throw NPYError(
        "is \(declaredSize) bytes but its header says \(h.dataOffset + h.byteCount)"
          + " (shape \(NPYHeader.shapeText(h.shape)), \(h.scalar.rawValue)): the file is damaged")
    }
  }

  /// "1440 bytes" or "512 MiB".
  static func size(_ b: Int) -> String {
    b < 1 << 20 ? "\(b) bytes" : "\((b + (1 << 20) - 1) >> 20) MiB"
  }

  private mutating func feed(_ bytes: ArraySlice<UInt8>) throws(DatasetError) {
    guard !bytes.isEmpty else { return }
    try feedRaw(Data(bytes))
  }

  private mutating func feed(_ bytes: Data.SubSequence) throws(DatasetError) {
    guard !bytes.isEmpty else { return }
    try feedRaw(Data(bytes))
  }

  private mutating func feedRaw(_ data: Data) throws(DatasetError) {
    guard var d = decoder else { return }
    var failure: NPYError?
    values.withUnsafeMutableBufferPointer { out in
      data.withUnsafeBytes { raw in
        do throws(NPYError) {
          try d.feed(raw, into: out.baseAddress!)
        } catch {
          failure = error
        }
      }
    }
    decoder = d
    if let failure { throw DatasetError(path, prefix + failure.problem) }
  }

  mutating func finish() throws(DatasetError) -> NPZ.Array {
    guard let h = header, let d = decoder else {
      throw DatasetError(path, prefix + "is cut off inside its header")
    }
    guard d.isComplete else {
      throw DatasetError(
        path,
        prefix + "is cut off: \(d.written) of \(h.elementCount) values"
          + " (shape \(NPYHeader.shapeText(h.shape)))")
    }
    return NPZ.Array(header: h, values: values)
  }
}

extension NPZ {
  /// The header of array `name` without reading its data (for memory estimates).
  public static func header(path: String, name: String) throws(DatasetError) -> NPYHeader {
    let archive = try open(path)
    guard let entry = archive[name + ".npy"], entry.type == .file else {
      throw DatasetError(path, "has no '\(name)' array")
    }
    struct Enough: Error {}
    var head: [UInt8] = []
    do {
      _ = try archive.extract(entry, bufferSize: 4096, skipCRC32: true) { data in
        head += data
        if head.count >= 4096 { throw Enough() }
      }
    } catch is Enough {
    } catch {
      throw DatasetError(path, "\(name).npy cannot be read (\(zipProblem(error)))")
    }
    do throws(NPYError) {
      return try NPYHeader.parse(head)
    } catch {
      throw DatasetError(path, "\(name).npy " + error.problem)
    }
  }
}
