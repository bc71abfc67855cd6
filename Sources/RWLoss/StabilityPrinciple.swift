/// The stability principle of SPEC §4 on explicit map channels.
public enum StabilityPrinciple {
  /// Per-voxel `VoxelFlag` bits (A violation, A tie, B violation) of a map given channel by
  /// channel (`channel(k)` returns N values), for voxels with true class `labels[x]`.
  public static func flags(labels: [Int32], classCount k: Int, channel: (Int) -> [Double])
    -> [UInt8]
  {
    let n = labels.count
    var zc = [Double](repeating: 0, count: n)
    var mn = [Double](repeating: .infinity, count: n)
    var mx = [Double](repeating: -.infinity, count: n)
    for c in 0..<k {
      let z = channel(c)
      precondition(z.count == n)
      for t in 0..<n {
        if Int(labels[t]) == c {
          zc[t] = z[t]
        } else {
          mn[t] = min(mn[t], z[t])
          mx[t] = max(mx[t], z[t])
        }
      }
    }
    var out = [UInt8](repeating: 0, count: n)
    guard k > 1 else { return out }
    for t in 0..<n {
      var f: UInt8 = 0
      if !(zc[t] < mn[t]) { f |= VoxelFlag.aViolation }
      if zc[t] == mn[t] { f |= VoxelFlag.aTie }
      if mx[t] != mn[t] { f |= VoxelFlag.bViolation }
      out[t] = f
    }
    return out
  }
}
