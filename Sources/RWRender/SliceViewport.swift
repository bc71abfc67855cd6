/// Maps display pixels to slice voxels and back, with aspect correction, zoom and pan.
///
/// A slice is `sliceWidth × sliceHeight` voxels, row-major with row 0 at the top of the display
/// (before `flipY`), voxel (x, y) covering the slice coordinates [x, x+1) × [y, y+1) and spanning
/// `spacingX × spacingY` mm. Display pixels are square (a terminal cell is about 1:2 and holds two
/// half-block pixels), so one display pixel covers the same number of mm in x and y.
///
/// At zoom 1 the whole slice fits the display; `centerX/centerY` (slice coordinates) is shown at
/// the display centre.
public struct SliceViewport: Hashable, Sendable {
  public var sliceWidth: Int
  public var sliceHeight: Int
  /// Voxel size in mm along the slice's x and y.
  public var spacingX: Double
  public var spacingY: Double
  /// Display size in pixels (a cell is one pixel wide and two pixels tall).
  public var displayWidth: Int
  public var displayHeight: Int
  /// Magnification relative to "fit" (1).
  public var zoom: Double
  /// The slice coordinate shown at the display centre.
  public var centerX: Double
  public var centerY: Double
  /// Mirror the slice left–right / top–bottom on the display.
  public var flipX: Bool
  public var flipY: Bool

  /// A fitted, centred viewport. Non-positive or non-finite spacings are taken as 1.
  public init(
    sliceWidth: Int, sliceHeight: Int, spacingX: Double = 1, spacingY: Double = 1,
    displayWidth: Int, displayHeight: Int, zoom: Double = 1, flipX: Bool = false,
    flipY: Bool = false
  ) {
    self.sliceWidth = max(0, sliceWidth)
    self.sliceHeight = max(0, sliceHeight)
    self.spacingX = (spacingX.isFinite && spacingX > 0) ? spacingX : 1
    self.spacingY = (spacingY.isFinite && spacingY > 0) ? spacingY : 1
    self.displayWidth = max(0, displayWidth)
    self.displayHeight = max(0, displayHeight)
    self.zoom = zoom
    self.centerX = Double(self.sliceWidth) / 2
    self.centerY = Double(self.sliceHeight) / 2
    self.flipX = flipX
    self.flipY = flipY
  }

  /// The allowed zoom range.
  public static let zoomRange: ClosedRange<Double> = 0.25...64

  /// Display pixels per mm.
  public var pixelsPerMM: Double {
    let w = Double(sliceWidth) * spacingX, h = Double(sliceHeight) * spacingY
    guard w > 0, h > 0, displayWidth > 0, displayHeight > 0 else { return 1 }
    let fit = min(Double(displayWidth) / w, Double(displayHeight) / h)
    return fit * min(max(zoom, Self.zoomRange.lowerBound), Self.zoomRange.upperBound)
  }

  /// Display pixels per voxel along x and y.
  public var pixelsPerVoxel: (x: Double, y: Double) {
    let s = pixelsPerMM
    return (s * spacingX, s * spacingY)
  }

  /// The slice x coordinate at the centre of display column `px` (and likewise for rows).
  @inline(__always)
  func sliceX(_ px: Int, _ ppv: Double) -> Double {
    let d = (Double(px) + 0.5 - Double(displayWidth) / 2) / ppv
    return flipX ? centerX - d : centerX + d
  }

  @inline(__always)
  func sliceY(_ py: Int, _ ppv: Double) -> Double {
    let d = (Double(py) + 0.5 - Double(displayHeight) / 2) / ppv
    return flipY ? centerY - d : centerY + d
  }

  /// The voxel under display pixel (`px`, `py`), or nil if it lies outside the slice.
  public func voxel(atPixel px: Int, _ py: Int) -> (x: Int, y: Int)? {
    let ppv = pixelsPerVoxel
    let u = sliceX(px, ppv.x).rounded(.down), v = sliceY(py, ppv.y).rounded(.down)
    guard u >= 0, v >= 0, u < Double(sliceWidth), v < Double(sliceHeight) else { return nil }
    return (Int(u), Int(v))
  }

