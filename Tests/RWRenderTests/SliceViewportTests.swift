import Testing

@testable import RWRender

@Suite struct SliceViewportTests {
  @Test func fitUsesTheLimitingAxisAndCorrectsAspect() {
    // 100×50 voxels of 1×2 mm is a 100×100 mm square: on a 100×100 display each voxel is 1×2 px.
    let v = SliceViewport(sliceWidth: 100, sliceHeight: 50, spacingX: 1, spacingY: 2, displayWidth: 100, displayHeight: 100)
    #expect(v.pixelsPerVoxel.x == 1 && v.pixelsPerVoxel.y == 2)
    #expect(v.voxel(atPixel: 0, 0)! == (0, 0))
    #expect(v.voxel(atPixel: 99, 99)! == (99, 49))
    #expect(v.voxel(atPixel: 10, 21)! == (10, 10))
    // A wide display: the height limits, the slice is centred with empty columns either side.
    let w = SliceViewport(sliceWidth: 10, sliceHeight: 10, displayWidth: 40, displayHeight: 20)
    #expect(w.pixelsPerVoxel.x == 2)
    #expect(w.voxel(atPixel: 9, 5) == nil)
    #expect(w.voxel(atPixel: 10, 5)! == (0, 2))
    #expect(w.voxel(atPixel: 29, 19)! == (9, 9))
    #expect(w.voxel(atPixel: 30, 5) == nil)
  }

  static let configs: [(Int, Int, Double, Double, Int, Int, Double, Bool, Bool)] = [
    (64, 48, 1, 1, 80, 60, 1, false, false), (64, 48, 0.7, 1.9, 120, 70, 2.5, true, false),
    (20, 30, 2, 1, 200, 120, 3.7, false, true), (33, 17, 1, 1, 150, 90, 2, true, true),
  ]

  @Test(arguments: configs)
  func zoomedInVoxelToPixelToVoxelIsIdentity(_ c: (Int, Int, Double, Double, Int, Int, Double, Bool, Bool)) {
    var v = SliceViewport(sliceWidth: c.0, sliceHeight: c.1, spacingX: c.2, spacingY: c.3, displayWidth: c.4, displayHeight: c.5, zoom: c.6, flipX: c.7, flipY: c.8)
    v.pan(byPixels: 3, -2)
    #expect(v.pixelsPerVoxel.x >= 1 && v.pixelsPerVoxel.y >= 1)
    var visible = 0
    for y in 0..<c.1 {
      for x in 0..<c.0 {
        let p = v.pixel(ofVoxel: x, y)
        guard v.isOnDisplay(p) else { continue }
        visible += 1
        let back = v.voxel(atPixel: p.x, p.y)
        #expect(back?.x == x && back?.y == y, "voxel (\(x),\(y)) → pixel \(p) → \(String(describing: back))")
      }
    }
    #expect(visible >= 40)
  }

  @Test func zoomedOutPixelToVoxelToPixelIsIdentity() {
    for flip in [false, true] {
      let v = SliceViewport(sliceWidth: 256, sliceHeight: 200, spacingX: 0.8, spacingY: 1.1, displayWidth: 90, displayHeight: 60, flipX: flip, flipY: !flip)
      #expect(v.pixelsPerVoxel.x < 1)
      for py in 0..<60 {
        for px in 0..<90 {
          guard let vox = v.voxel(atPixel: px, py) else { continue }
          let p = v.pixel(ofVoxel: vox.x, vox.y)
          #expect(p.x == px && p.y == py)
        }
      }
    }
  }

  @Test func flipsMirrorTheSlice() {
    let v = SliceViewport(sliceWidth: 10, sliceHeight: 10, displayWidth: 10, displayHeight: 10, flipX: true)
    #expect(v.voxel(atPixel: 0, 0)! == (9, 0))
    #expect(v.voxel(atPixel: 9, 9)! == (0, 9))
    let u = SliceViewport(sliceWidth: 10, sliceHeight: 10, displayWidth: 10, displayHeight: 10, flipY: true)
    #expect(u.voxel(atPixel: 0, 0)! == (0, 9))
  }

  @Test func zoomPanAndCentre() {
    var v = SliceViewport(sliceWidth: 100, sliceHeight: 100, displayWidth: 100, displayHeight: 100)
    v.zoom(by: 4)
    #expect(v.pixelsPerVoxel.x == 4)
    // Zoom keeps the centre: the voxel under the display centre is still 50.
    #expect(v.voxel(atPixel: 50, 50)! == (50, 50))
    v.pan(byPixels: 8, 0)  // 8 px = 2 voxels to the right
    #expect(v.voxel(atPixel: 50, 50)! == (52, 50))
    v.center(onVoxel: 10, 90)
    #expect(v.voxel(atPixel: 50, 50)! == (10, 90))
    // Pixel 0 is at slice x 10.5 − 49.5/4 = −1.875 (outside); pixel 10 at 0.625 (voxel 0).
    #expect(v.voxel(atPixel: 0, 50) == nil)
    #expect(v.voxel(atPixel: 10, 50)! == (0, 90))
    v.fit()
    #expect(v.zoom == 1 && v.voxel(atPixel: 0, 0)! == (0, 0))
    v.zoom(by: 1e9)
    #expect(v.zoom == SliceViewport.zoomRange.upperBound)
  }

  @Test func sampleMapAgreesWithPerPixelMapping() {
    var v = SliceViewport(sliceWidth: 37, sliceHeight: 23, spacingX: 1.3, spacingY: 0.6, displayWidth: 61, displayHeight: 40, zoom: 1.7, flipX: true)
    v.pan(byPixels: -5, 7)
    let m = v.sampleMap()
    let slice = (0..<(37 * 23)).map(Float.init)
    let r = m.resample(slice, outside: -1)
    for py in 0..<40 {
      for px in 0..<61 {
        let expected = v.voxel(atPixel: px, py).map { Float($0.y * 37 + $0.x) } ?? -1
        #expect(r[py * 61 + px] == expected)
      }
    }
  }

  @Test func degenerateInputsDoNotTrap() {
    let v = SliceViewport(sliceWidth: 0, sliceHeight: 5, spacingX: .nan, spacingY: -1, displayWidth: 10, displayHeight: 0)
    #expect(v.voxel(atPixel: 0, 0) == nil)
    #expect(v.sampleMap().columns.allSatisfy { $0 == -1 })
    _ = v.pixel(ofVoxel: 3, 3)
  }
}
