import RWZlib

/// The one PNG writer: 8-bit RGB, each row filtered (PNG's adaptive heuristic), the scanlines
/// deflated by zlib (RWZlib).
public enum PNGEncoder {
  /// zlib's level for exports: 6, its default (level 9 makes frames a few % smaller, slower).
  public static let level: Int32 = 6

  /// The PNG file bytes of `image`; throws only when zlib cannot start (no memory).
  public static func encode(_ image: PixelImage) throws(ZlibError) -> [UInt8] {
    let w = image.width
    let h = image.height
    let raw = filteredScanlines(image)
    var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    var ihdr = [UInt8]()
    appendBE32(&ihdr, UInt32(w))
    appendBE32(&ihdr, UInt32(h))
    ihdr += [8, 2, 0, 0, 0]  // bit depth 8, colour type 2 (RGB), deflate, filter 0, no interlace
    appendChunk(&out, "IHDR", ihdr)
    var idat: [UInt8] = []
    var failure: ZlibError?
    raw.withUnsafeBytes { b in
      do throws(ZlibError) { idat = try Zlib.deflate(b, level: level, format: .zlib) } catch {
        failure = error
      }
    }
    if let failure { throw failure }
    appendChunk(&out, "IDAT", idat)
    appendChunk(&out, "IEND", [])
    return out
  }

  /// The scanlines, each preceded by its filter type: per row the filter (None, Sub, Up,
  /// Average, Paeth) with the smallest sum of absolute differences, the heuristic PNG's
  /// specification recommends for true-colour images.
  static func filteredScanlines(_ image: PixelImage) -> [UInt8] {
    let w = image.width
    let h = image.height
    let stride = 3 * w
    var rows = [UInt8](repeating: 0, count: h * stride)
    for q in 0..<(w * h) {
      let p = image.pixels[q]
      rows[3 * q] = p.r
      rows[3 * q + 1] = p.g
      rows[3 * q + 2] = p.b
    }
    var out = [UInt8](repeating: 0, count: h * (1 + stride))
    var candidate = [UInt8](repeating: 0, count: stride)
    var best = [UInt8](repeating: 0, count: stride)
    rows.withUnsafeBufferPointer { r in
      for y in 0..<h {
        let cur = y * stride
        var bestType: UInt8 = 0
        var bestCost = Int.max
        for type in UInt8(0)...4 {
          var cost = 0
          for i in 0..<stride {
            let a = i >= 3 ? Int(r[cur + i - 3]) : 0
            let b = y > 0 ? Int(r[cur - stride + i]) : 0
            let c = i >= 3 && y > 0 ? Int(r[cur - stride + i - 3]) : 0
            let x = Int(r[cur + i])
            let predicted: Int
            switch type {
            case 0: predicted = 0
            case 1: predicted = a
            case 2: predicted = b
            case 3: predicted = (a + b) / 2
            default: predicted = paeth(a, b, c)
            }
            let f = UInt8(truncatingIfNeeded: x - predicted)
            candidate[i] = f
            cost += Int(Int8(bitPattern: f).magnitude)
          }
          if cost < bestCost {
            bestCost = cost
            bestType = type
            swap(&best, &candidate)
          }
        }
        let o = y * (1 + stride)
        out[o] = bestType
        for i in 0..<stride { out[o + 1 + i] = best[i] }
      }
    }
    return out
  }

  /// PNG's Paeth predictor: of left, up and upper-left, the one nearest to left + up − upper-left.
  @inline(__always) static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
    let p = a + b - c
    let pa = abs(p - a)
    let pb = abs(p - b)
    let pc = abs(p - c)
    if pa <= pb && pa <= pc { return a }
    return pb <= pc ? b : c
  }

  static func appendBE32(_ a: inout [UInt8], _ v: UInt32) {
    a.append(UInt8(v >> 24))
    a.append(UInt8((v >> 16) & 0xFF))
    a.append(UInt8((v >> 8) & 0xFF))
    a.append(UInt8(v & 0xFF))
  }

  static func appendChunk(_ out: inout [UInt8], _ type: String, _ data: [UInt8]) {
    appendBE32(&out, UInt32(data.count))
    let typeBytes = Array(type.utf8)
    out += typeBytes
    out += data
    var crc = CRC32()
    crc.update(typeBytes)
    crc.update(data)
    appendBE32(&out, crc.value)
  }
}

/// CRC-32 (IEEE 802.3, reflected, as in PNG and zlib).
public struct CRC32: Sendable {
  static let table: [UInt32] = (0..<256).map { n in
    var c = UInt32(n)
    for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }
  private var crc: UInt32 = 0xFFFF_FFFF

  public init() {}

  /// Adds bytes to the checksum.
  public mutating func update(_ bytes: [UInt8]) {
    var c = crc
    for b in bytes { c = Self.table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
    crc = c
  }

  /// The checksum of the bytes so far.
  public var value: UInt32 { crc ^ 0xFFFF_FFFF }

  /// The checksum of `bytes`.
  public static func checksum(_ bytes: [UInt8]) -> UInt32 {
    var c = CRC32()
    c.update(bytes)
    return c.value
  }
}
