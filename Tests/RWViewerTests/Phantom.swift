import RWLoss
import RWRender
import RWVolume

@testable import RWViewer

/// Small synthetic volumes with known content.
enum Phantom {
  /// 8×6×4 voxels, 1 mm, RAS (identity affine) unless given.
  static func grid(dims: [Int] = [8, 6, 4], spacing: [Double] = [1, 1, 1], affine: Affine? = nil)
    -> VoxelGrid
  {
    let a =
      affine
      ?? Affine(rowMajor: [
        spacing[0], 0, 0, 0, 0, spacing[1], 0, 0, 0, 0, spacing[2], 0, 0, 0, 0, 1,
      ])
    return VoxelGrid(dims: dims, spacing: spacing, affine: a)
  }

  /// Image value at (i, j, k): i + 10 j + 100 k.
  static func image(_ g: VoxelGrid = grid()) -> Volume {
    var d = [Float]()
    for k in 0..<g.dims[2] {
      for j in 0..<g.dims[1] { for i in 0..<g.dims[0] { d.append(Float(i + 10 * j + 100 * k)) } }
    }
    return Volume(grid: g, shape: g.dims, data: d)
  }

  /// Labels: class 1 in the box i 2...4, j 1...3 (all k); class 2 at i 6, j 4...5.
  static func label(_ i: Int, _ j: Int, _ k: Int) -> Int {
    if (2...4).contains(i) && (1...3).contains(j) { return 1 }
    if i == 6 && (4...5).contains(j) { return 2 }
    return 0
  }

  static func labels(_ g: VoxelGrid = grid()) -> Volume {
    var d = [Float]()
    for k in 0..<g.dims[2] {
      for j in 0..<g.dims[1] { for i in 0..<g.dims[0] { d.append(Float(label(i, j, k))) } }
    }
    return Volume(grid: g, shape: g.dims, data: d)
  }

  /// Probabilities for 3 classes: 0.8 on the true class, 0.1 on the others, except voxel
  /// (4, 3, k) which predicts class 0 (a false negative of class 1) and (0, 0, k) which
  /// predicts class 2 (a false positive).
  static func predictedClass(_ i: Int, _ j: Int, _ k: Int) -> Int {
    if i == 4 && j == 3 { return 0 }
    if i == 0 && j == 0 { return 2 }
    return label(i, j, k)
  }

  static func probabilities(_ g: VoxelGrid = grid()) -> Volume {
    let n = g.voxelCount
    var d = [Float](repeating: 0, count: 3 * n)
    var v = 0
    for k in 0..<g.dims[2] {
      for j in 0..<g.dims[1] {
        for i in 0..<g.dims[0] {
          let c = predictedClass(i, j, k)
          for cl in 0..<3 { d[cl * n + v] = cl == c ? 0.8 : 0.1 }
          v += 1
        }
      }
    }
    return Volume(grid: g, shape: g.dims + [1, 3], data: d)
  }

  /// A state with all three layers prepared (as the runtime would), terminal `cols × rows`.
  static func state(cols: Int = 60, rows: Int = 16, caps: RenderCaps = .full) -> ViewerState {
    var s = ViewerState()
    s.termCols = cols
    s.termRows = rows
    s.caps = caps
    s.paths = [.image: "img.nii", .groundTruth: "gt.nii", .prediction: "pred.nii"]
    for role in LayerRole.allCases { s.loadStatus[role] = .loaded }
    s.image = LayerPreparation.image(path: "img.nii", volume: image())
    s.groundTruth = try! LayerPreparation.labels(path: "gt.nii", volume: labels())
    s.prediction = try! LayerPreparation.prediction(
      path: "pred.nii", volume: probabilities(), kind: nil)
    s.cursor = [4, 3, 2]
    return s
  }
}

/// A test double computing the rw-ac map, Z_c = 1 − [L == c], unit by unit.
struct ActiveContourTestSource: MapSource {
  func computeUnit(_ unit: Int, job: MapJob) throws -> [Float] {
    let d = job.dims
    var r = [0..<d[0], 0..<d[1], 0..<d[2]]
    if let a = job.options.unitAxis { r[a] = unit..<(unit + 1) }
    var out: [Float] = []
    for c in 0..<job.classCount {
      for k in r[2] {
        for j in r[1] {
          for i in r[0] {
            out.append(job.labels[(k * d[1] + j) * d[0] + i] == Int32(c) ? 0 : 1)
          }
        }
      }
    }
    return out
  }
}
