/// Per-slice, per-class sums of every loss quantity along one axis.
///
/// Arrays are indexed `s * classCount + k`. Quantities "by class" use the map/prediction
/// channel k (`rw`, `pY`, `pSum`, `ySum`); quantities "by ground truth" are split by the
/// voxel's true class (`ce`, `focal`, `lowest`, counts).
public struct AxisProfile: Sendable {
  /// The axis the slices are perpendicular to.
  public let axis: VolumeAxis
  /// Slices along the axis.
  public let sliceCount: Int
  /// K.
  public let classCount: Int
  /// Voxels per slice.
  public let sliceSize: Int
  /// `sum P_k Z_k` (the channel's share of the RW sum).
  public internal(set) var rw: [Double]
  /// `sum P_k Y_k`.
  public internal(set) var pY: [Double]
  /// `sum P_k`.
  public internal(set) var pSum: [Double]
  /// `sum Y_k` (voxels of class k).
  public internal(set) var ySum: [Double]
  /// CE terms `-log(P_c + 1e-15)` of the voxels of true class k.
  public internal(set) var ce: [Double]
  /// Focal terms of the voxels of true class k.
  public internal(set) var focal: [Double]
  /// `sum min_j Z_j` over voxels of true class k (the lowest reachable RW loss).
  public internal(set) var lowest: [Double]
  /// Principle A violations (`Z_c < Z_k` fails for some k != c) among voxels of true class k.
  public internal(set) var aViolations: [Int]
  /// Principle A ties (`Z_c == min_{k!=c} Z_k`), a subset of the A violations.
  public internal(set) var aTies: [Int]
  /// Principle B violations (the wrong classes' values differ).
  public internal(set) var bViolations: [Int]
  /// Voxels where descent raises a wrong logit (`dl/dX_k < 0` for some k != c).
  public internal(set) var wrongLogitPushedUp: [Int]
  /// Voxels where descent lowers the true logit (`dl/dX_c > 0`).
  public internal(set) var gtLogitPushedDown: [Int]

  init(axis: VolumeAxis, sliceCount: Int, classCount: Int, sliceSize: Int) {
    self.axis = axis
    self.sliceCount = sliceCount
    self.classCount = classCount
    self.sliceSize = sliceSize
    let z = [Double](repeating: 0, count: sliceCount * classCount)
    let zi = [Int](repeating: 0, count: sliceCount * classCount)
    rw = z
    pY = z
    pSum = z
    ySum = z
    ce = z
    focal = z
    lowest = z
    aViolations = zi
    aTies = zi
    bViolations = zi
    wrongLogitPushedUp = zi
    gtLogitPushedDown = zi
  }

  /// Sum of `array` over classes for slice s.
  @inline(__always) func slice(_ a: [Double], _ s: Int) -> Double {
    var t = 0.0
    for k in 0..<classCount { t += a[s * classCount + k] }
    return t
  }

  @inline(__always) func slice(_ a: [Int], _ s: Int) -> Int {
    var t = 0
    for k in 0..<classCount { t += a[s * classCount + k] }
    return t
  }

  /// Sum of `array` over slices for class k.
  @inline(__always) func total(_ a: [Double], _ k: Int) -> Double {
    var t = 0.0
    for s in 0..<sliceCount { t += a[s * classCount + k] }
    return t
  }

  @inline(__always) func total(_ a: [Int], _ k: Int) -> Int {
    var t = 0
    for s in 0..<sliceCount { t += a[s * classCount + k] }
    return t
  }

