import ArgumentParser
import Foundation
import RWCommands
import RWNIfTI
import RWVolume

/// One fuzz input through the value paths, in process, by the commands' own code: the input is
/// written as a `.nii`, read by `info --stats`; used as labels by `maps`, as labels and as the
/// prediction by `stats` (prediction-kind detection, the map engine, the stats report, also
/// with `--pred-kind probs`), and as image, labels and prediction by `render` (the viewer's
/// runtime, compositing and a text frame). Partner files (labels, 3-class probabilities, an
/// image) are written on the input's grid so that the grid rule lets the values through.
/// Every command runs with `--max-memory 512M`: an allocation the guard should have refused
/// shows up as a peak RSS far above that.
enum Pipeline {
  /// A private scratch folder (in /dev/shm when there is one).
  static let dir: String = {
    let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : NSTemporaryDirectory()
    let d = "\(base)/rwfuzz-\(getpid())"
    mkdir(d, 0o700)
    return d
  }()

  /// Commands run so far and how many ended with an error (a clean refusal).
  nonisolated(unsafe) static var commands = 0
  nonisolated(unsafe) static var refusals = 0

  /// Runs every command on `bytes`.
  static func run(_ bytes: [UInt8]) {
    let m = dir + "/m.nii"
    let (g, p, i, out) = (dir + "/g.nii", dir + "/p.nii", dir + "/i.nii", dir + "/out.nii")
    put(bytes, m)
    var partners = false
    if let (v, _) = try? NIfTI.loadVolume(path: m), (1...(1 << 18)).contains(v.grid.voxelCount) {
      writePartners(v.grid, labels: g, probs: p, image: i)
      partners = true
    }
    var runs: [[String]] = [
      ["info", m], ["info", "--json", "--stats", m], ["maps", m, "-o", out],
      ["render", m, "--format", "text", "--size", "60x20"],
    ]
    if partners {
      runs += [
        ["stats", "--gt", m, "--pred", p], ["stats", "--gt", g, "--pred", m],
        ["stats", "--gt", g, "--pred", m, "--pred-kind", "probs", "--json"],
        ["render", i, "--gt", g, "--pred", m, "--format", "text", "--size", "80x24"],
        ["render", i, "--gt", m, "--pred", p, "--format", "ansi", "--size", "80x24"],
        ["render", m, "--gt", g, "--format", "text", "--size", "40x12", "--colors", "8"],
      ]
    }
    for args in runs { command(args + ["--max-memory", "512M"]) }
  }

  /// Parses and runs one command line in this process; errors are refusals.
  static func command(_ args: [String]) {
    commands += 1
    do {
      var c = try RWView.parseAsRoot(args)
      try c.run()
    } catch {
      refusals += 1
    }
  }

  /// Labels 0/1/2 in blocks, 3-class probabilities that disagree with them at the borders,
  /// and a ramp image, on `grid`.
  static func writePartners(_ grid: VoxelGrid, labels: String, probs: String, image: String) {
    let (nx, ny, nz) = (grid.dims[0], grid.dims[1], grid.dims[2])
    var lab = [UInt8](repeating: 0, count: nx * ny * nz)
    var img = [Float](repeating: 0, count: lab.count)
    for z in 0..<nz {
      for y in 0..<ny {
        for x in 0..<nx {
          let k = x + nx * (y + ny * z)
          lab[k] = x * 3 < nx ? 0 : (y * 2 < ny ? 1 : 2)
          img[k] = Float(x + 2 * y + 3 * z)
        }
      }
    }
    var pr = [Float](repeating: 0.1, count: lab.count * 3)
    for k in 0..<lab.count {
      let c = (Int(lab[k]) + (k % 7 == 0 ? 1 : 0)) % 3
      pr[c * lab.count + k] = 0.8
    }
    put(header(grid, [nx, ny, nz], .uint8) + lab, labels)
    put(header(grid, [nx, ny, nz, 1, 3], .float32) + bytes(pr), probs)
    put(header(grid, [nx, ny, nz], .float32) + bytes(img), image)
  }

  /// A single-file header (and extender) with `grid`'s affine as the sform.
  static func header(_ grid: VoxelGrid, _ shape: [Int], _ t: NIfTIDatatype) -> [UInt8] {
    var h = NIfTIHeader.blank(shape: shape, datatype: t)
    h.sformCode = 1
    let a = grid.affine.m
    (h.srowX, h.srowY, h.srowZ) = (Array(a[0..<4]), Array(a[4..<8]), Array(a[8..<12]))
    for d in 0..<3 where d < grid.spacing.count { h.pixdim[d + 1] = grid.spacing[d] }
    return h.encoded() + [0, 0, 0, 0]
  }

  static func bytes(_ v: [Float]) -> [UInt8] {
    v.withUnsafeBytes { Array($0) }
  }

  /// Writes `bytes` to `path` (truncating it in place: the inode stays the same).
  static func put(_ bytes: [UInt8], _ path: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    if fd < 0 { return }
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
  }
}

/// libFuzzer's entry point (used when built with `-sanitize=fuzzer`, see Tests/Fuzz/values.sh).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data else { return 0 }
  Pipeline.run(Array(UnsafeBufferPointer(start: data, count: size)))
  return 0
}
