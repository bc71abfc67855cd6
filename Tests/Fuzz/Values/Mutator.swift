import Foundation
import RWCommands

/// Mutations of a valid single-file NIfTI-1 (uncompressed bytes) that reach past the header:
/// header fields set to edge values (dims, datatype, pixdim, vox_offset, scaling, quaternion,
/// sform), voxels set to NaN, ±Inf, ±3e38, ±1e19, 1e20, denormals or extreme integers (one,
/// or a run of them), label-like values (1605, 2^31-2), truncation, appended bytes, bit flips.
enum Mutator {
  /// Float32 values that break conversions and arithmetic.
  static let floats: [Float] = [
    .nan, .infinity, -.infinity, 3.4e38, -3.4e38, 1e20, -1e20, 1e19, -1e19, 1e17,
    .leastNonzeroMagnitude, .leastNormalMagnitude / 4, -0.0, 0, 1, -1, 0.5, 2, 1605, 2_147_483_648,
    65536, 1e-30,
  ]
  /// Integer values (stored into integer voxels or int16 header fields).
  static let ints: [Int64] = [
    0, 1, -1, 2, 3, 127, 128, 255, 256, 1000, 1605, 32767, -32768, 65535, 2_147_483_646,
    Int64(Int32.max), Int64(Int32.min), Int64.max, Int64.min,
  ]

  /// Byte offsets of NIfTI-1 header fields and their kinds: int16 or float32.
  static let int16Fields = [40, 42, 44, 46, 48, 50, 70, 72, 252, 254, 68]
  static let float32Fields =
    [
      76, 80, 84, 88, 92, 108, 112, 116, 256, 260, 264, 268, 272, 276,
    ] + (0..<12).map { 280 + 4 * $0 }

  /// `bytes` mutated 1-4 times by `rng`.
  static func mutate(_ bytes: [UInt8], rng: inout SplitMix64) -> [UInt8] {
    var b = bytes
    for _ in 0..<Int.random(in: 1...4, using: &rng) {
      switch Int.random(in: 0..<100, using: &rng) {
      case 0..<30: voxel(&b, rng: &rng, run: false)
      case 30..<40: voxel(&b, rng: &rng, run: true)
      case 40..<55: headerFloat(&b, rng: &rng)
      case 55..<70: headerInt(&b, rng: &rng)
      case 70..<78:
        if b.count > 1 { b.removeLast(Int.random(in: 1..<b.count, using: &rng) / 2 + 1) }
      case 82..<92: structural(&b, rng: &rng)
      case 78..<82:
        b += (0..<Int.random(in: 1...64, using: &rng)).map { _ in
          UInt8.random(in: 0...255, using: &rng)
        }
      default:
        for _ in 0..<Int.random(in: 1...8, using: &rng) where !b.isEmpty {
          b[Int.random(in: 0..<b.count, using: &rng)] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
        }
      }
    }
    return b
  }

  /// Little-endian int16 at `o`, if the file holds it.
  static func i16(_ b: [UInt8], _ o: Int) -> Int {
    o + 2 <= b.count ? Int(Int16(bitPattern: UInt16(b[o]) | UInt16(b[o + 1]) << 8)) : 0
  }

  static func put<T: FixedWidthInteger>(_ v: T, _ b: inout [UInt8], _ o: Int) {
    withUnsafeBytes(of: v.littleEndian) { raw in
      for (k, x) in raw.enumerated() where o + k < b.count { b[o + k] = x }
    }
  }

  static func headerFloat(_ b: inout [UInt8], rng: inout SplitMix64) {
    let o = float32Fields.randomElement(using: &rng) ?? 112
    put(floats.randomElement(using: &rng)?.bitPattern ?? 0, &b, o)
  }

  static func headerInt(_ b: inout [UInt8], rng: inout SplitMix64) {
    let o = int16Fields.randomElement(using: &rng) ?? 40
    let v = ints.randomElement(using: &rng) ?? 0
    put(Int16(truncatingIfNeeded: v), &b, o)
  }

