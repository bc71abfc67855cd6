extension LossField {
  /// Per slice along `axis` and true class c (`s * K + c`), how far the RW loss of the slice's
  /// voxels of class c is above the lowest any prediction could reach on them:
  /// `sum_{x in s, y(x) = c} (l(x) - min_j Z_j(x))`. Never negative; the classes of a slice add
  /// up to the slice's excess (`rwSum - lowestRWSum`). Nil when the field has no per-voxel loss.
  ///
  /// The per-voxel loss is stored as float32, so a class whose voxels all sit at their lowest
  /// value comes out as a rounding remainder; remainders within float32 precision of the
  /// class's loss are 0, and the rest are rounded to that precision (a power of two, so that
  /// equal excesses compare equal).
  public func excessByTruth(labels: LabelVolume, axis: VolumeAxis) -> [Double]? {
    let n = voxelCount
    guard voxelLoss.count == n, labels.voxelCount == n, labels.classCount == classCount else {
      return nil
    }
    let p = profile(axis)
    let k = classCount
    var loss = [Double](repeating: 0, count: p.sliceCount * k)
    var magnitude = loss
    let nx = dims[0]
    let nxy = dims[0] * dims[1]
    labels.labels.withUnsafeBufferPointer { lab in
      voxelLoss.withUnsafeBufferPointer { vl in
        for v in 0..<n {
          let s: Int
          switch axis {
          case .i: s = v % nx
          case .j: s = (v / nx) % dims[1]
          case .k: s = v / nxy
          }
          let c = Int(lab[v])
          let l = Double(vl[v])
          loss[s * k + c] += l
          magnitude[s * k + c] += abs(l)
        }
      }
    }
    var out = loss
    for t in 0..<out.count {
      let e = loss[t] - p.lowest[t]
      let tolerance = 1e-6 * (magnitude[t] + abs(p.lowest[t]))
      // Rounded to a power of two near the tolerance: equal excesses (76 and 75.99998) tie.
      let q = Double(sign: .plus, exponent: tolerance.exponent, significand: 1)
      out[t] = e > tolerance ? (e / q).rounded() * q : 0
    }
    return out
  }
}
