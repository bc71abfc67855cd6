import Foundation
import RWCommands
import RWNIfTI
import RWZlib

/// A seed file for the process fuzzer, in the form it is written back after mutation: a
/// `.nii`, a `.nii.gz`, or a `.hdr`/`.img` pair (plain or gzipped). `bytes` is always the
/// uncompressed single-file view (a pair's header padded to 352 bytes, then its data), so that
/// `Mutator` finds header fields and voxels at their NIfTI-1 offsets.
struct FileSeed {
  enum Form: String {
    case nii, niiGz, pair, pairGz
    var gz: Bool { self == .niiGz || self == .pairGz }
  }

  var path: String
  var form: Form
  var bytes: [UInt8]
  /// A pair's header length in its own file (348 or 352).
  var headerCount = 352
  /// Labels, probabilities and an image on the seed's grid (nil when it has none).
  var partners: (labels: String, probs: String, image: String)?

  /// The seed at `path` (a `.hdr` takes its `.img`); nil for files that are not seeds.
  static func load(_ path: String) -> FileSeed? {
    let gz = path.hasSuffix(".gz")
    let base = gz ? String(path.dropLast(3)) : path
    guard let raw = FileManager.default.contents(atPath: path).map(Array.init) else { return nil }
    let plain = gz ? gunzip(raw) : raw
    if base.hasSuffix(".nii") {
      return FileSeed(path: path, form: gz ? .niiGz : .nii, bytes: plain)
    }
    guard base.hasSuffix(".hdr") else { return nil }
    let imgPath = String(base.dropLast(4)) + ".img" + (gz ? ".gz" : "")
    guard let imgRaw = FileManager.default.contents(atPath: imgPath).map(Array.init) else {
      return nil
    }
    let img = gz ? gunzip(imgRaw) : imgRaw
    let head = Array(plain.prefix(352))
    let padded = head + [UInt8](repeating: 0, count: 352 - head.count)
    return FileSeed(
      path: path, form: gz ? .pairGz : .pair, bytes: padded + img, headerCount: head.count)
  }

  /// Writes `bytes` (a mutant of this seed) as `stem` in this seed's form; returns the path to
  /// name on the command line and every file written. `gzipDamage` damages compressed files.
  func write(
    _ bytes: [UInt8], stem: String, rng: inout SplitMix64, gzipDamage: Bool
  ) -> (path: String, files: [String]) {
    func out(_ b: [UInt8], _ p: String) -> String {
      if form.gz {
        var z = Self.gzip(b)
        if gzipDamage { Self.damage(&z, rng: &rng) }
        Pipeline.put(z, p + ".gz")
        return p + ".gz"
      }
      Pipeline.put(b, p)
      return p
    }
    switch form {
    case .nii, .niiGz:
      let p = out(bytes, stem + ".nii")
      return (p, [p])
    case .pair, .pairGz:
      let h = out(Array(bytes.prefix(headerCount)), stem + ".hdr")
      let i = out(bytes.count > 352 ? Array(bytes[352...]) : [], stem + ".img")
      return (h, [h, i])
    }
  }

  /// Whole-stream gunzip, at most 256 MiB (seeds are small).
  static func gunzip(_ z: [UInt8]) -> [UInt8] {
    z.withUnsafeBytes { raw in
      let inflater = Zlib.Inflater(raw)
      var out: [UInt8] = []
      var chunk = [UInt8](repeating: 0, count: 1 << 20)
      while out.count < 1 << 28 {
        let (n, end) = chunk.withUnsafeMutableBytes { inflater.read(into: $0) }
        out += chunk[0..<n]
        if end != nil { break }
      }
      return out
    }
  }

  static func gzip(_ b: [UInt8]) -> [UInt8] {
    (try? b.withUnsafeBytes { try Zlib.gzip($0, level: 1) }) ?? []
  }

  /// Damages a gzip stream: bit flips, a cut, a wrong CRC or size, garbage or an empty member
  /// appended, header flags set.
  static func damage(_ z: inout [UInt8], rng: inout SplitMix64) {
    guard z.count > 18 else { return }
    switch Int.random(in: 0..<6, using: &rng) {
    case 0:
      for _ in 0..<Int.random(in: 1...4, using: &rng) {
        z[Int.random(in: 10..<z.count, using: &rng)] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
      }
    case 1: z.removeLast(Int.random(in: 1..<(z.count - 10), using: &rng))
    case 2: z[z.count - 8 + Int.random(in: 0..<4, using: &rng)] ^= 0xFF
    case 3: z[z.count - 4 + Int.random(in: 0..<4, using: &rng)] ^= 0xFF
    case 4:
      z +=
        Bool.random(using: &rng)
        ? [0x1F, 0x8B, 8, 0]
          + (0..<Int.random(in: 1...40, using: &rng)).map { _ in
            UInt8.random(in: 0...255, using: &rng)
          }
        : gzip([])
    default: z[3] = UInt8.random(in: 0...255, using: &rng)
    }
  }
}