  /// Sets one voxel (or a run of up to 4096) to an edge value of the file's datatype.
  static func voxel(_ b: inout [UInt8], rng: inout SplitMix64, run: Bool) {
    let start = 352
    let size: Int
    switch i16(b, 70) {
    case 2, 256: size = 1
    case 4, 512: size = 2
    case 8, 16, 768, 2304: size = 4
    case 64, 1024, 1280, 32: size = 8
    default: size = 1
    }
    let n = (b.count - start) / size
    guard n > 0 else { return }
    let first = Int.random(in: 0..<n, using: &rng)
    let count = run ? min(n - first, Int.random(in: 1...4096, using: &rng)) : 1
    let f = floats.randomElement(using: &rng) ?? .nan
    let i = ints.randomElement(using: &rng) ?? 0
    for k in first..<(first + count) {
      let o = start + k * size
      switch (i16(b, 70), size) {
      case (16, _): put(f.bitPattern, &b, o)
      case (64, _): put(Double(f).bitPattern, &b, o)
      case (_, 1): put(UInt8(truncatingIfNeeded: i), &b, o)
      case (_, 2): put(Int16(truncatingIfNeeded: i), &b, o)
      case (_, 4): put(Int32(truncatingIfNeeded: i), &b, o)
      default: put(i, &b, o)
      }
    }
  }

  /// Whole-header damage a single field edit rarely makes: huge or inconsistent dims, a
  /// vox_offset inside the header or past the end, an unknown datatype or bitpix, a sform
  /// switched on with huge or NaN rows, a NIfTI-2 magic on a NIfTI-1 header.
  static func structural(_ b: inout [UInt8], rng: inout SplitMix64) {
    guard b.count >= 352 else { return }
    switch Int.random(in: 0..<8, using: &rng) {
    case 0:
      for d in 1...3 {
        put(Int16([32767, 16384, 1024, 0, -1][Int.random(in: 0..<5, using: &rng)]), &b, 40 + 2 * d)
      }
    case 1:
      put(Int16(7), &b, 40)
      for d in 4...7 {
        put(Int16([1, 0, 2, 30000][Int.random(in: 0..<4, using: &rng)]), &b, 40 + 2 * d)
      }
    case 2:
      let v: [Float] = [
        0, 100, 347, 348, 351, 353, Float(b.count), Float(b.count + 4096), 1e10, -352,
      ]
      put((v.randomElement(using: &rng) ?? 0).bitPattern, &b, 108)
    case 3:
      put(
        Int16([0, 3, 5, 17, 127, 1536, 2048, 2304, -1][Int.random(in: 0..<9, using: &rng)]), &b, 70)
    case 4: put(Int16([0, 1, 7, 9, 12, 256, -8][Int.random(in: 0..<7, using: &rng)]), &b, 72)
    case 5:
      put(Int16(Int.random(in: 1...4, using: &rng)), &b, 254)
      let v: [Float] = [1e17, 1e20, -1e20, .nan, .infinity, 0, 3.4e38, 1e-40]
      for k in 0..<12 where Bool.random(using: &rng) {
        put((v.randomElement(using: &rng) ?? 0).bitPattern, &b, 280 + 4 * k)
      }
    case 6:
      put(Int16(Int.random(in: 1...4, using: &rng)), &b, 252)
      let v: [Float] = [.nan, 2, -2, 1e20, .infinity, 0.7]
      for k in 0..<6 { put((v.randomElement(using: &rng) ?? 0).bitPattern, &b, 256 + 4 * k) }
    default:
      let magic: [UInt8] = Bool.random(using: &rng) ? Array("n+2\0".utf8) : [0, 0, 0, 0]
      for (k, m) in magic.enumerated() { b[344 + k] = m }
    }
  }
}
