import RWVolume

/// Which world axis (x = L→R, y = P→A, z = I→S) each voxel axis follows, and in which direction.
///
/// Computed from the affine's 3×3 part by assigning each voxel axis the world axis it is most
/// aligned with (largest absolute component first), as nibabel's `aff2axcodes` does for affines
/// that are close to a permutation of the axes.
public struct VoxelOrientation: Equatable, Sendable {
  /// `worldAxis[a]`: the world axis (0 = x, 1 = y, 2 = z) voxel axis `a` follows.
  public var worldAxis: [Int]
  /// `sign[a]`: +1 when increasing index `a` moves towards +world (R, A or S), −1 otherwise.
  public var sign: [Int]

  public init(worldAxis: [Int], sign: [Int]) {
    self.worldAxis = worldAxis
    self.sign = sign
  }

  /// The orientation of an affine.
  public init(affine: Affine) {
    var used = [false, false, false]
    var world = [0, 1, 2]
    var sgn = [1, 1, 1]
    // Pairs (voxel axis, world axis) sorted by |component|, assigned greedily.
    var pairs: [(a: Int, w: Int, v: Double)] = []
    for a in 0..<3 {
      for w in 0..<3 { pairs.append((a, w, affine[w, a])) }
    }
    pairs.sort { abs($0.v) > abs($1.v) }
    var assigned = [false, false, false]
    for p in pairs where !assigned[p.a] && !used[p.w] {
      assigned[p.a] = true
      used[p.w] = true
      world[p.a] = p.w
      sgn[p.a] = p.v < 0 ? -1 : 1
    }
    self.init(worldAxis: world, sign: sgn)
  }

  /// The voxel axis that follows world axis `w`.
  public func voxelAxis(forWorld w: Int) -> Int { worldAxis.firstIndex(of: w) ?? w }

  /// nibabel-style axis codes, e.g. "RAS" or "LSA".
  public var axcodes: String {
    String((0..<3).map { a in Self.letter(world: worldAxis[a], sign: sign[a]) })
  }

  /// The letter of the direction `sign` along world axis `world`: R/L, A/P or S/I.
  public static func letter(world: Int, sign: Int) -> Character {
    switch (world, sign > 0) {
    case (0, true): return "R"
    case (0, false): return "L"
    case (1, true): return "A"
    case (1, false): return "P"
    case (2, true): return "S"
    default: return "I"
    }
  }
}
