import RWRender
import RWVolume
import Testing

@testable import RWViewer

@Suite struct GeometryTests {
  static let lsa = Affine(rowMajor: [-2, 0, 0, 10, 0, 0, 3, -20, 0, 2, 0, 5, 0, 0, 0, 1])

  /// The status line's codes and the pane layout follow nibabel's `aff2axcodes`, also for a
  /// sheared affine where the old greedy largest-entry rule said "RSA" (nibabel: "RPI").
  @Test func statusAndPanesFollowNibabel() {
    let sheared = Affine(rowMajor: [
      1.8, -0.1, -0.7, 0, 0.1, -0.2, 0.9, 0, 0, 0, -0.7, 0, 0, 0, 0, 1,
    ])
    #expect(sheared.axcodes == "RPI")  // nib.aff2axcodes, computed with nibabel 5.4.2
    var s = ViewerState()
    let g = VoxelGrid(dims: [8, 6, 4], spacing: [1.8, 0.22, 1.3], affine: sheared)
    s.image = ImageLayer(
      path: "s.nii",
      volume: Volume(grid: g, shape: g.dims, data: [Float](repeating: 0, count: 192)),
      autoWindows: [WindowLevel(low: 0, high: 1)])
    #expect(positionLine(s).hasSuffix("mm  RPI"))
    // j points to P: the axial pane stacks k (I), runs i across and j down with A on top.
    let m = s.mapping(.axial)!
    #expect(m.sliceAxis == 2 && m.hAxis == 0 && m.vAxis == 1 && !m.vFlip)
    // No direction on an axis: "?" in the codes; the pane still lays it on the free world axis.
    let flat = Affine(rowMajor: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
    #expect(flat.axcodes == "R?S")
    let f = SliceMapping(
      plane: .coronal, dims: [8, 6, 4], spacing: [1, 1, 1], affine: flat, radiological: true)
    #expect(f.sliceAxis == 1 && f.hAxis == 0 && f.vAxis == 2)
    let nan = Affine(rowMajor: [.nan, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
    #expect(nan.axcodes == "???")
    let n = SliceMapping(
      plane: .axial, dims: [8, 6, 4], spacing: [1, 1, 1], affine: nan, radiological: true)
    #expect(n.sliceAxis == 2 && n.hAxis == 0 && n.vAxis == 1)
  }

  @Test func axialRadiologicalOnRAS() {
    let m = SliceMapping(
      plane: .axial, dims: [8, 6, 4], spacing: [1, 1, 1], affine: .identity, radiological: true)
    #expect(m.sliceAxis == 2 && m.hAxis == 0 && m.vAxis == 1)
    #expect(m.hFlip && m.vFlip)
    #expect([m.leftLetter, m.rightLetter, m.topLetter, m.bottomLetter] == ["R", "L", "A", "P"])
    // Screen column 0 shows the rightmost voxel (i = 7), row 0 the most anterior (j = 5).
    #expect(m.hIndex(0) == 7 && m.vIndex(0) == 5)
  }

  @Test func neurologicalFlipsLeftRightOnly() {
    let m = SliceMapping(
      plane: .coronal, dims: [8, 6, 4], spacing: [1, 1, 1], affine: .identity, radiological: false)
    #expect(m.sliceAxis == 1 && m.hAxis == 0 && m.vAxis == 2)
    #expect(!m.hFlip && m.vFlip)
    #expect([m.leftLetter, m.rightLetter, m.topLetter, m.bottomLetter] == ["L", "R", "S", "I"])
  }

  @Test func sagittalHasAnteriorLeftSuperiorTop() {
    let m = SliceMapping(
      plane: .sagittal, dims: [8, 6, 4], spacing: [1, 1, 1], affine: .identity, radiological: true)
    #expect(m.sliceAxis == 0 && m.hAxis == 1 && m.vAxis == 2)
    #expect(m.hFlip && m.vFlip)
    #expect([m.leftLetter, m.rightLetter, m.topLetter, m.bottomLetter] == ["A", "P", "S", "I"])
  }

  @Test func lsaStorageIsShownUpright() {
    // ITK's coronal storage: i → L, j → S, k → A. The axial plane cuts along j.
    let m = SliceMapping(
      plane: .axial, dims: [10, 12, 14], spacing: [2, 3, 2], affine: Self.lsa, radiological: true)
    #expect(m.sliceAxis == 1 && m.hAxis == 0 && m.vAxis == 2)
    #expect(!m.hFlip)  // i already runs towards L = screen-right in radiological view
    #expect(m.vFlip)  // k runs towards A; A must be at the top
    #expect(m.width == 10 && m.height == 14 && m.spacingH == 2 && m.spacingV == 2)
  }

  @Test func viewportFitsAndCentres() {
    let m = SliceMapping(
      plane: .axial, dims: [8, 6, 4], spacing: [1, 1, 1], affine: .identity, radiological: true)
    let vp = SliceViewport(mapping: m, pixelWidth: 38, pixelHeight: 12, zoom: 1, center: [4, 3, 2])
    #expect(vp.pixelsPerMM == 2)
    let cols = vp.columnIndices()
    #expect(cols.firstIndex { $0 >= 0 } == 11 && cols.lastIndex { $0 >= 0 } == 26)
    #expect(cols[11] == 0 && cols[12] == 0 && cols[13] == 1 && cols[26] == 7)
    #expect(vp.rowIndices() == (0..<12).map { $0 / 2 })
    // Radiological axial on RAS: display column 0 is voxel i = 7, display row 5 is j = 0.
    #expect(
      vp.pixelX(ofIndex: 7) == 12 && cols[vp.pixelX(ofIndex: 7)] == 0 && vp.pixelY(ofIndex: 0) == 11
    )
  }

  @Test func anisotropicSpacingStretchesPixels() {
    // 3 mm rows are three times as tall as 1 mm columns.
    let m = SliceMapping(
      plane: .coronal, dims: [8, 6, 4], spacing: [1, 1, 3], affine: .identity, radiological: false)
    let vp = SliceViewport(mapping: m, pixelWidth: 16, pixelHeight: 24, zoom: 1, center: [4, 3, 2])
    #expect(vp.pixelsPerMM == 2)
    let rows = vp.rowIndices()
    #expect(rows.filter { $0 == 0 }.count == 6)
    #expect(vp.columnIndices().filter { $0 == 0 }.count == 2)
  }

  @Test func zoomDoublesPixelsPerVoxel() {
    let m = SliceMapping(
      plane: .axial, dims: [8, 6, 4], spacing: [1, 1, 1], affine: .identity, radiological: false)
    let vp = SliceViewport(mapping: m, pixelWidth: 16, pixelHeight: 12, zoom: 2, center: [4, 3, 2])
    let cols = vp.columnIndices()
    #expect(cols.filter { $0 == 4 }.count == 4)
    #expect(cols.first == 2 && cols.last == 5)
  }
}
