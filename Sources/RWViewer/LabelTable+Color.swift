import RWRender
import RWReport

extension LabelTable {
  /// The colour of label `l`: the file's, or the generated palette's.
  public func color(_ l: Int32) -> RGB {
    if let c = entries[l]?.rgb { return RGB(c.r, c.g, c.b) }
    return Self.generatedColor(l)
  }

  /// The generated colour of a label (black for 0, which overlays leave transparent).
  public static func generatedColor(_ l: Int32) -> RGB {
    l == 0 ? RGB(0, 0, 0) : LabelPalette.generated(Int(l))
  }
}
