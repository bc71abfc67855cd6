import Foundation
import RWTestSupport
import Testing

@testable import RWNIfTI

/// Builders for small NIfTI files, hostile or not, written into a temp dir.
enum Build {
  /// Header (+ 4-byte extender) + int16 ramp data for `shape`.
  static func nii(_ shape: [Int] = [4, 3, 2], mutate: (inout NIfTIHeader) -> Void = { _ in })
    -> [UInt8]
  {
    var h = NIfTIHeader.blank(shape: shape, datatype: .int16)
    h.sformCode = 1
    mutate(&h)
    var b = h.encoded() + [0, 0, 0, 0]
    let n = shape.reduce(1, *)
    for i in 0..<n { b += [UInt8(i & 0xFF), UInt8((i >> 8) & 0xFF)] }
    return b
  }

  static func file(_ dir: String, _ name: String, _ bytes: [UInt8]) -> String {
    let p = dir + "/" + name
    TestSupport.write(bytes, p)
    return p
  }
}

/// Expects loading (and header reading) to fail with one line naming the file and `fragment`.
func expectRejected(
  _ path: String, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  for (what, attempt) in [
    ("loadVolume", { _ = try NIfTI.loadVolume(path: path) }),
    ("readHeader", { _ = try NIfTI.readHeader(path: path) }),
  ] as [(String, () throws -> Void)] {
    do {
      try attempt()
      if what == "loadVolume" || !fragment.hasPrefix("!") {
        Issue.record("\(what) accepted \(path)", sourceLocation: sourceLocation)
      }
    } catch let e as NIfTIError {
      let text = e.description
      #expect(
        text.hasPrefix(path) || text.contains(path), "error names the file: \(text)",
        sourceLocation: sourceLocation)
      #expect(!text.contains("\n"), "one line: \(text)", sourceLocation: sourceLocation)
      let f = fragment.hasPrefix("!") ? String(fragment.dropFirst()) : fragment
      #expect(
        text.contains(f), "\(what): \(text) should mention \(f)", sourceLocation: sourceLocation)
    } catch {
      Issue.record("\(what) threw a non-NIfTIError: \(error)", sourceLocation: sourceLocation)
    }
  }
}

@Suite struct BadInputTests {
  let dir = TemporaryDirectory.make("bad").path

  @Test func dimsProductOverflows() {
    let p = Build.file(
      dir, "overflow.nii",
      Build.nii { h in
        h.dim = [3, 32767, 32767, 32767, 1, 1, 1, 1]
        h.version = 1
      })
    expectRejected(p, "truncated")  // 32767³×2 bytes fits in Int but not in the file
    var h2 = NIfTIHeader.blank(shape: [2, 2, 2], datatype: .int16, version: 2)
    h2.dim = [4, 1 << 40, 1 << 40, 1 << 40, 2, 1, 1, 1]
    let p2 = Build.file(
      dir, "overflow2.nii", h2.encoded() + [0, 0, 0, 0] + [UInt8](repeating: 0, count: 64))
    expectRejected(p2, "overflow")
  }

  @Test func sizesLargerThanFile() {
    var b = Build.nii([10, 10, 10])
    b.removeLast(100)
    expectRejected(Build.file(dir, "short.nii", b), "truncated data")
  }

  @Test func voxOffsetPastEnd() {
    let p = Build.file(dir, "voxoff.nii", Build.nii { $0.voxOffset = 1_000_000 })
    expectRejected(p, "header only")
    let q = Build.file(dir, "voxneg.nii", Build.nii { $0.voxOffset = -5 })
    expectRejected(q, "vox_offset")
    let r = Build.file(dir, "voxnan.nii", Build.nii { $0.voxOffset = .nan })
    expectRejected(r, "vox_offset")
    // A vox_offset inside the header is read after it (GeometryHardeningTests).
  }

  @Test func unknownDatatype() {
    expectRejected(
      Build.file(dir, "dtype.nii", Build.nii { $0.datatypeCode = 999 }), "unknown datatype code 999"
    )
    expectRejected(Build.file(dir, "f128.nii", Build.nii { $0.datatypeCode = 1536 }), "float128")
  }

