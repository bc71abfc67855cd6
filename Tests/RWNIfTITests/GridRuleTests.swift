import RWVolume
import Testing

/// The one grid rule (`VoxelGrid.reorientation(onto:)`) on hostile geometry: huge, tiny and
/// non-finite affine entries give a one-line mismatch (or the identity when bit-identical),
/// never a trap.
@Suite struct GridRuleTests {
  static let reference = VoxelGrid(
    dims: [8, 6, 4], spacing: [1, 2, 3],
    affine: Affine(rowMajor: [1, 0, 0, -4, 0, 2, 0, -6, 0, 0, 3, 10, 0, 0, 0, 1]))

  static func with(_ g: VoxelGrid, _ r: Int, _ c: Int, _ v: Double) -> VoxelGrid {
    var out = g
    out.affine[r, c] = v
    return out
  }

  static func mismatch(_ g: VoxelGrid, onto t: VoxelGrid = reference) -> GridMismatch? {
    do {
      _ = try g.reorientation(onto: t)
      return nil
    } catch { return error }
  }

  @Test(arguments: [1e17, -1e17, 1e19, 1e20, -3e38, 1e300, Double.greatestFiniteMagnitude])
  func hugeOriginIsAnOriginMismatch(value: Double) throws {
    let g = Self.with(Self.reference, 0, 3, value)
    let m = try #require(Self.mismatch(g))
    #expect(m.kind == .origin && !m.detail.contains("\n"))
    #expect(m.detail.hasPrefix("origin differs: centre at ("))
    // And the other way round: the reference carries the huge origin.
    #expect(Self.mismatch(Self.reference, onto: g)?.kind == .origin)
  }

  @Test func hugeOriginText() {
    let g = Self.with(Self.reference, 0, 3, 1e20)
    #expect(
      Self.mismatch(g)?.detail
        == "origin differs: centre at (1e20, -1, 14.5) vs (-0.5, -1, 14.5) mm, 1e20 mm apart")
  }

  @Test(arguments: [1e17, 1e20, 1e300, -1e20, 1e-300, 5e-324])
  func hugeOrTinySpacingIsASpacingMismatch(value: Double) throws {
    let g = Self.with(Self.reference, 0, 0, value)
    let m = try #require(Self.mismatch(g))
    #expect(m.kind == .spacing, "\(m)")
    #expect(Self.mismatch(Self.reference, onto: g)?.kind == .spacing)
  }

  @Test(arguments: [Double.nan, .infinity, -.infinity])
  func nonFiniteEntriesAreNamed(value: Double) throws {
    for (r, c) in [(0, 0), (1, 2), (2, 3)] {
      let g = Self.with(Self.reference, r, c, value)
      let m = try #require(Self.mismatch(g))
      #expect(m.kind == .notFinite)
      #expect(m.detail == "affine not finite (\(compactNumber(value))) vs finite")
      #expect(
        Self.mismatch(Self.reference, onto: g)?.detail
          == "affine finite vs not finite (\(compactNumber(value)))")
    }
  }

  /// One broken file compared with itself lines up; with another broken file it does not.
  @Test func bitIdenticalNonFiniteGridIsTheSameGrid() throws {
    let g = Self.with(Self.reference, 0, 3, .nan)
    #expect(try g.reorientation(onto: g).isIdentity)
    #expect(Self.mismatch(g, onto: Self.with(Self.reference, 1, 3, .nan))?.kind == .notFinite)
  }

  /// Large but consistent geometry still aligns: an x-flipped copy of a grid 1e12 mm away.
  @Test func flippedCopyFarAwayAligns() throws {
    var t = Self.reference
    t.affine[0, 3] = 1e12
    var s = t
    s.affine[0, 0] = -1
    s.affine[0, 3] = 1e12 + 7  // voxel 7 of the source is voxel 0 of the reference
    let r = try s.reorientation(onto: t)
    #expect(r.description == "(-i, j, k)")
  }

  @Test func singularAffineIsNamed() throws {
    let g = Self.with(Self.reference, 1, 1, 0)
    let m = try #require(Self.mismatch(g))
    #expect(m.kind == .spacing && m.detail == "spacing (1, 0, 3) vs (1, 2, 3) mm")
  }

  @Test func compactNumberNeverTraps() {
    #expect(compactNumber(30) == "30")
    #expect(compactNumber(-2.5) == "-2.5")
    #expect(compactNumber(0.1234567) == "0.123")
    #expect(compactNumber(-0.0001) == "0" && compactNumber(-0.0006) == "-0.001")
    #expect(compactNumber(1e9) == "1e9")
    #expect(compactNumber(-3e38) == "-3e38")
    #expect(compactNumber(Double(Float.greatestFiniteMagnitude)) == "3.403e38")
    #expect(compactNumber(.greatestFiniteMagnitude) == "1.798e308")
    #expect(compactNumber(9.99999e20) == "1e21")
    #expect(compactNumber(5e-324) == "0" && compactNumber(-1e-40) == "0")
    #expect(compactNumber(.nan) == "nan" && compactNumber(-.infinity) == "-inf")
    #expect(compactNumber(1234.5678, decimals: 2) == "1234.57")
    #expect(compactNumber(-0.0) == "0")
  }
}