  /// The display pixel holding the centre of voxel (`vx`, `vy`); it may lie off the display.
  public func pixel(ofVoxel vx: Int, _ vy: Int) -> (x: Int, y: Int) {
    let ppv = pixelsPerVoxel
    var dx = (Double(vx) + 0.5 - centerX) * ppv.x
    var dy = (Double(vy) + 0.5 - centerY) * ppv.y
    if flipX { dx = -dx }
    if flipY { dy = -dy }
    let x = (dx + Double(displayWidth) / 2).rounded(.down)
    let y = (dy + Double(displayHeight) / 2).rounded(.down)
    return (Int(max(-1e9, min(1e9, x))), Int(max(-1e9, min(1e9, y))))
  }

  /// Whether a display pixel lies on the display.
  public func isOnDisplay(_ p: (x: Int, y: Int)) -> Bool {
    p.x >= 0 && p.y >= 0 && p.x < displayWidth && p.y < displayHeight
  }

  /// Moves the view by a number of display pixels (positive: content moves left/up, i.e. the
  /// view looks further right/down).
  public mutating func pan(byPixels dx: Double, _ dy: Double) {
    let ppv = pixelsPerVoxel
    centerX += (flipX ? -dx : dx) / ppv.x
    centerY += (flipY ? -dy : dy) / ppv.y
  }

  /// Centres the view on a voxel.
  public mutating func center(onVoxel vx: Int, _ vy: Int) {
    centerX = Double(vx) + 0.5
    centerY = Double(vy) + 0.5
  }

  /// Back to zoom 1, centred.
  public mutating func fit() {
    zoom = 1
    centerX = Double(sliceWidth) / 2
    centerY = Double(sliceHeight) / 2
  }

  /// Multiplies the zoom by `factor`, clamped to `zoomRange`.
  public mutating func zoom(by factor: Double) {
    zoom = min(max(zoom * factor, Self.zoomRange.lowerBound), Self.zoomRange.upperBound)
  }

  /// The nearest-neighbour sampling of the slice for every display pixel.
  public func sampleMap() -> SampleMap {
    let ppv = pixelsPerVoxel
    var cols = [Int32](repeating: -1, count: displayWidth)
    var rows = [Int32](repeating: -1, count: displayHeight)
    for px in 0..<displayWidth {
      let u = sliceX(px, ppv.x).rounded(.down)
      if u >= 0 && u < Double(sliceWidth) { cols[px] = Int32(u) }
    }
    for py in 0..<displayHeight {
      let v = sliceY(py, ppv.y).rounded(.down)
      if v >= 0 && v < Double(sliceHeight) { rows[py] = Int32(v) }
    }
    return SampleMap(sliceWidth: sliceWidth, sliceHeight: sliceHeight, columns: cols, rows: rows)
  }
}

/// Nearest-neighbour sampling of a slice onto the display, separable in x and y.
///
/// Display pixel (px, py) shows slice value `rows[py] * sliceWidth + columns[px]`, or nothing
/// when either entry is −1.
public struct SampleMap: Hashable, Sendable {
  public let sliceWidth: Int
  public let sliceHeight: Int
  /// Slice column for each display column, or −1.
  public let columns: [Int32]
  /// Slice row for each display row, or −1.
  public let rows: [Int32]

  public init(sliceWidth: Int, sliceHeight: Int, columns: [Int32], rows: [Int32]) {
    self.sliceWidth = sliceWidth
    self.sliceHeight = sliceHeight
    self.columns = columns
    self.rows = rows
  }

  public var displayWidth: Int { columns.count }
  public var displayHeight: Int { rows.count }

  /// The slice resampled to the display (`outside` where the display shows no voxel).
  public func resample(_ slice: [Float], outside: Float = .nan) -> [Float] {
    precondition(slice.count == sliceWidth * sliceHeight, "slice size must match the map")
    var out = [Float](repeating: outside, count: displayWidth * displayHeight)
    let dw = displayWidth
    slice.withUnsafeBufferPointer { s in
      out.withUnsafeMutableBufferPointer { o in
        columns.withUnsafeBufferPointer { cols in
          for (py, r) in rows.enumerated() where r >= 0 {
            let base = Int(r) * sliceWidth
            for px in 0..<dw where cols[px] >= 0 { o[py * dw + px] = s[base + Int(cols[px])] }
          }
        }
      }
    }
    return out
  }
}
