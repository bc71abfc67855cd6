import Foundation
import RWNIfTI
import RWTestSupport
import Testing

/// Geometry rwview repairs reaches the user once: a warning line on stderr from commands,
/// and the repaired (finite) geometry in what they print.
@Suite struct GeometryWarningTests {
  /// An 8×6×4 uint8 ramp whose qform (code 1, no sform) has a NaN quaternion.
  static func writeNaNQuaternion(in dir: URL) -> String {
    var h = NIfTIHeader.blank(shape: [8, 6, 4], datatype: .uint8)
    h.qformCode = 1
    h.quaternB = .nan
    h.pixdim = [1, 2, 2, 3, 1, 1, 1, 1]
    let bytes = h.encoded() + [0, 0, 0, 0] + (0..<192).map { UInt8($0) }
    let p = dir.appendingPathComponent("nanq.nii").path
    FileManager.default.createFile(atPath: p, contents: Data(bytes))
    return p
  }

  @Test func infoAndRenderWarnOnceAndShowFiniteGeometry() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("geometry-warning")
    defer { try? FileManager.default.removeItem(at: dir) }
    let p = Self.writeNaNQuaternion(in: dir)
    let warning =
      "rwview: warning: \(p): qform (qform_code 1) is not finite (quatern_b NaN); using pixdim only"

    let info = ProcessRunner.run(bin, ["info", p])
    #expect(info.status == 0, "\(info.err)")
    #expect(
      info.err.components(separatedBy: "\n").filter { $0.hasPrefix(warning) }.count == 1,
      "\(info.err)")
    #expect(info.out.contains("orientation: LAS"))

    let render = ProcessRunner.run(
      bin, ["render", p, "--format", "text", "--size", "100x30", "--slice", "1"])
    #expect(render.status == 0, "\(render.err)")
    #expect(
      render.err.components(separatedBy: "\n").filter { $0.hasPrefix(warning) }.count == 1,
      "\(render.err)")
    let status = try #require(
      render.out.components(separatedBy: "\n").first { $0.contains("world (x,y,z)=") })
    // Voxel (4,3,1) of diag(-2, 2, 3) centred:
    // x = -2·(4 - 3.5), y = 2·(3 - 2.5), z = 3·(1 - 1.5).
    #expect(status.contains("world (x,y,z)=(-1.0,1.0,-1.5) mm  LAS"), "\(status)")
  }

  /// `stats` and `maps` mark a loaded file's warnings as warnings, like `info` and `render`: a
  /// failing command's stderr is warnings and notes, then one error line (found by fuzzing:
  /// they printed `rwview: FILE: …` for both, so a refusal read as several errors).
  @Test func statsAndMapsMarkWarningsAsWarnings() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("geometry-warning-stats")
    defer { try? FileManager.default.removeItem(at: dir) }
    let p = Self.writeNaNQuaternion(in: dir)
    let warning = "rwview: warning: \(p): qform (qform_code 1) is not finite (quatern_b NaN)"
    let out = dir.appendingPathComponent("maps.nii.gz").path
    let maps = ProcessRunner.run(bin, ["maps", p, "-o", out, "--classes", "192"])
    #expect(maps.status == 0, "\(maps.err)")
    #expect(maps.err.hasPrefix(warning), "\(maps.err)")
    // The ramp (0..191) against itself with K = 3: the labels are refused after the warnings.
    let stats = ProcessRunner.run(bin, ["stats", "--gt", p, "--pred", p, "--classes", "3"])
    let lines = stats.err.split(separator: "\n").map(String.init)
    #expect(stats.status == 1, "\(stats.err)")
    #expect(lines.filter { $0.hasPrefix(warning) }.count == 2, "\(stats.err)")
    let rest = lines.filter {
      !$0.hasPrefix("rwview: warning: ") && !$0.hasPrefix("rwview: note: ")
    }
    #expect(rest.count == 1 && rest[0].hasPrefix("rwview: \(p): "), "\(stats.err)")
  }
}