  @Test func corruptGzip() {
    var gz = TestSupport.gzip(Build.nii([8, 8, 8]))
    // Flip bytes in the middle of the deflate data.
    for i in (gz.count / 2)..<(gz.count / 2 + 8) { gz[i] ^= 0xA5 }
    expectRejected(Build.file(dir, "corrupt.nii.gz", gz), "gzip")
    let garbage: [UInt8] =
      [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3] + [UInt8](repeating: 0xFF, count: 600)
    expectRejected(Build.file(dir, "garbage.nii.gz", garbage), "gzip")
  }

  @Test func shortGzip() {
    let gz = TestSupport.gzip(Build.nii([8, 8, 8]))
    // Cut mid-stream: truncated.
    expectRejected(Build.file(dir, "cut.nii.gz", Array(gz.prefix(gz.count * 2 / 3))), "truncated")
    // A complete stream whose content is shorter than the header declares.
    var b = Build.nii([8, 8, 8])
    b.removeLast(200)
    expectRejected(Build.file(dir, "shortstream.nii.gz", TestSupport.gzip(b)), "short")
  }

  @Test func gzipBombPastDeclaredSize() {
    // Declares 4×3×2 int16 (48 bytes) but the stream inflates to 64 MiB of zeros.
    let h = NIfTIHeader.blank(shape: [4, 3, 2], datatype: .int16)
    let content = h.encoded() + [0, 0, 0, 0] + [UInt8](repeating: 0, count: 64 << 20)
    let gz = TestSupport.gzip(content)
    #expect(gz.count < 200_000)
    let p = Build.file(dir, "bomb.nii.gz", gz)
    expectRejected(p, "inflates past")
    // A second member after the complete data is also past the declared size.
    let ok = Build.nii([4, 3, 2])
    let two = TestSupport.gzip(ok) + TestSupport.gzip([1, 2, 3])
    expectRejected(Build.file(dir, "twomembers.nii.gz", two), "inflates past")
    // A header claiming far more than deflate could expand the file to is refused up front.
    let big = Build.file(
      dir, "claims.nii.gz",
      TestSupport.gzip(Build.nii { $0.dim = [3, 2000, 2000, 2000, 1, 1, 1, 1] }))
    expectRejected(big, "cannot hold")
  }

  @Test func nanPixdimLoadsWithWarning() throws {
    let p = Build.file(dir, "nanpix.nii", Build.nii { $0.pixdim[2] = .nan })
    let (v, warnings) = try NIfTI.loadVolume(path: p)
    #expect(warnings.contains { $0.contains("pixdim[2] is NaN") })
    #expect(v.grid.spacing == [1, 1, 1])
    #expect(v.data[5] == 5)
  }

  @Test func zeroPixdimLoadsWithWarning() throws {
    let p = Build.file(
      dir, "zeropix.nii",
      Build.nii { h in
        h.pixdim[1] = 0
        h.pixdim[3] = 2.5
      })
    let (v, warnings) = try NIfTI.loadVolume(path: p)
    #expect(warnings.contains { $0.contains("pixdim[1] is 0") })
    #expect(v.grid.spacing == [1, 1, 2.5])
  }

  @Test func nonsenseExtensionSizesLoadWithWarning() throws {
    var h = NIfTIHeader.blank(shape: [4, 3, 2], datatype: .int16)
    h.voxOffset = 384
    var b = h.encoded() + [1, 0, 0, 0]
    // esize 1_000_000 runs past vox_offset; then filler up to 384.
    b +=
      withUnsafeBytes(of: Int32(1_000_000).littleEndian, Array.init)
      + withUnsafeBytes(of: Int32(6).littleEndian, Array.init)
    b += [UInt8](repeating: 0, count: 384 - b.count)
    for i in 0..<24 { b += [UInt8(i), 0] }
    let p = Build.file(dir, "badext.nii", b)
    let (v, warnings) = try NIfTI.loadVolume(path: p)
    #expect(warnings.contains { $0.contains("bad esize 1000000 at byte 352") })
    #expect(v.data[23] == 23)
    // Negative esize.
    var c = b
    c.replaceSubrange(352..<356, with: withUnsafeBytes(of: Int32(-16).littleEndian, Array.init))
    let (_, w2) = try NIfTI.loadVolume(path: Build.file(dir, "negext.nii", c))
    #expect(w2.contains { $0.contains("bad esize -16") })
  }

  @Test func negativeDims() {
    expectRejected(
      Build.file(dir, "negdim.nii", Build.nii { $0.dim[2] = -3 }), "dim[2] is negative")
    expectRejected(Build.file(dir, "zerodim.nii", Build.nii { $0.dim[3] = 0 }), "dim[3] is 0")
  }

