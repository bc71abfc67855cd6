import Foundation
import RWSystem
import RWTestSupport
import Testing

@testable import RWNIfTI

/// `info --stats` streams the voxels in their stored type (issue 13 item 9): the statistics
/// equal those of the whole scaled volume, the errors those of a whole read, and the memory
/// it needs is a few MB whatever the volume.
@Suite struct StreamedStatsTests {
  let dir = TemporaryDirectory.make("stream").path

  /// Stored components as bytes of `t` in the given byte order.
  static func encode(_ values: [Double], _ t: NIfTIDatatype, big: Bool) -> [UInt8] {
    func bytes<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
      withUnsafeBytes(of: big ? v.bigEndian : v.littleEndian, Array.init)
    }
    return values.flatMap { v -> [UInt8] in
      switch t {
      case .uint8, .rgb24, .rgba32: [UInt8(v)]
      case .int8: bytes(Int8(v))
      case .int16: bytes(Int16(v))
      case .uint16: bytes(UInt16(v))
      case .int32: bytes(Int32(v))
      case .uint32: bytes(UInt32(v))
      case .int64: bytes(Int64(v))
      case .uint64: bytes(UInt64(v))
      case .float32, .complex64: bytes(Float(v).bitPattern)
      case .float64, .complex128: bytes(v.bitPattern)
      }
    }
  }

  /// A 10×9×7 file of `t` whose components cycle through `values`.
  func file(
    _ name: String, _ t: NIfTIDatatype, _ values: [Double], big: Bool = false,
    scaling: (Double, Double) = (1, 0), gz: Bool = false
  ) -> String {
    var h = NIfTIHeader.blank(shape: [10, 9, 7], datatype: t)
    h.bigEndian = big
    h.sformCode = 1
    (h.sclSlope, h.sclInter) = scaling
    let n = 630 * t.channels
    let stored = (0..<n).map { values[($0 * 7919) % values.count] }
    let b = h.encoded() + [0, 0, 0, 0] + Self.encode(stored, t, big: big)
    return Build.file(dir, name, gz ? TestSupport.gzip(b) : b)
  }

  /// Streamed statistics equal the whole-volume ones: counts, min and max exactly; sum, mean
  /// and std to 1e-12 relative (NaN where the whole-volume ones are NaN).
  func expectSame(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let whole = try NIfTI.readImage(path: path).channelStats()
    for block in [48, 1000, NIfTIReader.streamBlockBytes] {
      let streamed = try NIfTIReader.channelStats(NIfTIReader.open(path), blockBytes: block)
      #expect(streamed.count == whole.count, sourceLocation: sourceLocation)
      for (s, w) in zip(streamed, whole) {
        let counts: (ValueStats) -> [Int] = {
          [$0.count, $0.nanCount, $0.posinfCount, $0.neginfCount, $0.nonzeroCount]
        }
        #expect(counts(s) == counts(w), "\(path) block \(block)", sourceLocation: sourceLocation)
        #expect(
          s.min == w.min && s.max == w.max, "\(path) block \(block)", sourceLocation: sourceLocation
        )
        for (a, b) in [(s.sum, w.sum), (s.mean, w.mean), (s.std, w.std)] {
          #expect(
            TestSupport.close(a, b, rel: 1e-12),
            "\(path) block \(block): \(String(describing: a)) vs \(String(describing: b))",
            sourceLocation: sourceLocation)
        }
      }
    }
  }

  @Test func histogramTypesMatchTheWholeVolume() throws {
    let bytes = (0..<256).map(Double.init)
    try expectSame(file("u8.nii", .uint8, bytes, scaling: (0.5, -3)))
    try expectSame(file("u8.nii.gz", .uint8, bytes, gz: true))
    try expectSame(file("i8.nii", .int8, (-128..<128).map(Double.init), scaling: (-2, 1)))
    let shorts = [-32768, -1, 0, 1, 300, 32767].map(Double.init)
    try expectSame(file("i16be.nii.gz", .int16, shorts, big: true, scaling: (1e-3, 7), gz: true))
    try expectSame(file("u16.nii", .uint16, [0, 1, 65535, 1234]))
    try expectSame(file("rgb.nii", .rgb24, [0, 17, 255, 3, 99]))
    try expectSame(file("rgba.nii.gz", .rgba32, [0, 17, 255, 3], gz: true))
  }

  @Test func convertedTypesMatchTheWholeVolume() throws {
    try expectSame(file("i32.nii", .int32, [-2_000_000_000, 5, 1_999_999_999]))
    try expectSame(file("u64be.nii", .uint64, [0, 4_503_599_627_370_496, 12345], big: true))
    try expectSame(file("f32.nii.gz", .float32, [0.1, -7.25, 1e30, .nan, 3], gz: true))
    try expectSame(file("f32inf.nii", .float32, [1, .infinity, -.infinity, .nan, 2]))
    try expectSame(file("f32posinf.nii", .float32, [1, .infinity, 2]))
    try expectSame(file("f32nan.nii", .float32, [.nan]))
    try expectSame(file("f64be.nii.gz", .float64, [1e-300, -5e200, 0.3], big: true, gz: true))
    try expectSame(file("c64.nii", .complex64, [1.5, -2, 0, 8], scaling: (2, 0.5)))
  }

  /// The stream must hold exactly the declared bytes, as a whole read checks.
  @Test func gzipStreamsAreCheckedWhileStreaming() throws {
    let plain = Build.nii([8, 8, 8])
    let gz = TestSupport.gzip(plain)
    let cases: [(String, [UInt8], String)] = [
      ("cut.nii.gz", Array(gz.prefix(gz.count * 2 / 3)), "truncated"),
      ("short.nii.gz", TestSupport.gzip(Array(plain.dropLast(200))), "short"),
      ("long.nii.gz", TestSupport.gzip(plain + [1, 2, 3]), "inflates past"),
    ]
    for (name, bytes, fragment) in cases {
      let p = Build.file(dir, name, bytes)
      do {
        _ = try NIfTIReport.make(path: p, stats: true)
        Issue.record("\(name) accepted")
      } catch let e as NIfTIError {
        #expect(e.description.hasPrefix(p) && e.description.contains(fragment), "\(e)")
      }
    }
  }

  /// A 256³ uint8 volume (16 MB of voxels, 16 KB compressed) gets its statistics within 24 MB
  /// of memory, where a whole read needs more and is refused with one line.
  @Test func statisticsFitWhereAWholeReadDoesNot() throws {
    var h = NIfTIHeader.blank(shape: [256, 256, 256], datatype: .uint8)
    h.sformCode = 1
    var b = h.encoded() + [0, 0, 0, 0] + [UInt8](repeating: 0, count: 1 << 24)
    b[352 + 12345] = 200
    let p = Build.file(dir, "big.nii.gz", TestSupport.gzip(b))
    b = []
    // The budget counts what the process already holds: allow 24 MB on top of it.
    let inUse = MemoryBudget.withLimit(1 << 40) {
      (1 << 40) - (MemoryBudget.available()?.bytes ?? 0)
    }
    try MemoryBudget.withLimit(inUse + (24 << 20)) {
      let r = try NIfTIReport.make(path: p, stats: true)
      #expect(r.stats?.first?.max == 200 && r.stats?.first?.nonzeroCount == 1)
      #expect(r.stats?.first?.sum == 200 && r.stats?.first?.count == 1 << 24)
      do {
        _ = try NIfTI.loadVolume(path: p)
        Issue.record("a whole read within 24 MB")
      } catch let e as NIfTIError {
        #expect(e.description.hasPrefix("\(p): reading its 256×256×256 uint8 voxels needs"), "\(e)")
        #expect(!e.description.contains("\n"))
      }
    }
  }
}
