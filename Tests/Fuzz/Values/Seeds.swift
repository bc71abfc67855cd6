import Foundation
import RWNIfTI

/// Small valid seeds on one 12×10×6 grid (fast to run): an int16 image, uint8 labels 0..2,
/// labels with non-contiguous values (0, 2, 41), float32 3-class probabilities (X,Y,Z,1,K),
/// float32 logits and a float64 image.
enum Seeds {
  static func write(to dir: String) {
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let (nx, ny, nz) = (12, 10, 6)
    let n = nx * ny * nz
    func file(_ name: String, _ shape: [Int], _ t: NIfTIDatatype, _ data: [UInt8]) {
      var h = NIfTIHeader.blank(shape: shape, datatype: t)
      h.sformCode = 1
      (h.srowX, h.srowY, h.srowZ) = ([-1.5, 0, 0, 9], [0, 1.5, 0, -7], [0, 0, 2.5, 3])
      h.pixdim[1...3] = [1.5, 1.5, 2.5]
      Pipeline.put(h.encoded() + [0, 0, 0, 0] + data, dir + "/" + name)
    }
    func le<T: FixedWidthInteger>(_ v: [T]) -> [UInt8] {
      v.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) }
    }
    func f32(_ v: [Float]) -> [UInt8] { le(v.map(\.bitPattern)) }
    let label = (0..<n).map { k -> Int in
      let (x, y) = (k % nx, (k / nx) % ny)
      return (x - 6) * (x - 6) + (y - 5) * (y - 5) < 9 ? 2 : (x > 8 ? 1 : 0)
    }
    file("image_i16.nii", [nx, ny, nz], .int16, le((0..<n).map { Int16($0 % 300 - 20) }))
    file("labels_u8.nii", [nx, ny, nz], .uint8, label.map(UInt8.init))
    file("labels_sparse.nii", [nx, ny, nz], .int16, le(label.map { Int16([0, 2, 41][$0]) }))
    var p = [Float](repeating: 0.05, count: n * 3)
    for k in 0..<n { p[((label[k] + (k % 5 == 0 ? 1 : 0)) % 3) * n + k] = 0.9 }
    file("probs_f32.nii", [nx, ny, nz, 1, 3], .float32, f32(p))
    file("logits_f32.nii", [nx, ny, nz, 1, 3], .float32, f32(p.map { log($0) * 3 }))
    file("image_f64.nii", [nx, ny, nz], .float64, le((0..<n).map { sin(Double($0)).bitPattern }))
  }
}
