import RWLoss

/// The computed part of the current RW map: K channels over the volume, filled unit by unit.
public struct MapVolume: Sendable {
  public var generation: Int
  public var settings: MapOptions
  public var dims: [Int]
  public var classCount: Int
  /// Channel-major values, `K * N`; only meaningful where `done` is set for the voxel's unit.
  public var values: [Float]
  /// Which units are computed.
  public var done: [Bool]
  public var doneCount: Int
  /// Largest |value| per class over the computed units (for the legend range).
  public var maxAbs: [Float]
  public var minValue: [Float]
  public var maxValue: [Float]
  /// The last error from the map source, if any.
  public var error: String?

  public init(generation: Int, settings: MapOptions, dims: [Int], classCount: Int) {
    self.generation = generation
    self.settings = settings
    self.dims = dims
    self.classCount = classCount
    let n = dims[0] * dims[1] * dims[2]
    values = [Float](repeating: 0, count: classCount * n)
    let units = settings.unitAxis.map { dims[$0] } ?? 1
    done = [Bool](repeating: false, count: units)
    doneCount = 0
    maxAbs = [Float](repeating: 0, count: classCount)
    minValue = [Float](repeating: .infinity, count: classCount)
    maxValue = [Float](repeating: -.infinity, count: classCount)
  }

  public var voxelCount: Int { dims[0] * dims[1] * dims[2] }
  public var unitCount: Int { done.count }
  public var isComplete: Bool { doneCount == done.count }

  /// The unit holding voxel (i, j, k).
  @inline(__always) public func unit(_ i: Int, _ j: Int, _ k: Int) -> Int {
    switch settings.unitAxis {
    case nil: return 0
    case 0: return i
    case 1: return j
    default: return k
    }
  }

  /// Whether voxel (i, j, k) has its map values.
  public func isDone(_ i: Int, _ j: Int, _ k: Int) -> Bool { done[unit(i, j, k)] }

  /// Map value of class `c` at linear voxel `v`.
  @inline(__always) public func value(_ c: Int, _ v: Int) -> Float { values[c * voxelCount + v] }

  /// Scatters one unit's channels (layout of `MapSource.computeUnit`) into the volume.
  public mutating func store(unit u: Int, channels: [Float]) {
    guard u >= 0 && u < done.count else { return }
    let d = dims
    let n = voxelCount
    let (ri, rj, rk) = ranges(unit: u)
    let unitSize = ri.count * rj.count * rk.count
    guard channels.count == classCount * unitSize else {
      error = "map unit \(u): expected \(classCount * unitSize) values, got \(channels.count)"
      return
    }
    channels.withUnsafeBufferPointer { src in
      values.withUnsafeMutableBufferPointer { dst in
        for c in 0..<classCount {
          var s = c * unitSize
          var lo = minValue[c]
          var hi = maxValue[c]
          for k in rk {
            for j in rj {
              var v = c * n + (k * d[1] + j) * d[0] + ri.lowerBound
              for _ in ri {
                let x = src[s]
                dst[v] = x
                if x < lo { lo = x }
                if x > hi { hi = x }
                s += 1
                v += 1
              }
            }
          }
          minValue[c] = lo
          maxValue[c] = hi
          maxAbs[c] = max(abs(lo.isFinite ? lo : 0), abs(hi.isFinite ? hi : 0))
        }
      }
    }
    if !done[u] {
      done[u] = true
      doneCount += 1
    }
  }

  /// Index ranges along i, j, k covered by unit `u`.
  public func ranges(unit u: Int) -> (Range<Int>, Range<Int>, Range<Int>) {
    var r = [0..<dims[0], 0..<dims[1], 0..<dims[2]]
    if let a = settings.unitAxis { r[a] = u..<(u + 1) }
    return (r[0], r[1], r[2])
  }

  /// Largest |value| over all classes (the symmetric legend range of the loss P·Z).
  public var overallMaxAbs: Float { maxAbs.max() ?? 0 }
}
