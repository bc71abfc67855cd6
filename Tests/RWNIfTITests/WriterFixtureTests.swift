import Foundation
import RWTestSupport
import RWVolume
import RWZlib
import Testing

@testable import RWNIfTI

/// The writer against `Tests/Fixtures/writer`: files it wrote once, read by nibabel 5.4.2
/// (`nibabel-readings.json`, made by `make_readings.py` with the venv). The writer must still
/// produce those bytes, and nibabel's reading of them must be the volume we meant to write.
@Suite struct WriterFixtureTests {
  /// The committed files and the datatype each was written with.
  static let files: [String: NIfTIDatatype] = [
    "ramp_f32.nii": .float32, "ramp_f32.nii.gz": .float32, "ramp_i16.nii": .int16,
  ]

  /// The volume each fixture holds: a 5×4×3 ramp on an oblique, reflected affine
  /// (rounded for integer types).
  static func volume(_ type: NIfTIDatatype) -> Volume {
    var v = rampVolume([5, 4, 3], affine: obliqueAffine())
    if type != .float32 { v.data = v.data.map { $0.rounded() } }
    return v
  }

  /// Writes `name`'s volume to a fresh temporary file; returns its path.
  static func writeFresh(_ name: String) throws -> String {
    let type = try #require(files[name], "no datatype for \(name)")
    let path = TemporaryDirectory.make("writer-fixture").appendingPathComponent(name).path
    try NIfTI.writeVolume(volume(type), to: path, datatype: type)
    return path
  }

  /// nibabel's reading of one file (the keys of `nibabel-readings.json`).
  struct Reading: Decodable {
    var dtype: String
    var shape: [Int]
    var sformCode: Int
    var qformCode: Int
    var dataFortranOrder: [Double]
    var affine: [[Double]]
    var qform: [[Double]]

    enum CodingKeys: String, CodingKey {
      case dtype, shape, affine, qform
      case sformCode = "sform_code"
      case qformCode = "qform_code"
      case dataFortranOrder = "data_fortran_order"
    }
  }

  /// Every reading, by file name. JSONDecoder, not JSONSerialization: the latter misreads the
  /// last bit of some doubles on Linux, and the affine is compared exactly.
  static func readings() throws -> [String: Reading] {
    struct File: Decodable { var files: [String: Reading] }
    return try JSONDecoder().decode(File.self, from: Fixtures.data("writer/nibabel-readings.json"))
      .files
  }

  /// Uncompressed output is byte-identical to the committed file nibabel read.
  @Test(arguments: ["ramp_f32.nii", "ramp_i16.nii"])
  func writerStillWritesTheCommittedBytes(_ name: String) throws {
    let fresh = try Self.writeFresh(name)
    let written = try #require(FileManager.default.contents(atPath: fresh))
    #expect(
      written == (try? Fixtures.data("writer/" + name)),
      """
      \(name): the writer's bytes changed (new file kept at \(fresh)); if intended, copy it to \
      Tests/Fixtures/writer and re-run make_readings.py there with the venv
      """)
  }

  /// Gzip output (zlib level and version may vary) inflates to the committed uncompressed bytes,
  /// and so does the committed `.nii.gz` that nibabel read.
  @Test func gzipOutputInflatesToTheCommittedBytes() throws {
    let fresh = try Self.writeFresh("ramp_f32.nii.gz")
    let plain = try Fixtures.data("writer/ramp_f32.nii")
    for gz in [fresh, Fixtures.path("writer/ramp_f32.nii.gz")] {
      let packed = try #require(FileManager.default.contents(atPath: gz), "cannot read \(gz)")
      var out = [UInt8](repeating: 0, count: plain.count)
      let (produced, end) = packed.withUnsafeBytes { input in
        out.withUnsafeMutableBytes { Zlib.inflate(input, into: $0, extraLimit: 1) }
      }
      #expect(end == .complete && produced == plain.count, "\(gz): \(end), \(produced) bytes")
      #expect(Data(out) == plain, "\(gz) does not inflate to ramp_f32.nii")
    }
  }

  /// nibabel's reading of each committed file: same data, same affine (sform, at float32
  /// precision), qform close to the affine, both codes 2, datatype and shape.
  @Test(arguments: ["ramp_f32.nii", "ramp_f32.nii.gz", "ramp_i16.nii"])
  func nibabelReadsWhatWeWrite(_ name: String) throws {
    let nb = try #require(try Self.readings()[name], "no nibabel reading of \(name)")
    let type = try #require(Self.files[name])
    let v = Self.volume(type)
    let a = v.grid.affine
    #expect(nb.dtype == type.name)
    #expect(nb.shape == [5, 4, 3])
    #expect(nb.sformCode == 2 && nb.qformCode == 2)
    #expect(nb.dataFortranOrder.map { Float($0) } == v.data)
    let affine = nb.affine.flatMap { $0 }
    let qform = nb.qform.flatMap { $0 }
    try #require(affine.count == 16 && qform.count == 16, "\(name): 4x4 matrices expected")
    for i in 0..<16 {
      #expect(affine[i] == (i < 12 ? Double(Float(a.m[i])) : a.m[i]), "\(name) affine[\(i)]")
      #expect(abs(qform[i] - a.m[i]) < 1e-4, "\(name) nibabel qform[\(i)]")
    }
  }
}
