import Testing

@testable import RWRender

@Suite struct SliceViewportTests {
  /// The slice index each pixel column shows (−1 outside), through the flip.
  static func hIndices(_ v: SliceViewport) -> [Int] {
    v.columnIndices().map { $0 < 0 ? -1 : v.hIndex($0) }
  }

  static func vIndices(_ v: SliceViewport) -> [Int] {
    v.rowIndices().map { $0 < 0 ? -1 : v.vIndex($0) }
  }

  @Test func fitUsesTheLimitingAxisAndCorrectsAspect() {
    // 100×50 voxels of 1×2 mm is a 100×100 mm square: on 100×100 pixels each voxel is 1×2 px.
    let v = SliceViewport(
      width: 100, height: 50, spacingH: 1, spacingV: 2, pixelWidth: 100, pixelHeight: 100)
    #expect(v.pixelsPerMM == 1)
    #expect(Self.hIndices(v) == Array(0..<100))
    #expect(Self.vIndices(v) == (0..<100).map { $0 / 2 })
    // A wide pane: the height limits, the slice is centred with empty columns either side.
    let w = SliceViewport(width: 10, height: 10, pixelWidth: 40, pixelHeight: 20)
    let cols = Self.hIndices(w)
    #expect(cols[..<10].allSatisfy { $0 == -1 } && cols[30...].allSatisfy { $0 == -1 })
    #expect(cols[10] == 0 && cols[11] == 0 && cols[29] == 9)
  }

  static let configs: [(Int, Int, Double, Double, Int, Int, Double, Bool, Bool)] = [
    (64, 48, 1, 1, 80, 60, 1, false, false), (64, 48, 0.7, 1.9, 120, 70, 2.5, true, false),
    (20, 30, 2, 1, 200, 120, 3.7, false, true), (33, 17, 1, 1, 150, 90, 2, true, true),
  ]

  /// Zoomed in, every voxel on screen has a centre pixel that shows it.
  @Test(arguments: configs)
  func voxelToPixelToVoxelIsIdentity(_ c: (Int, Int, Double, Double, Int, Int, Double, Bool, Bool))
  {
    let v = SliceViewport(
      width: c.0, height: c.1, spacingH: c.2, spacingV: c.3, flipH: c.7, flipV: c.8,
      pixelWidth: c.4, pixelHeight: c.5, zoom: c.6, center: (Double(c.0) / 2 + 1.5, 4))
    let cols = Self.hIndices(v)
    let rows = Self.vIndices(v)
    var visible = 0
    for y in 0..<c.1 {
      for x in 0..<c.0 {
        let px = v.pixelX(ofIndex: x)
        let py = v.pixelY(ofIndex: y)
        guard px >= 0 && px < c.4 && py >= 0 && py < c.5 else { continue }
        visible += 1
        #expect(cols[px] == x && rows[py] == y, "voxel (\(x),\(y)) → pixel (\(px),\(py))")
      }
    }
    #expect(visible >= 40)
  }

  @Test func flipsMirrorTheSlice() {
    let v = SliceViewport(width: 10, height: 10, flipH: true, pixelWidth: 10, pixelHeight: 10)
    #expect(Self.hIndices(v) == Array((0..<10).reversed()) && Self.vIndices(v) == Array(0..<10))
    let u = SliceViewport(width: 10, height: 10, flipV: true, pixelWidth: 10, pixelHeight: 10)
    #expect(Self.vIndices(u).first == 9 && u.pixelY(ofIndex: 9) == 0)
  }

  @Test func zoomAndCentre() {
    let v = SliceViewport(
      width: 100, height: 100, pixelWidth: 100, pixelHeight: 100, zoom: 4, center: (10.5, 90.5))
    #expect(v.pixelsPerMM == 4)
    // Pixel 50 is at slice 10.5 + 0.5/4 (voxel 10); pixel 0 at 10.5 − 49.5/4 < 0 (outside).
    #expect(Self.hIndices(v)[50] == 10 && Self.vIndices(v)[50] == 90)
    #expect(Self.hIndices(v)[0] == -1 && Self.hIndices(v)[10] == 0)
  }

  /// The per-pixel sample index is the voxel the column and row show, in the caller's strides.
  @Test func sampleIndicesAgreeWithColumnsAndRows() {
    let v = SliceViewport(
      width: 37, height: 23, spacingH: 1.3, spacingV: 0.6, flipH: true, pixelWidth: 61,
      pixelHeight: 40, zoom: 1.7, center: (15, 14))
    let s = v.sampleIndices(base: 1000, hStride: 1, vStride: 37)
    let cols = Self.hIndices(v)
    let rows = Self.vIndices(v)
    for py in 0..<40 {
      for px in 0..<61 {
        let expected = cols[px] < 0 || rows[py] < 0 ? -1 : 1000 + rows[py] * 37 + cols[px]
        #expect(s[py * 61 + px] == expected)
      }
    }
  }

  @Test(arguments: [Double.nan, .infinity, -1, 0, 1e-300, 1e300])
  func degenerateInputsDoNotTrap(value: Double) {
    let v = SliceViewport(
      width: 0, height: 5, spacingH: value, spacingV: -1, pixelWidth: 10, pixelHeight: 0,
      zoom: value, center: (value, value))
    #expect(v.sampleIndices(base: 0, hStride: 1, vStride: 1).isEmpty)
    #expect(v.columnIndices().allSatisfy { $0 == -1 })
    _ = (v.pixelX(ofIndex: 3), v.pixelY(ofIndex: 3))
    let big = SliceViewport(
      width: 8, height: 8, spacingH: 1e-300, spacingV: 1e300, pixelWidth: 20, pixelHeight: 20,
      zoom: 64, center: (value, -value))
    _ = (
      big.pixelX(ofIndex: 7), big.pixelY(ofIndex: 7),
      big.sampleIndices(base: 0, hStride: 1, vStride: 8)
    )
  }
}
