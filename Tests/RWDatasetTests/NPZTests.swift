import Foundation
import RWNIfTI
import RWTestSupport
import RWVolume
import Testing

@testable import RWDataset

/// `.npz`/`.npy` reading against arrays written by numpy (Tests/Fixtures/npz).
@Suite struct NPZTests {
  static let names = ["f16_c_compressed", "f16_f_stored", "f32_c_stored", "f32_f_compressed"]

  @Test(arguments: names)
  func headerAndSamplesMatchNumpy(_ name: String) throws {
    let files = try #require(Fixtures.expected["files"] as? [String: Any])
    let e = try #require(files[name] as? [String: Any])
    let a = try NPZ.readArray(
      path: Fixtures.npz(name + ".npz"), name: "probabilities", maxBytes: 1 << 20)
    #expect(a.header.shape == [3, 4, 5, 6])
    #expect(a.header.fortranOrder == (e["fortran_order"] as? Bool))
    #expect(a.header.scalar == ((e["dtype"] as? String) == "<f2" ? .float16 : .float32))
    // C order: index ((c*Z + z)*Y + y)*X + x.
    for s in try #require(e["samples"] as? [[String: Any]]) {
      let c = s["c"] as! Int
      let z = s["z"] as! Int
      let y = s["y"] as! Int
      let x = s["x"] as! Int
      let v = try #require(s["value"] as? Double)
      #expect(a.values[((c * 4 + z) * 5 + y) * 6 + x] == Float(v), "\(name) [\(c),\(z),\(y),\(x)]")
    }
    let sum = a.values.reduce(0.0) { $0 + Double($1) }
    #expect(abs(sum - (e["sum"] as! Double)) < 1e-9 * 360)
  }

  /// The axis order: nnU-Net's (C, z, y, x) equals the same probabilities stored as an
  /// (x, y, z, C) NIfTI by nibabel, voxel for voxel, with the segmentation's geometry.
  @Test(arguments: names)
  func axisOrderMatchesTheNIfTI(_ name: String) throws {
    let (nifti, _) = try NIfTI.loadVolume(path: Fixtures.npz("probabilities.nii.gz"))
    let (v, _) = try NNUNetProbabilities.load(
      path: Fixtures.npz(name + ".npz"), reference: Fixtures.npz("case.nii.gz"))
    #expect(v.shape == [6, 5, 4, 3])
    #expect(v.shape == nifti.shape)
    #expect(v.grid == nifti.grid)
    let tol: Float = name.hasPrefix("f16") ? 1e-3 : 0
    var worst: Float = 0
    for i in 0..<v.data.count { worst = max(worst, abs(v.data[i] - nifti.data[i])) }
    #expect(worst <= tol, "\(name): largest difference \(worst)")
  }

  @Test func bigEndianFloats() throws {
    let a = try NPZ.readArray(
      path: Fixtures.npz("big_endian.npz"), name: "probabilities", maxBytes: 1 << 20)
    #expect(a.header.bigEndian)
    let want = try #require(Fixtures.expected["big_endian_sample"] as? Double)
    #expect(a.values[((1 * 4 + 2) * 5 + 3) * 6 + 4] == Float(want))
  }

  @Test func arrayNames() throws {
    #expect(try NPZ.arrayNames(path: Fixtures.npz("wrong_key.npz")) == ["softmax"])
  }

  @Test(arguments: [
    ("wrong_key.npz", "has no 'probabilities' array (it holds softmax.npy)"),
    (
      "three_axes.npz",
      "probabilities has shape (4, 5, 6); expected 4 axes (C, z, y, x), here (C, 4, 5, 6)"
    ),
    ("int_dtype.npz", "probabilities.npy has dtype '<i2', not a float16, float32 or float64 array"),
  ])
  func oneLineErrors(_ file: String, _ problem: String) {
    let path = Fixtures.npz(file)
    do {
      _ = try NNUNetProbabilities.load(path: path, reference: Fixtures.npz("case.nii.gz"))
      Issue.record("\(file): expected an error")
    } catch {
      let text = "\(error)"
      #expect(text.hasPrefix(path + ": " + problem), "\(text)")
      #expect(!text.contains("\n"))
    }
  }

  @Test func shapeOnAnotherGridIsRefused() {
    do {
      _ = try NNUNetProbabilities.load(
        path: Fixtures.npz("f32_c_stored.npz"), reference: Fixtures.npz("other_grid.nii.gz"))
      Issue.record("expected an error")
    } catch {
      #expect(
        "\(error)" == Fixtures.npz("f32_c_stored.npz")
          + ": probabilities has shape (3, 4, 5, 6), expected (C, 4, 6, 5) to match "
          + Fixtures.npz("other_grid.nii.gz") + " (5x6x4)")
    }
  }

  @Test func sizeLimitIsCheckedBeforeAllocating() {
    do {
      _ = try NPZ.readArray(
        path: Fixtures.npz("f32_c_stored.npz"), name: "probabilities", maxBytes: 1000)
      Issue.record("expected an error")
    } catch {
      #expect(
        "\(error)" == Fixtures.npz("f32_c_stored.npz")
          + ": probabilities.npy has shape (3, 4, 5, 6): 360 values need 1440 bytes,"
          + " more than the 1000 bytes allowed")
    }
  }

  /// Every truncation of a stored and a compressed file is a one-line error, never a trap.
  @Test(arguments: ["f32_c_stored", "f16_c_compressed"])
  func truncatedFilesFail(_ name: String) throws {
    let data = try #require(FileManager.default.contents(atPath: Fixtures.npz(name + ".npz")))
    let dir = TemporaryDirectory.make("npz-cut")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("cut.npz").path
    for n in stride(from: 0, to: data.count, by: 7) {
      FileManager.default.createFile(atPath: path, contents: data.prefix(n))
      #expect(throws: DatasetError.self) {
        _ = try NPZ.readArray(path: path, name: "probabilities", maxBytes: 1 << 20)
      }
    }
  }

  /// Flipped bytes anywhere: an error or (where a byte only changes a value) a result, never a trap.
  @Test func corruptedBytesNeverTrap() throws {
    let data = try #require(FileManager.default.contents(atPath: Fixtures.npz("f32_c_stored.npz")))
    let dir = TemporaryDirectory.make("npz-flip")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("flip.npz").path
    var errors = 0
    for i in stride(from: 0, to: data.count, by: 3) {
      var d = data
      d[i] ^= 0xA5
      FileManager.default.createFile(atPath: path, contents: d)
      do {
        _ = try NPZ.readArray(path: path, name: "probabilities", maxBytes: 1 << 20)
      } catch {
        errors += 1
      }
    }
    // The CRC catches every flip inside the member's data.
    #expect(errors > data.count / 3 / 2)
  }
}