  @Test func dimZeroOutOfRange() {
    expectRejected(Build.file(dir, "dim0.nii", Build.nii { $0.dim[0] = 0 }), "dim[0] is 0")
    expectRejected(Build.file(dir, "dim8.nii", Build.nii { $0.dim[0] = 8 }), "dim[0] is 8")
    expectRejected(Build.file(dir, "dimneg.nii", Build.nii { $0.dim[0] = -1 }), "dim[0] is -1")
  }

  @Test func lyingExtensionLoadsWithWarning() throws {
    let plain = Build.file(dir, "plain.nii.gz", Build.nii())
    let (v, w) = try NIfTI.loadVolume(path: plain)
    #expect(w.contains { $0.contains("named .gz but is not gzip-compressed") })
    #expect(v.data[7] == 7)
    let zipped = Build.file(dir, "zipped.nii", TestSupport.gzip(Build.nii()))
    let (v2, w2) = try NIfTI.loadVolume(path: zipped)
    #expect(w2.contains { $0.contains("gzip-compressed but not named .gz") })
    #expect(v2.data == v.data)
  }

  @Test func notNIfTIAndTinyFiles() {
    expectRejected(Build.file(dir, "empty.nii", []), "too short")
    expectRejected(Build.file(dir, "tiny.nii", [1, 2]), "too short")
    let text = Array(String(repeating: "hello world, definitely not nifti. ", count: 12).utf8)
    expectRejected(Build.file(dir, "text.nii", text), "not a NIfTI")
    expectRejected(dir + "/does-not-exist.nii", "cannot open")
    expectRejected(dir, "directory")
    let analyze = Build.nii { $0.magic = [0, 0, 0, 0] }
    expectRejected(Build.file(dir, "analyze.nii", analyze), "Analyze")
    expectRejected(Build.file(dir, "halfheader.nii", Array(Build.nii().prefix(200))), "too short")
  }

  @Test func analyzePairsLoadButNotWithSPMMat() throws {
    var h = NIfTIHeader.blank(shape: [2, 2, 2], datatype: .int16)
    h.version = 0
    h.magic = [0, 0, 0, 0]
    h.voxOffset = 0
    h.analyzeOrigin = [1, 1, 1, 0, 0]
    TestSupport.write(h.encoded(), dir + "/an.hdr")
    TestSupport.write([UInt8](repeating: 1, count: 16), dir + "/an.img")
    let (v, w) = try NIfTI.loadVolume(path: dir + "/an.hdr")
    #expect(v.data == [Float](repeating: 257, count: 8))
    #expect(w.contains { $0.contains("Analyze 7.5") })
    #expect(v.grid.affine.axcodes == "LAS")
    #expect(v.grid.affine.translation == [0, 0, 0])  // origin (1,1,1) is voxel 0
    TestSupport.write([0], dir + "/an.mat")
    expectRejected(dir + "/an.hdr", "SPM affine")
  }

  @Test func badScaling() {
    expectRejected(
      Build.file(
        dir, "inter.nii",
        Build.nii { h in
          h.sclSlope = 2
          h.sclInter = .infinity
        }), "scl_inter")
  }
}

@Suite struct LoadVolumeTests {
  let dir = TemporaryDirectory.make("load").path

  @Test func multiMemberGzipAndTrailingPadding() throws {
    let b = Build.nii([6, 5, 4])
    let mm =
      TestSupport.gzip(Array(b[0..<100])) + TestSupport.gzip(Array(b[100..<300]))
      + TestSupport.gzip(Array(b[300...]))
    let (v, w) = try NIfTI.loadVolume(path: Build.file(dir, "mm.nii.gz", mm))
    #expect(w.isEmpty)
    #expect(v.data == (0..<120).map { Float($0) })
    // An empty member at the end and zero padding after the stream are fine.
    let padded = TestSupport.gzip(b) + TestSupport.gzip([]) + [UInt8](repeating: 0, count: 512)
    #expect(try NIfTI.loadVolume(path: Build.file(dir, "pad.nii.gz", padded)).volume.data == v.data)
    // readHeader checks the gzip size without loading.
    let info = try NIfTI.readHeader(path: dir + "/mm.nii.gz")
    #expect(info.layout.byteCount == 240 && info.dataGzipped)
  }

