import Foundation
import RWNIfTI
import RWVolume

/// Phantom cases written on the fly for the command-line tests.
enum E2ESupport {
  /// Writes a phantom case: 40×32×12 voxels of 1×1×2 mm, LAS-stored (i flipped); a class-1
  /// box (i 8..<24, j 8..<24, k 2..<10) and a class-2 box; 3-class probabilities agreeing with the labels except one column.
  /// Returns (image, labels, prediction) paths.
  static func writePhantom(in dir: URL, prefix: String = "case") throws -> (String, String, String)
  {
    let dims = [40, 32, 12]
    let affine = Affine(rowMajor: [-1, 0, 0, 39, 0, 1, 0, -10, 0, 0, 2, 5, 0, 0, 0, 1])
    let grid = VoxelGrid(dims: dims, spacing: [1, 1, 2], affine: affine)
    let n = grid.voxelCount
    var img = [Float](repeating: 0, count: n)
    var lab = [Float](repeating: 0, count: n)
    var prob = [Float](repeating: 0, count: 3 * n)
    for k in 0..<dims[2] {
      for j in 0..<dims[1] {
        for i in 0..<dims[0] {
          let v = (k * dims[1] + j) * dims[0] + i
          var l = 0
          if (8..<24).contains(i) && (8..<24).contains(j) && (2..<10).contains(k) { l = 1 }
          if (26..<34).contains(i) && (10..<18).contains(j) && (3..<9).contains(k) { l = 2 }
          lab[v] = Float(l)
          img[v] = Float(100 + 50 * l + (i + j) % 7)
          let p = (i == 12) ? 0 : l
          for c in 0..<3 { prob[c * n + v] = c == p ? 0.8 : 0.1 }
        }
      }
    }
    let ip = dir.appendingPathComponent("\(prefix)_0000.nii.gz").path
    let gp = dir.appendingPathComponent("\(prefix)_gt.nii.gz").path
    let pp = dir.appendingPathComponent("\(prefix)_prob.nii.gz").path
    try NIfTI.writeVolume(Volume(grid: grid, shape: dims, data: img), to: ip)
    try NIfTI.writeVolume(Volume(grid: grid, shape: dims, data: lab), to: gp, datatype: .uint8)
    try NIfTI.writeVolume(Volume(grid: grid, shape: dims + [1, 3], data: prob), to: pp)
    return (ip, gp, pp)
  }
}
