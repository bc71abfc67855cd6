/// A viewing plane, named after the world axis it cuts across.
public enum Plane: String, CaseIterable, Sendable {
  case axial, coronal, sagittal

  /// The world axis the plane's slices are stacked along (axial: z, coronal: y, sagittal: x).
  public var normalWorldAxis: Int {
    switch self {
    case .axial: return 2
    case .coronal: return 1
    case .sagittal: return 0
    }
  }

  /// One-letter tag used in compact labels.
  public var letter: String {
    switch self {
    case .axial: return "A"
    case .coronal: return "C"
    case .sagittal: return "S"
    }
  }
}
