import RWZlib

@testable import RWRender

/// A test-only PNG reader for what `PNGEncoder` writes: 8-bit RGB, no interlace, any row filter,
/// one zlib stream. Checks the signature, every chunk CRC, the size and (zlib) Adler-32.
enum PNGDecoder {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  static func decode(_ bytes: [UInt8]) throws -> PixelImage {
    guard bytes.count >= 8,
      bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    else {
      throw Failure(description: "not a PNG signature")
    }
    func be32(_ i: Int) -> Int {
      Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
    }
    var pos = 8
    var width = 0
    var height = 0
    var idat: [UInt8] = []
    var sawEnd = false
    while pos + 12 <= bytes.count {
      let n = be32(pos)
      guard pos + 12 + n <= bytes.count else {
        throw Failure(description: "chunk runs past the end")
      }
      let type = String(decoding: bytes[(pos + 4)..<(pos + 8)], as: UTF8.self)
      let body = Array(bytes[(pos + 8)..<(pos + 8 + n)])
      guard CRC32.checksum(Array(bytes[(pos + 4)..<(pos + 8 + n)])) == UInt32(be32(pos + 8 + n))
      else {
        throw Failure(description: "bad CRC in \(type)")
      }
      switch type {
      case "IHDR":
        width = be32(pos + 8)
        height = be32(pos + 12)
        guard body[8] == 8, body[9] == 2, body[12] == 0 else {
          throw Failure(description: "not 8-bit RGB")
        }
      case "IDAT": idat += body
      case "IEND": sawEnd = true
      default: break
      }
      pos += 12 + n
    }
    guard sawEnd else { throw Failure(description: "no IEND") }
    // zlib: header checked here, the stream inflated by zlib (which checks Adler-32).
    guard idat.count >= 6, idat[0] & 0x0F == 8, (Int(idat[0]) << 8 | Int(idat[1])) % 31 == 0 else {
      throw Failure(description: "bad zlib header")
    }
    let stride = 3 * width
    var raw = [UInt8](repeating: 0, count: height * (1 + stride))
    let end: Zlib.End = idat.withUnsafeBytes { input in
      raw.withUnsafeMutableBytes { out in
        let z = Zlib.Inflater(input, format: .zlib)
        var extra = 0
        _ = z.read(into: out)
        return z.discard(1, counting: &extra) ?? .limitReached
      }
    }
    guard end == .complete else { throw Failure(description: "IDAT: \(end) (or wrong size)") }
    // Undo the row filters (PNG spec 9.2), reading the previous, already decoded row.
    var img = PixelImage(width: width, height: height)
    var prev = [UInt8](repeating: 0, count: stride)
    var cur = [UInt8](repeating: 0, count: stride)
    for y in 0..<height {
      let row = y * (1 + stride)
      let type = raw[row]
      for i in 0..<stride {
        let x = Int(raw[row + 1 + i])
        let a = i >= 3 ? Int(cur[i - 3]) : 0
        let b = Int(prev[i])
        let c = i >= 3 ? Int(prev[i - 3]) : 0
        let predicted: Int
        switch type {
        case 0: predicted = 0
        case 1: predicted = a
        case 2: predicted = b
        case 3: predicted = (a + b) / 2
        case 4:
          let p = a + b - c
          let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
          predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
        default: throw Failure(description: "row \(y): filter \(type)")
        }
        cur[i] = UInt8((x + predicted) & 0xFF)
      }
      for x in 0..<width { img[x, y] = RGB(cur[3 * x], cur[3 * x + 1], cur[3 * x + 2]) }
      swap(&prev, &cur)
    }
    return img
  }
}
