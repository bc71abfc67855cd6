/// Maps the pixels of one image pane to display voxel columns/rows of a `SliceMapping`,
/// honouring voxel spacing (square display pixels), zoom and the view centre.
public struct PaneViewport: Equatable, Sendable {
  /// Pane size in display pixels (half-block cells: two pixels per cell row).
  public var pixelWidth: Int
  public var pixelHeight: Int
  /// Display pixels per millimetre.
  public var pixelsPerMM: Double
  /// View centre in display voxel units (continuous; voxel `u` spans `[u, u + 1)`).
  public var centerU: Double
  public var centerV: Double
  public var spacingH: Double
  public var spacingV: Double
  public var width: Int
  public var height: Int

  /// Fits `mapping` into a pane of `pixelWidth`×`pixelHeight` at `zoom`, centred on
  /// `center` (continuous voxel coordinates i, j, k).
  public init(mapping m: SliceMapping, pixelWidth: Int, pixelHeight: Int, zoom: Double, center: [Double]) {
    self.pixelWidth = max(0, pixelWidth)
    self.pixelHeight = max(0, pixelHeight)
    spacingH = m.spacingH
    spacingV = m.spacingV
    width = m.width
    height = m.height
    let fit = min(
      Double(max(1, pixelWidth)) / (Double(max(1, m.width)) * m.spacingH),
      Double(max(1, pixelHeight)) / (Double(max(1, m.height)) * m.spacingV))
    pixelsPerMM = fit * zoom
    let ch = center[m.hAxis], cv = center[m.vAxis]
    centerU = m.hFlip ? Double(m.width) - ch : ch
    centerV = m.vFlip ? Double(m.height) - cv : cv
  }

  /// For each pixel column, the display voxel column it shows, or −1 outside the slice.
  public func columnIndices() -> [Int32] {
    Self.indices(count: pixelWidth, center: centerU, step: 1 / (pixelsPerMM * spacingH), limit: width)
  }

  /// For each pixel row, the display voxel row it shows, or −1 outside the slice.
  public func rowIndices() -> [Int32] {
    Self.indices(count: pixelHeight, center: centerV, step: 1 / (pixelsPerMM * spacingV), limit: height)
  }

  /// The pixel column showing the centre of display voxel column `u`.
  public func pixelX(ofColumn u: Int) -> Int {
    Int(((Double(u) + 0.5 - centerU) * pixelsPerMM * spacingH + Double(pixelWidth) / 2).rounded(.down))
  }

  /// The pixel row showing the centre of display voxel row `v`.
  public func pixelY(ofRow v: Int) -> Int {
    Int(((Double(v) + 0.5 - centerV) * pixelsPerMM * spacingV + Double(pixelHeight) / 2).rounded(.down))
  }

  private static func indices(count: Int, center: Double, step: Double, limit: Int) -> [Int32] {
    var out = [Int32](repeating: -1, count: count)
    let half = Double(count) / 2
    for x in 0..<count {
      let u = center + (Double(x) + 0.5 - half) * step
      if u >= 0 && u < Double(limit) { out[x] = Int32(u.rounded(.down)) }
    }
    return out
  }
}
