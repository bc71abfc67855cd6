import RWVolume

/// Maps the pixels of one pane to the voxels of a slice: square display pixels (voxel spacing
/// honoured), zoom, a view centre and mirrored axes. The one viewport of every view (the
/// viewer's panes, `render`, exports and the frame benchmark).
///
/// The slice is `width × height` voxels; voxel `h` along the horizontal axis spans `[h, h + 1)`.
/// Display columns count from the pane's left; with `flipH` the slice's column `width − 1` is on
/// the left (likewise rows and `flipV`).
public struct SliceViewport: Equatable, Sendable {
  /// Pane size in display pixels (half-block cells: two pixels per cell row).
  public var pixelWidth: Int
  public var pixelHeight: Int
  /// Display pixels per millimetre.
  public var pixelsPerMM: Double
  /// View centre in display voxel units (continuous; display column `u` spans `[u, u + 1)`).
  public var centerU: Double
  public var centerV: Double
  /// Voxel size in mm along the slice's horizontal and vertical axes (positive, finite).
  public var spacingH: Double
  public var spacingV: Double
  /// Slice size in voxels.
  public var width: Int
  public var height: Int
  /// Whether the display runs against the slice's horizontal / vertical index.
  public var flipH: Bool
  public var flipV: Bool

  /// Fits a `width × height` slice into a `pixelWidth × pixelHeight` pane at `zoom`, with the
  /// slice position `center` (continuous voxel coordinates along h and v) at the pane centre.
  /// Non-positive or non-finite spacings count as 1 mm.
  public init(
    width: Int, height: Int, spacingH: Double = 1, spacingV: Double = 1, flipH: Bool = false,
    flipV: Bool = false, pixelWidth: Int, pixelHeight: Int, zoom: Double = 1,
    center: (h: Double, v: Double)? = nil
  ) {
    self.width = max(0, width)
    self.height = max(0, height)
    self.spacingH = spacingH.isFinite && spacingH > 0 ? spacingH : 1
    self.spacingV = spacingV.isFinite && spacingV > 0 ? spacingV : 1
    self.flipH = flipH
    self.flipV = flipV
    self.pixelWidth = max(0, pixelWidth)
    self.pixelHeight = max(0, pixelHeight)
    let fit = min(
      Double(max(1, pixelWidth)) / (Double(max(1, width)) * self.spacingH),
      Double(max(1, pixelHeight)) / (Double(max(1, height)) * self.spacingV))
    pixelsPerMM = fit * (zoom.isFinite && zoom > 0 ? zoom : 1)
    let c = center ?? (Double(self.width) / 2, Double(self.height) / 2)
    centerU = flipH ? Double(self.width) - c.h : c.h
    centerV = flipV ? Double(self.height) - c.v : c.v
  }

  /// Slice index along h of display column `u` (0-based, left to right).
  @inline(__always) public func hIndex(_ u: Int) -> Int { flipH ? width - 1 - u : u }
  /// Slice index along v of display row `v` (0-based, top to bottom).
  @inline(__always) public func vIndex(_ v: Int) -> Int { flipV ? height - 1 - v : v }

  /// For each pixel column, the display voxel column it shows, or −1 outside the slice.
  public func columnIndices() -> [Int] {
    Self.indices(
      count: pixelWidth, center: centerU, step: 1 / (pixelsPerMM * spacingH), limit: width)
  }

  /// For each pixel row, the display voxel row it shows, or −1 outside the slice.
  public func rowIndices() -> [Int] {
    Self.indices(
      count: pixelHeight, center: centerV, step: 1 / (pixelsPerMM * spacingV), limit: height)
  }

  /// The pixel column showing the centre of slice index `h` (may lie outside the pane).
  public func pixelX(ofIndex h: Int) -> Int {
    let u = flipH ? width - 1 - h : h
    return Int(
      saturating: ((Double(u) + 0.5 - centerU) * pixelsPerMM * spacingH + Double(pixelWidth) / 2)
        .rounded(.down))
  }

  /// The pixel row showing the centre of slice index `v` (may lie outside the pane).
  public func pixelY(ofIndex v: Int) -> Int {
    let r = flipV ? height - 1 - v : v
    return Int(
      saturating: ((Double(r) + 0.5 - centerV) * pixelsPerMM * spacingV + Double(pixelHeight) / 2)
        .rounded(.down))
  }

  /// The element each pixel shows, row-major over the pane, or −1: slice voxel (h, v) is element
  /// `base + h * hStride + v * vStride` of the caller's buffer (a volume with the slice's axis
  /// strides, or a slice with strides 1 and `width`).
  public func sampleIndices(base: Int, hStride: Int, vStride: Int) -> [Int] {
    let cols = columnIndices()
    let rows = rowIndices()
    let offH = cols.map { $0 < 0 ? -1 : hIndex($0) * hStride }
    let offV = rows.map { $0 < 0 ? -1 : vIndex($0) * vStride }
    var out = [Int](repeating: -1, count: pixelWidth * pixelHeight)
    out.withUnsafeMutableBufferPointer { o in
      for y in 0..<pixelHeight where offV[y] >= 0 {
        let row = base + offV[y]
        for x in 0..<pixelWidth where offH[x] >= 0 { o[y * pixelWidth + x] = row + offH[x] }
      }
    }
    return out
  }

  /// Whether the slice ends at each side of the pane: the pixel just beyond it would show no
  /// voxel. Where it does not end, the pane's edge only clips (an outline is not closed there).
  public var sliceEnds: PaneSides {
    func outside(_ x: Int, _ count: Int, _ center: Double, _ step: Double, _ limit: Int) -> Bool {
      let u = center + (Double(x) + 0.5 - Double(count) / 2) * step
      return !(u >= 0 && u < Double(limit))
    }
    let sh = 1 / (pixelsPerMM * spacingH)
    let sv = 1 / (pixelsPerMM * spacingV)
    return PaneSides(
      left: outside(-1, pixelWidth, centerU, sh, width),
      right: outside(pixelWidth, pixelWidth, centerU, sh, width),
      top: outside(-1, pixelHeight, centerV, sv, height),
      bottom: outside(pixelHeight, pixelHeight, centerV, sv, height))
  }

  private static func indices(count: Int, center: Double, step: Double, limit: Int) -> [Int] {
    var out = [Int](repeating: -1, count: count)
    let half = Double(count) / 2
    for x in 0..<count {
      let u = center + (Double(x) + 0.5 - half) * step
      if u >= 0 && u < Double(limit) { out[x] = Int(u.rounded(.down)) }  // in 0..<limit: fits
    }
    return out
  }
}

/// One flag for each side of a pane.
public struct PaneSides: Equatable, Sendable {
  public var left, right, top, bottom: Bool

  public init(left: Bool, right: Bool, top: Bool, bottom: Bool) {
    self.left = left
    self.right = right
    self.top = top
    self.bottom = bottom
  }

  /// Every side.
  public static let all = PaneSides(left: true, right: true, top: true, bottom: true)
}
