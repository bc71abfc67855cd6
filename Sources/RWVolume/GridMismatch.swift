#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How two voxel grids differ when the grid rule cannot line them up, in one line.
public struct GridMismatch: Error, Equatable, Sendable, CustomStringConvertible {
  /// The first difference found, in the order shape, spacing, rotation, origin.
  public enum Kind: String, Sendable { case shape, spacing, rotation, origin, notFinite }
  /// Which check of the rule failed (the description then looks for the first difference).
  enum Failure { case axes, shape, origin }

  public var kind: Kind
  /// e.g. "shape 64x64x30 vs 128x128x62" (this grid first, then the reference).
  public var detail: String
  public var description: String { detail }

  public init(kind: Kind, detail: String) {
    self.kind = kind
    self.detail = detail
  }

  /// An affine with NaN or infinite entries.
  static func notFinite(_ s: Affine, _ t: Affine) -> GridMismatch {
    func state(_ a: Affine) -> String {
      guard let bad = a.m.first(where: { !$0.isFinite }) else { return "finite" }
      return "not finite (\(compactNumber(bad)))"
    }
    return GridMismatch(kind: .notFinite, detail: "affine \(state(s)) vs \(state(t))")
  }

  /// Says how `s` differs from the reference `t`, given the check that failed.
  static func describe(_ s: VoxelGrid, _ t: VoxelGrid, failed: Failure) -> GridMismatch {
    // Compare axes in the reference's order where both orientations name every world axis.
    let so = s.affine.orientation()
    let to = t.affine.orientation()
    var perm = [0, 1, 2]
    let matched = (0..<3).map { a in
      (0..<3).first { b in so[b] != nil && so[b]?.axis == to[a]?.axis }
    }
    if matched.allSatisfy({ $0 != nil }), Set(matched.compactMap { $0 }).count == 3 {
      perm = matched.compactMap { $0 }
    }
    let sc = s.affine.columns
    let tc = t.affine.columns
    let sDims = perm.map { s.dims[$0] }
    if failed != .origin && sDims != t.dims {
      return GridMismatch(kind: .shape, detail: "shape \(shape(s.dims)) vs \(shape(t.dims))")
    }
    if failed == .axes {
      let sSp = perm.map { vectorLength(sc[$0]) }
      let tSp = tc.map(vectorLength)
      if zip(sSp, tSp).contains(where: { !(abs($0 - $1) <= VoxelGrid.alignmentTolerance * $1) }) {
        return GridMismatch(
          kind: .spacing, detail: "spacing \(tuple(sSp)) vs \(tuple(tSp)) mm")
      }
      // Same voxel sizes: the axes point elsewhere. The largest angle between matched axes.
      let angle =
        (0..<3).map { a in
          let d = zip(unit(sc[perm[a]]), unit(tc[a])).map { $0 * $1 }.reduce(0, +)
          return acosDegrees(min(1, abs(d)))
        }.max() ?? 0
      return GridMismatch(
        kind: .rotation,
        detail: "axes rotated by \(compactNumber(angle, decimals: 2))° (orientation "
          + "\(s.affine.axcodes) vs \(t.affine.axcodes), not a flip or permutation)")
    }
    let cs = centre(s)
    let ct = centre(t)
    let apart = vectorLength(zip(cs, ct).map { $0 - $1 })
    return GridMismatch(
      kind: .origin,
      detail: "origin differs: centre at \(tuple(cs)) vs \(tuple(ct)) mm, "
        + "\(compactNumber(apart)) mm apart")
  }

  private static func shape(_ d: [Int]) -> String { d.map(String.init).joined(separator: "x") }

  private static func tuple(_ v: [Double]) -> String {
    "(" + v.map { compactNumber($0) }.joined(separator: ", ") + ")"
  }

  /// World position (mm) of the grid's centre: the same for a flipped or permuted copy.
  private static func centre(_ g: VoxelGrid) -> [Double] {
    let c = g.dims.map { (Double($0) - 1) / 2 }
    let w = g.affine.apply(c[0], c[1], c[2])
    return [w.x, w.y, w.z]
  }

  private static func unit(_ v: [Double]) -> [Double] {
    let n = vectorLength(v)
    return v.map { $0 / n }
  }
}

/// The angle in degrees whose cosine is `c` (NaN stays NaN).
func acosDegrees(_ c: Double) -> Double { acos(c) * 180 / Double.pi }