  @Test func shapesArePaddedAndChannelsFollow() throws {
    var h = NIfTIHeader.blank(shape: [3, 2], datatype: .complex64)
    h.sformCode = 1
    var b = h.encoded() + [0, 0, 0, 0]
    for i in 0..<6 {
      for v in [Float(i), Float(-i)] {
        b += withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init)
      }
    }
    let (v, w) = try NIfTI.loadVolume(path: Build.file(dir, "c.nii", b))
    #expect(v.shape == [3, 2, 1, 2])
    #expect(v.channels == 2)
    #expect(v.data == [0, 1, 2, 3, 4, 5, 0, -1, -2, -3, -4, -5])
    #expect(w.contains { $0.contains("complex64 data read as 2 channels") })
    let (v4, _) = try NIfTI.loadVolume(path: Build.file(dir, "4d.nii", Build.nii([2, 2, 2, 3])))
    #expect(v4.shape == [2, 2, 2, 3] && v4.channels == 3 && v4.data[8] == 8)
  }

  @Test func bigEndianFloatWithScaling() throws {
    var h = NIfTIHeader.blank(shape: [4, 1, 1], datatype: .float32)
    h.bigEndian = true
    h.sclSlope = 0.5
    h.sclInter = 10
    h.pixdim = [1, 0.8, 0.8, 2.5, 1, 1, 1, 1]
    var b = h.encoded() + [0, 0, 0, 0]
    for v: Float in [1, 2, -4, 1e6] { b += withUnsafeBytes(of: v.bitPattern.bigEndian, Array.init) }
    for name in ["be.nii", "be.nii.gz"] {
      let bytes = name.hasSuffix(".gz") ? TestSupport.gzip(b) : b
      let (v, _) = try NIfTI.loadVolume(path: Build.file(dir, name, bytes))
      #expect(v.data == [10.5, 11, 8, 500010])
      #expect(v.grid.spacing == [Double(Float(0.8)), Double(Float(0.8)), 2.5])
      // Fallback affine (codes 0): x flipped, centred.
      #expect(v.grid.affine.axcodes == "LAS")
    }
  }

  /// A big volume takes the parallel conversion path; it must equal the plain loop.
  @Test func parallelConversionMatchesPlainLoop() throws {
    let dims = [128, 128, 80]
    var h = NIfTIHeader.blank(shape: dims, datatype: .int16)
    h.sclSlope = 0.25
    h.sclInter = -3
    var b = h.encoded() + [0, 0, 0, 0]
    let n = dims.reduce(1, *)
    b.reserveCapacity(b.count + 2 * n)
    for i in 0..<n {
      let v = UInt16(truncatingIfNeeded: i &* 7919)
      b += [UInt8(v & 0xFF), UInt8(v >> 8)]
    }
    let (v, _) = try NIfTI.loadVolume(path: Build.file(dir, "big.nii", b))
    let reference = (0..<n).map {
      Float(Double(Int16(truncatingIfNeeded: UInt16(truncatingIfNeeded: $0 &* 7919))) * 0.25 - 3)
    }
    #expect(v.data == reference)
  }
}

/// Blocks of 8 MB and more are read in parallel pieces; the result must equal the file, and a
/// short file must still be reported as truncated.
@Test func parallelReadOfLargeBlocks() throws {
  let dir = TemporaryDirectory.make("bigread").path
  let dims = [256, 128, 70]
  let n = dims.reduce(1, *)
  var h = NIfTIHeader.blank(shape: dims, datatype: .float32)
  h.sformCode = 1
  var b = h.encoded() + [0, 0, 0, 0]
  b.reserveCapacity(b.count + 4 * n)
  for i in 0..<n { withUnsafeBytes(of: Float(i % 100_003).bitPattern.littleEndian) { b += $0 } }
  let p = Build.file(dir, "big.nii", b)
  let (v, _) = try NIfTI.loadVolume(path: p)
  #expect(v.data.count == n)
  #expect(v.data.enumerated().allSatisfy { $0.element == Float($0.offset % 100_003) })
  let image = try NIfTI.readImage(path: p)
  #expect(image.raw.count == 4 * n && Array(image.raw[0..<8]) == [0, 0, 0, 0, 0, 0, 0x80, 0x3F])
  b.removeLast(5000)
  expectRejected(Build.file(dir, "bigshort.nii", b), "truncated data")
}
