import Foundation
import RWSystem
import RWTestSupport
import RWVolume
import Testing

@testable import RWNIfTI

/// An oblique affine with a reflection: rotation about three axes, zooms, translation.
func obliqueAffine(flip: Bool = true) -> Affine {
  func rot(_ ax: Int, _ a: Double) -> [Double] {
    let c = cos(a)
    let s = sin(a)
    var r: [Double] = [1, 0, 0, 0, 1, 0, 0, 0, 1]
    let (i, j) = [(1, 2), (0, 2), (0, 1)][ax]
    r[3 * i + i] = c
    r[3 * j + j] = c
    r[3 * i + j] = -s
    r[3 * j + i] = s
    return r
  }
  func mul(_ a: [Double], _ b: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: 9)
    for i in 0..<3 {
      for j in 0..<3 {
        var s = 0.0
        for k in 0..<3 { s += a[3 * i + k] * b[3 * k + j] }
        out[3 * i + j] = s
      }
    }
    return out
  }
  var r = mul(mul(rot(0, 0.3), rot(1, -0.2)), rot(2, 0.1))
  let z = [1.5, 2.0, flip ? -3.0 : 3.0]
  for i in 0..<3 { for j in 0..<3 { r[3 * i + j] *= z[j] } }
  return Affine(rowMajor: [
    r[0], r[1], r[2], -90.5, r[3], r[4], r[5], 20.25, r[6], r[7], r[8], 33, 0, 0, 0, 1,
  ])
}

func rampVolume(_ dims: [Int], channels: Int = 1, affine: Affine) -> Volume {
  let n = dims.reduce(1, *) * channels
  let data = (0..<n).map { Float($0 % 251) - 17.5 }
  var spacing = [0.0, 0.0, 0.0]
  for c in 0..<3 {
    var s = 0.0
    for r in 0..<3 { s += affine[r, c] * affine[r, c] }
    spacing[c] = s.squareRoot()
  }
  return Volume(
    grid: VoxelGrid(dims: dims, spacing: spacing, affine: affine),
    shape: channels > 1 ? dims + [channels] : dims,
    data: data)
}

@Suite struct WriterTests {
  let dir = TemporaryDirectory.make("write").path

  /// Write then read back in Swift: data, shape, affine (sform exactly at float32 precision),
  /// qform close to the affine, codes.
  @Test(
    arguments: ["v.nii", "v.nii.gz"],
    [NIfTIDatatype.float32, .int16, .uint8, .int32, .float64, .uint16, .int8])
  func roundTrip(name: String, type: NIfTIDatatype) throws {
    let a = obliqueAffine()
    var vol = rampVolume([5, 4, 3], affine: a)
    if type == .uint8 || type == .uint16 { vol.data = vol.data.map { abs($0.rounded()) } }
    if type != .float32 && type != .float64 { vol.data = vol.data.map { $0.rounded() } }
    let path = dir + "/\(type.name)-" + name
    try NIfTI.writeVolume(vol, to: path, datatype: type)
    let image = try NIfTI.readImage(path: path)
    #expect(image.datatype == type)
    #expect(image.info.layout.shape == [5, 4, 3])
    #expect(image.info.header.sformCode == 2 && image.info.header.qformCode == 2)
    #expect(image.info.dataGzipped == name.hasSuffix(".gz"))
    let (back, warnings) = try NIfTI.loadVolume(path: path)
    #expect(warnings.isEmpty)
    #expect(back.data == vol.data)
    for i in 0..<12 { #expect(back.grid.affine.m[i] == Double(Float(a.m[i]))) }
    let q = try #require(image.info.header.qform)
    for i in 0..<12 { #expect(abs(q.m[i] - a.m[i]) < 1e-4, "qform[\(i)] \(q.m[i]) vs \(a.m[i])") }
    #expect(image.info.header.pixdim[0] == -1)  // the reflection went into qfac
  }

  @Test func writes4DChannels() throws {
    let vol = rampVolume([3, 2, 2], channels: 3, affine: .identity)
    let p = dir + "/four.nii.gz"
    try NIfTI.writeVolume(vol, to: p)
    let (back, _) = try NIfTI.loadVolume(path: p)
    #expect(back.shape == [3, 2, 2, 3])
    #expect(back.data == vol.data)
  }

  @Test func integerConversionRoundsAndClamps() throws {
    let grid = VoxelGrid(dims: [6, 1, 1], spacing: [1, 1, 1], affine: .identity)
    let vol = Volume(grid: grid, shape: [6, 1, 1], data: [-3.6, 2.5, 300, .nan, 254.4, -0.4])
    let p = dir + "/clamp.nii"
    try NIfTI.writeVolume(vol, to: p, datatype: .uint8)
    let (back, _) = try NIfTI.loadVolume(path: p)
    #expect(back.data == [0, 3, 255, 0, 254, 0])
  }

  @Test func atomicWriteLeavesNoTemporaryFiles() throws {
    let sub = dir + "/atomic"
    try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
    let p = sub + "/out.nii"
    TestSupport.write([1, 2, 3], p)
    try NIfTI.writeVolume(rampVolume([2, 2, 2], affine: .identity), to: p)
    #expect(try FileManager.default.contentsOfDirectory(atPath: sub) == ["out.nii"])
    #expect(try NIfTI.loadVolume(path: p).volume.data.count == 8)
    // Unwritable destination: one clear error, nothing left behind.
    #expect(throws: SystemError.self) {
      try NIfTI.writeVolume(
        rampVolume([2, 2, 2], affine: .identity), to: dir + "/no/such/dir/x.nii")
    }
  }

  @Test func refusesToOverwriteInputs() throws {
    let p = dir + "/input.nii"
    try NIfTI.writeVolume(rampVolume([2, 2, 2], affine: .identity), to: p)
    let v = rampVolume([2, 2, 2], affine: .identity)
    #expect(throws: SystemError.self) {
      try NIfTI.writeVolume(v, to: dir + "/./input.nii", protecting: [p])
    }
    try NIfTI.writeVolume(v, to: dir + "/other.nii", protecting: [p])
    // Once read, a file is protected however it is named, without being listed.
    _ = try NIfTI.loadVolume(path: dir + "/other.nii")
    #expect(throws: SystemError.self) {
      try NIfTI.writeVolume(
        v, to: dir + "/../" + (dir as NSString).lastPathComponent + "/other.nii")
    }
  }
}
