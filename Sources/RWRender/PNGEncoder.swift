/// A minimal PNG writer: 8-bit RGB, filter 0, zlib stream of stored (uncompressed) deflate blocks.
///
/// Written in Swift with its own CRC-32 and Adler-32 because only RWNIfTI links zlib.
public enum PNGEncoder {
  /// The PNG file bytes of `image`.
  public static func encode(_ image: PixelImage) -> [UInt8] {
    let w = image.width, h = image.height
    var raw = [UInt8]()
    raw.reserveCapacity(h * (1 + 3 * w))
    for y in 0..<h {
      raw.append(0)  // filter type 0 (none)
      for x in 0..<w {
        let p = image.pixels[y * w + x]
        raw.append(p.r)
        raw.append(p.g)
        raw.append(p.b)
      }
    }
    var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    var ihdr = [UInt8]()
    appendBE32(&ihdr, UInt32(w))
    appendBE32(&ihdr, UInt32(h))
    ihdr += [8, 2, 0, 0, 0]  // bit depth 8, colour type 2 (RGB), deflate, filter 0, no interlace
    appendChunk(&out, "IHDR", ihdr)
    appendChunk(&out, "IDAT", zlibStored(raw))
    appendChunk(&out, "IEND", [])
    return out
  }

  /// `data` as a zlib stream of stored deflate blocks (at most 65535 bytes each).
  public static func zlibStored(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]  // CM 8, 32K window; FCHECK makes 0x7801 divisible by 31
    out.reserveCapacity(data.count + data.count / 65535 * 5 + 16)
    var pos = 0
    repeat {
      let n = min(65535, data.count - pos)
      let final: UInt8 = pos + n >= data.count ? 1 : 0
      out.append(final)  // BFINAL, BTYPE 00 (stored)
      out.append(UInt8(n & 0xFF))
      out.append(UInt8(n >> 8))
      out.append(UInt8(~n & 0xFF))
      out.append(UInt8((~n >> 8) & 0xFF))
      out.append(contentsOf: data[pos..<pos + n])
      pos += n
    } while pos < data.count
    appendBE32(&out, adler32(data))
    return out
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

  /// The Adler-32 checksum of `data`.
  public static func adler32(_ data: [UInt8]) -> UInt32 {
    var a: UInt32 = 1, b: UInt32 = 0
    var i = 0
    while i < data.count {
      let end = min(data.count, i + 5552)  // largest block without UInt32 overflow
      while i < end {
        a += UInt32(data[i])
        b += a
        i += 1
      }
      a %= 65521
      b %= 65521
    }
    return (b << 16) | a
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
