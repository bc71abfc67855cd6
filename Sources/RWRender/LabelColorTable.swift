/// A flat per-label colour lookup for hot loops, built once from a `LabelPalette`.
public struct LabelColorTable: Sendable {
  /// Colours for labels `0..<colors.count`.
  public let colors: [RGB]
  /// Whether each label is drawn (false: transparent).
  public let visible: [Bool]
  /// The palette, for labels beyond the table.
  public let palette: LabelPalette

  /// A table covering labels `0..<count` (at least 256).
  public init(palette: LabelPalette = LabelPalette(), count: Int = 256) {
    let n = max(256, count)
    var colors = [RGB](repeating: RGB(0, 0, 0), count: n)
    var visible = [Bool](repeating: false, count: n)
    for i in 0..<n {
      if let c = palette.color(for: i) {
        colors[i] = c
        visible[i] = true
      }
    }
    self.colors = colors
    self.visible = visible
    self.palette = palette
  }

  /// The colour of `label`, or nil if transparent.
  @inline(__always)
  public func color(_ label: Int32) -> RGB? {
    if label >= 0 && Int(label) < colors.count {
      return visible[Int(label)] ? colors[Int(label)] : nil
    }
    return palette.color(for: Int(label))
  }

  /// A float voxel value as a label (rounded; NaN and out-of-range values give 0).
  @inline(__always)
  public static func label(_ v: Float) -> Int32 {
    guard v.isFinite, abs(v) < 2_000_000_000 else { return 0 }
    return Int32(v.rounded())
  }
}