  /// The statistics of slice s.
  public func statistics(slice s: Int) -> SliceStatistics {
    let k = classCount
    var perClassRW = [Double](repeating: 0, count: k)
    var dice = [Double](repeating: 0, count: k)
    for c in 0..<k {
      perClassRW[c] = rw[s * k + c]
      dice[c] = 2 * pY[s * k + c] / (pSum[s * k + c] + ySum[s * k + c] + 1e-6)
    }
    let n = Double(sliceSize)
    let sum = slice(rw, s)
    return SliceStatistics(
      axis: axis, index: s, voxelCount: sliceSize, rwSum: sum, rwMean: sum / (Double(k) * n),
      rwSumPerClass: perClassRW, ce: slice(ce, s) / n, focal: slice(focal, s) / n,
      softDiceLoss: 1 - dice.reduce(0, +) / Double(k), softDicePerClass: dice,
      lowestRWSum: slice(lowest, s),
      aViolations: slice(aViolations, s), bViolations: slice(bViolations, s),
      aViolationsPerClass: (0..<k).map { aViolations[s * k + $0] },
      bViolationsPerClass: (0..<k).map { bViolations[s * k + $0] },
      wrongLogitPushedUp: slice(wrongLogitPushedUp, s),
      gtLogitPushedDown: slice(gtLogitPushedDown, s))
  }
}

/// Every loss quantity of one slice (2D, within the slice; the map itself keeps its geometry).
public struct SliceStatistics: Sendable, Equatable {
  /// The axis the slice is perpendicular to.
  public var axis: VolumeAxis
  /// The slice's index along `axis`.
  public var index: Int
  /// Voxels in the slice.
  public var voxelCount: Int
  /// Paper form: `sum_x l(x)` over the slice.
  public var rwSum: Double
  /// Reference form: `rwSum / (K * voxels)`.
  public var rwMean: Double
  /// Channel shares `sum_x P_k Z_k`.
  public var rwSumPerClass: [Double]
  /// Mean CE over the slice's voxels.
  public var ce: Double
  /// Mean focal loss over the slice's voxels.
  public var focal: Double
  /// `1 - mean_k` soft Dice of the slice.
  public var softDiceLoss: Double
  /// Soft Dice per class within the slice.
  public var softDicePerClass: [Double]
  /// `sum_x min_k Z_k(x)`: the lowest RW sum any prediction can reach on this slice.
  public var lowestRWSum: Double
  /// Voxels where principle A fails.
  public var aViolations: Int
  /// Voxels where principle B fails.
  public var bViolations: Int
  /// A violations by true class.
  public var aViolationsPerClass: [Int]
  /// B violations by true class.
  public var bViolationsPerClass: [Int]
  /// Voxels where descent raises a wrong logit, for this prediction.
  public var wrongLogitPushedUp: Int
  /// Voxels where descent lowers the true logit.
  public var gtLogitPushedDown: Int
}

/// Per-voxel bits of `LossField.voxelFlags`.
public enum VoxelFlag {
  /// Principle A fails at the voxel.
  public static let aViolation: UInt8 = 1
  /// Principle B fails at the voxel.
  public static let bViolation: UInt8 = 2
  /// Descent raises a wrong class's logit at the voxel.
  public static let wrongLogitPushedUp: UInt8 = 4
  /// Descent lowers the true class's logit at the voxel.
  public static let gtLogitPushedDown: UInt8 = 8
  /// A fails by a tie (the true class's value equals the smallest other).
  public static let aTie: UInt8 = 16
}

/// The RW loss and comparison losses of one prediction against one map set, per voxel and
/// reduced per slice along all three axes.
public struct LossField: Sendable {
  /// The map set used.
  public let options: MapOptions
  /// K.
  public let classCount: Int
  /// Voxel dims.
  public let dims: [Int]
  /// `l(x) = sum_k P_k Z_k` per voxel.
  public let voxelLoss: [Float]
  /// `VoxelFlag` bits per voxel.
  public let voxelFlags: [UInt8]
  /// Profiles along i, j and k (index by `VolumeAxis.rawValue`).
  public let profiles: [AxisProfile]

  /// The profile along an axis.
  public func profile(_ axis: VolumeAxis) -> AxisProfile { profiles[axis.rawValue] }

  /// N.
  public var voxelCount: Int { dims[0] * dims[1] * dims[2] }
}
