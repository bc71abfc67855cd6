@testable import RWRender

/// A test-only PNG reader for what `PNGEncoder` writes: 8-bit RGB, no interlace, filter 0 rows,
/// a zlib stream of stored deflate blocks. Checks the signature, every chunk CRC and Adler-32.
enum PNGDecoder {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  static func decode(_ bytes: [UInt8]) throws -> PixelImage {
    guard bytes.count >= 8, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
      throw Failure(description: "not a PNG signature")
    }
    func be32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
    var pos = 8, width = 0, height = 0
    var idat: [UInt8] = []
    var sawEnd = false
    while pos + 12 <= bytes.count {
      let n = be32(pos)
      guard pos + 12 + n <= bytes.count else { throw Failure(description: "chunk runs past the end") }
      let type = String(decoding: bytes[(pos + 4)..<(pos + 8)], as: UTF8.self)
      let body = Array(bytes[(pos + 8)..<(pos + 8 + n)])
      guard CRC32.checksum(Array(bytes[(pos + 4)..<(pos + 8 + n)])) == UInt32(be32(pos + 8 + n)) else {
        throw Failure(description: "bad CRC in \(type)")
      }
      switch type {
      case "IHDR":
        width = be32(pos + 8)
        height = be32(pos + 12)
        guard body[8] == 8, body[9] == 2, body[12] == 0 else { throw Failure(description: "not 8-bit RGB") }
      case "IDAT": idat += body
      case "IEND": sawEnd = true
      default: break
      }
      pos += 12 + n
    }
    guard sawEnd else { throw Failure(description: "no IEND") }
    // zlib: header, stored blocks (BTYPE 00), Adler-32.
    guard idat.count >= 6, idat[0] & 0x0F == 8, (Int(idat[0]) << 8 | Int(idat[1])) % 31 == 0 else {
      throw Failure(description: "bad zlib header")
    }
    var raw: [UInt8] = []
    var p = 2
    while true {
      let header = idat[p]
      guard header >> 1 & 3 == 0 else { throw Failure(description: "not a stored block") }
      let len = Int(idat[p + 1]) | Int(idat[p + 2]) << 8
      let nlen = Int(idat[p + 3]) | Int(idat[p + 4]) << 8
      guard len ^ nlen == 0xFFFF else { throw Failure(description: "LEN/NLEN mismatch") }
      raw += idat[(p + 5)..<(p + 5 + len)]
      p += 5 + len
      if header & 1 == 1 { break }
    }
    let adler = UInt32(idat[p]) << 24 | UInt32(idat[p + 1]) << 16 | UInt32(idat[p + 2]) << 8 | UInt32(idat[p + 3])
    guard adler == PNGEncoder.adler32(raw) else { throw Failure(description: "bad Adler-32") }
    guard raw.count == height * (1 + 3 * width) else { throw Failure(description: "wrong data size") }
    var img = PixelImage(width: width, height: height)
    for y in 0..<height {
      let row = y * (1 + 3 * width)
      guard raw[row] == 0 else { throw Failure(description: "row filter \(raw[row])") }
      for x in 0..<width {
        let o = row + 1 + 3 * x
        img[x, y] = RGB(raw[o], raw[o + 1], raw[o + 2])
      }
    }
    return img
  }
}
