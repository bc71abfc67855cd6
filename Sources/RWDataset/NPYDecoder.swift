/// Converts the element bytes of a `.npy` array, fed in chunks of any size, to Float in C
/// order (last axis fastest), whatever the stored order and byte order.
///
/// For nnU-Net's `(C, z, y, x)` probabilities, C order is exactly the NIfTI layout of an
/// `(x, y, z, C)` volume (x fastest, one block per channel); a Fortran-order array is
/// scattered into that order as it streams, so no second copy is made.
struct NPYDecoder {
  let header: NPYHeader
  /// Elements written so far (in stored order).
  private(set) var written = 0
  /// Bytes of an element split across two chunks.
  private var carry: [UInt8] = []
  /// Fortran order: the multi-index of the next element and C-order strides.
  private var index: [Int]
  private let strides: [Int]
  private var dest = 0

  init(header: NPYHeader) {
    self.header = header
    index = [Int](repeating: 0, count: header.shape.count)
    var s = [Int](repeating: 1, count: header.shape.count)
    var acc = 1
    for a in stride(from: header.shape.count - 1, through: 0, by: -1) {
      s[a] = acc
      acc = acc &* header.shape[a]
    }
    strides = s
  }

  /// True once every element has been written.
  var isComplete: Bool { written == header.elementCount }

  /// Decodes `bytes` into `out` (which holds `elementCount` floats). Throws when the data run
  /// past the declared shape.
  mutating func feed(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<Float>)
    throws(NPYError)
  {
    let size = header.scalar.size
    var p = 0
    if !carry.isEmpty {
      let need = min(size - carry.count, bytes.count)
      carry += bytes[0..<need]
      p = need
      if carry.count < size { return }
      let v = carry.withUnsafeBytes { element($0, at: 0) }
      carry = []
      try store(v, into: out)
    }
    let whole = (bytes.count - p) / size
    guard written + whole <= header.elementCount else {
      throw NPYError("holds more data than its shape \(NPYHeader.shapeText(header.shape)) declares")
    }
    if !header.fortranOrder && !header.bigEndian && header.scalar == .float32 {
      // The common fast path: a plain copy.
      let dst = UnsafeMutableRawPointer(out + written)
      dst.copyMemory(from: bytes.baseAddress! + p, byteCount: whole * size)
      written += whole
      dest = written
    } else {
      for k in 0..<whole { try store(element(bytes, at: p + k * size), into: out) }
    }
    p += whole * size
    if p < bytes.count { carry = Array(bytes[p...]) }
  }

  /// The element starting at byte `o` of `b`, converted to Float.
  func element(_ b: UnsafeRawBufferPointer, at o: Int) -> Float {
    switch header.scalar {
    case .float16:
      var bits = b.loadUnaligned(fromByteOffset: o, as: UInt16.self)
      bits = header.bigEndian ? UInt16(bigEndian: bits) : UInt16(littleEndian: bits)
      return Float(Float16(bitPattern: bits))
    case .float32:
      var bits = b.loadUnaligned(fromByteOffset: o, as: UInt32.self)
      bits = header.bigEndian ? UInt32(bigEndian: bits) : UInt32(littleEndian: bits)
      return Float(bitPattern: bits)
    case .float64:
      var bits = b.loadUnaligned(fromByteOffset: o, as: UInt64.self)
      bits = header.bigEndian ? UInt64(bigEndian: bits) : UInt64(littleEndian: bits)
      return Float(Double(bitPattern: bits))
    }
  }

  /// Writes the next stored element at its C-order position.
  private mutating func store(_ v: Float, into out: UnsafeMutablePointer<Float>) throws(NPYError) {
    guard written < header.elementCount else {
      throw NPYError("holds more data than its shape \(NPYHeader.shapeText(header.shape)) declares")
    }
    if !header.fortranOrder {
      out[written] = v
    } else {
      out[dest] = v
      // Advance the first axis fastest; keep `dest` the C-order offset of `index`.
      var a = 0
      while a < index.count {
        index[a] += 1
        dest += strides[a]
        if index[a] < header.shape[a] { break }
        dest -= strides[a] * index[a]
        index[a] = 0
        a += 1
      }
    }
    written += 1
  }
}
