import RWVolume

/// Brings an overlay volume onto the image's voxel grid when the two differ only by axis flips
/// or permutations; otherwise says, in one line, how the grids differ.
public enum GridAlignment {
  /// The voxel-axis mapping from a target grid to a source grid: target axis `t` reads source
  /// axis `axis[t]`, reversed when `flip[t]`.
  public struct AxisMap: Equatable, Sendable {
    public var axis: [Int]
    public var flip: [Bool]
    public var isIdentity: Bool { axis == [0, 1, 2] && flip == [false, false, false] }
    /// The source axis read along each target axis, e.g. "(-j, i, k)": the image's i axis
    /// runs along the file's j axis, reversed.
    public var summary: String {
      "(" + (0..<3).map { a in (flip[a] ? "-" : "") + ["i", "j", "k"][axis[a]] }.joined(separator: ", ") + ")"
    }
  }

  /// Tolerance for affine entries, relative to the largest spacing (mm).
  static let tolerance = 1e-3

  /// The axis map taking `source` onto `target`, or a one-line description of the difference.
  public static func axisMap(from source: VoxelGrid, to target: VoxelGrid) -> Result<AxisMap, GridMismatch> {
    let s = source.affine, t = target.affine
    let scale = max(1e-6, (0..<3).map { c in colNorm(t, c) }.max() ?? 1)
    let tol = tolerance * scale
    // Target axis a points along world column t[:, a]; find the source axis with the same or
    // opposite column.
    var axis = [0, 0, 0], flip = [false, false, false], used = [false, false, false]
    for a in 0..<3 {
      var found = false
      for b in 0..<3 where !used[b] {
        let same = (0..<3).allSatisfy { r in abs(t[r, a] - s[r, b]) <= tol }
        let opposite = (0..<3).allSatisfy { r in abs(t[r, a] + s[r, b]) <= tol }
        if same || opposite {
          axis[a] = b
          flip[a] = !same
          used[b] = true
          found = true
          break
        }
      }
      if !found { return .failure(describe(source, target)) }
    }
    for a in 0..<3 where source.dims[axis[a]] != target.dims[a] { return .failure(describe(source, target)) }
    // Target voxel 0 must land on the source voxel the mapping says.
    let origin = (0..<3).map { r in t[r, 3] }
    var src = [0.0, 0.0, 0.0]
    for a in 0..<3 { src[axis[a]] = flip[a] ? Double(source.dims[axis[a]] - 1) : 0 }
    let w = s.apply(src[0], src[1], src[2])
    let world = [w.x, w.y, w.z]
    for r in 0..<3 where abs(world[r] - origin[r]) > tol { return .failure(describe(source, target)) }
    return .success(AxisMap(axis: axis, flip: flip))
  }

  /// Reorients `volume` (all channels) onto `target` with `map`.
  public static func apply(_ map: AxisMap, to volume: Volume, target: VoxelGrid) -> Volume {
    if map.isIdentity { return Volume(grid: target, shape: volume.shape, data: volume.data) }
    let sd = volume.grid.dims
    let n = volume.grid.voxelCount
    let strides = [1, sd[0], sd[0] * sd[1]]
    let td = target.dims
    var out = [Float](repeating: 0, count: volume.data.count)
    // Source offset contributed by target index along each axis.
    func offsets(_ a: Int) -> [Int] {
      (0..<td[a]).map { i in (map.flip[a] ? td[a] - 1 - i : i) * strides[map.axis[a]] }
    }
    let o0 = offsets(0), o1 = offsets(1), o2 = offsets(2)
    volume.data.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for c in 0..<volume.channels {
          let base = c * n
          var t = base
          for k in 0..<td[2] {
            for j in 0..<td[1] {
              let o = base + o1[j] + o2[k]
              for i in 0..<td[0] {
                dst[t] = src[o + o0[i]]
                t += 1
              }
            }
          }
        }
      }
    }
    var shape = volume.shape
    shape[0] = td[0]
    shape[1] = td[1]
    shape[2] = td[2]
    return Volume(grid: target, shape: shape, data: out)
  }

  private static func colNorm(_ m: Affine, _ c: Int) -> Double {
    (0..<3).map { r in m[r, c] * m[r, c] }.reduce(0, +).squareRoot()
  }

  /// Says how two grids differ: shape, spacing, origin or rotation (first that differs).
  static func describe(_ s: VoxelGrid, _ t: VoxelGrid) -> GridMismatch {
    func dims(_ g: VoxelGrid) -> String { g.dims.map(String.init).joined(separator: "x") }
    func fmt(_ v: [Double]) -> String { "(" + v.map { fmtNum($0) }.joined(separator: ", ") + ")" }
    let so = VoxelOrientation(affine: s.affine), to = VoxelOrientation(affine: t.affine)
    // Compare in the target's axis order where the orientation maps axes one to one.
    let perm = (0..<3).map { a in so.voxelAxis(forWorld: to.worldAxis[a]) }
    let sDims = perm.map { s.dims[$0] }
    if sDims != t.dims {
      return GridMismatch(kind: .shape, detail: "shape \(dims(s)) vs \(dims(t))")
    }
    let sSp = perm.map { b in colNorm(s.affine, b) }
    let tSp = (0..<3).map { a in colNorm(t.affine, a) }
    let tol = tolerance * max(1e-6, tSp.max() ?? 1)
    if zip(sSp, tSp).contains(where: { abs($0 - $1) > tol }) {
      return GridMismatch(kind: .spacing, detail: "spacing \(fmt(sSp)) vs \(fmt(tSp)) mm")
    }
    // Same spacing: compare directions (rotation) then origin.
    var rotated = false
    for a in 0..<3 {
      let b = perm[a]
      let dot = (0..<3).map { r in s.affine[r, b] * t.affine[r, a] }.reduce(0, +) / (sSp[a] * tSp[a])
      if abs(abs(dot) - 1) > 1e-6 { rotated = true }
    }
    if rotated {
      return GridMismatch(kind: .rotation, detail: "axes rotated (orientation \(so.axcodes) vs \(to.axcodes), not a flip or permutation)")
    }
    let sc = s.affine.apply(Double(s.dims[0] - 1) / 2, Double(s.dims[1] - 1) / 2, Double(s.dims[2] - 1) / 2)
    let tc = t.affine.apply(Double(t.dims[0] - 1) / 2, Double(t.dims[1] - 1) / 2, Double(t.dims[2] - 1) / 2)
    return GridMismatch(
      kind: .origin,
      detail: "origin differs: centre at \(fmt([sc.x, sc.y, sc.z])) vs \(fmt([tc.x, tc.y, tc.z])) mm")
  }
}

/// How two voxel grids differ.
public struct GridMismatch: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Kind: String, Sendable { case shape, spacing, rotation, origin }
  public var kind: Kind
  /// e.g. "shape 64x64x30 vs 128x128x62".
  public var detail: String
  public var description: String { detail }
}
