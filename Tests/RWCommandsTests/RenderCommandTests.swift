import Foundation
import RWNIfTI
import RWRender
import RWTestSupport
import RWVolume
import Testing

@testable import RWCommands

/// `rwview render`: the viewer's frame without a terminal, through the real binary.
@Suite struct RenderCommandTests {
  @Test func textFrameShowsTheSliceLettersAndValues() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("render")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (img, gt, pred) = try E2ESupport.writePhantom(in: dir)
    let r = ProcessRunner.run(
      bin,
      [
        "render", img, "--gt", gt, "--pred", pred, "--format", "text", "--size", "100x30",
        "--plane", "coronal", "--slice", "20",
      ])
    #expect(r.status == 0, "\(r.err)")
    let lines = r.out.components(separatedBy: "\n")
    #expect(lines.count == 31)  // 30 rows and the final newline
    #expect(lines[0].contains("coronal j=20/31"))
    // Stored LAS (i towards L): the status line shows the LAS codes, the pane R on the left.
    #expect(
      lines[27].hasPrefix(
        "coronal j=20/31  voxel (i,j,k)=(20,20,6)  world (x,y,z)=(19.0,10.0,17.0) mm  LAS"))
    #expect(lines[28].hasPrefix("img 155 | gt 1 label 1 | pred 1 label 1 p=[0.10 0.80 0.10]"))
    #expect(lines.contains { $0.hasPrefix("R") && $0.contains("L") })
  }

  @Test func ansiUsesTheRequestedColours() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("render-ansi")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (img, gt, _) = try E2ESupport.writePhantom(in: dir)
    let full = ProcessRunner.run(
      bin, ["render", img, "--gt", gt, "--map", "rrw", "--size", "90x24"])
    #expect(full.status == 0 && full.out.contains("\u{1B}[") && full.out.contains(";2;"))
    #expect(full.out.contains("map rrw c1"))
    let p256 = ProcessRunner.run(bin, ["render", img, "--size", "90x24", "--colors", "256"])
    #expect(p256.out.contains("38;5;") && !p256.out.contains(";2;"))
    let ascii = ProcessRunner.run(
      bin, ["render", img, "--size", "90x24", "--colors", "mono", "--ascii"])
    #expect(ascii.status == 0 && ascii.out.unicodeScalars.allSatisfy { $0.isASCII })
  }

  @Test func pngIsWrittenAtomicallyAndNeverOverAnInput() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("render-png")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (img, gt, _) = try E2ESupport.writePhantom(in: dir)
    let out = dir.appendingPathComponent("frame.png").path
    let r = ProcessRunner.run(
      bin, ["render", img, "--gt", gt, "--format", "png", "--size", "80x24", "-o", out])
    #expect(r.status == 0, "\(r.err)")
    let bytes = try #require(FileManager.default.contents(atPath: out))
    #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    // 80×24 cells at 6×12 pixels each (room for the 5×9 font): IHDR width 480, height 288.
    #expect(Array(bytes[16..<24]) == [0, 0, 1, 224, 0, 0, 1, 32])
    let before = try #require(FileManager.default.contents(atPath: gt))
    let refused = ProcessRunner.run(bin, ["render", img, "--gt", gt, "--format", "text", "-o", gt])
    #expect(refused.status != 0)
    #expect(refused.err == "rwview: \(gt): refusing to overwrite an input file\n")
    #expect(FileManager.default.contents(atPath: gt) == before)
    let noOut = ProcessRunner.run(bin, ["render", img, "--format", "png"])
    #expect(noOut.status != 0 && noOut.err == "rwview: --format png needs -o FILE\n")
    // No temporary files are left behind.
    let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
      $0.hasPrefix(".")
    }
    #expect(left.isEmpty)
  }

  @Test func badOptionsAreOneLineErrors() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("render-bad")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (img, gt, _) = try E2ESupport.writePhantom(in: dir)
    let cases: [([String], String)] = [
      (
        ["--size", "10"],
        "rwview: --size: expected COLSxROWS such as 120x40 (at most 2000x1000), got 10\n"
      ),
      (
        ["--plane", "oblique"],
        "rwview: --plane: expected axial, coronal or sagittal, got oblique\n"
      ),
      (
        ["--map", "nope", "--gt", gt],
        "rwview: --map: unknown map nope (one of rrw, rw-ac, boundary, boundary-kervadec, wce, rrw-ci)\n"
      ),
      (["--map", "rrw"], "rwview: the map layer needs --gt LABELS\n"),
      (
        ["--layers", "image,bogus"],
        "rwview: --layers: unknown layer bogus (image, gt, pred, error, map)\n"
      ),
      (["--format", "gif"], "rwview: --format: expected ansi, text or png, got gif\n"),
    ]
    for (args, message) in cases {
      let r = ProcessRunner.run(bin, ["render", img] + args)
      #expect(r.status != 0)
      #expect(r.err == message, "\(args)")
    }
  }

  /// Labels stored with the i axis reversed (another affine, same world positions) show exactly as the originals.
  @Test func flippedOverlayIsReorientedOntoTheImage() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("render-flip")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (img, gt, pred) = try E2ESupport.writePhantom(in: dir)
    let original = try NIfTI.loadVolume(path: gt).volume
    let d = original.grid.dims
    var a = original.grid.affine
    // Voxel i' = 39 − i: the i column changes sign and the origin moves to the old last voxel.
    let last = a.apply(Double(d[0] - 1), 0, 0)
    a[0, 0] = -a[0, 0]
    a[1, 0] = -a[1, 0]
    a[2, 0] = -a[2, 0]
    a[0, 3] = last.x
    a[1, 3] = last.y
    a[2, 3] = last.z
    var data = original.data
    for k in 0..<d[2] {
      for j in 0..<d[1] {
        for i in 0..<d[0] {
          data[(k * d[1] + j) * d[0] + i] = original.data[(k * d[1] + j) * d[0] + (d[0] - 1 - i)]
        }
      }
    }
    let flipped = dir.appendingPathComponent("flipped_gt.nii.gz").path
    try NIfTI.writeVolume(
      Volume(
        grid: VoxelGrid(dims: d, spacing: original.grid.spacing, affine: a), shape: d, data: data),
      to: flipped, datatype: .uint8)
    let common = [
      "--pred", pred, "--layers", "image,gt,pred,error", "--size", "100x30", "--plane", "sagittal",
      "--slice", "14",
    ]
    let r1 = ProcessRunner.run(bin, ["render", img, "--gt", gt] + common)
    let r2 = ProcessRunner.run(bin, ["render", img, "--gt", flipped] + common)
    #expect(r1.status == 0 && r2.status == 0, "\(r2.err)")
    #expect(r1.out.contains("gt 1 label 1"))
    // Every row but the message line is identical; the message says what was done.
    let rows1 = r1.out.components(separatedBy: "\n")
    let rows2 = r2.out.components(separatedBy: "\n")
    #expect(rows1.count == 31 && rows2.count == 31)
    #expect(Array(rows1.prefix(29)) == Array(rows2.prefix(29)))
    #expect(rows2[29].contains("flipped_gt.nii.gz: labels stored as (-i, j, k), reoriented"))
  }

  @Test func mismatchedGridsAreOneLineError() throws {
    let bin = try RWViewBinary.path()
    let real = Fixtures.url("real")
    let t1 = real.appendingPathComponent("itk_kmeans_t1/KmeansTest_T1UCharRaw.nii.gz").path
    let gm = real.appendingPathComponent(
      "mni152_2009a_nilearn/mni_icbm152_gm_tal_nlin_sym_09a_converted.nii.gz"
    ).path
    let r = ProcessRunner.run(bin, ["render", t1, "--gt", gm, "--format", "text"])
    #expect(r.status != 0)
    #expect(
      r.err
        == "rwview: \(gm): labels grid differs from the image: shape 197x233x189 vs 128x128x62\n")
  }
}
