import RWLoss

extension MapOptions {
  /// Compact description for panels and legends, e.g. "rrw 2d/k voxel".
  public var summary: String {
    let geo = sliceAxis.map { "2d/" + $0.name } ?? "3d"
    return "\(kind.name) \(geo) \(units.rawValue)" + (int32 ? " int32" : "")
  }

  /// The voxel axis (0, 1, 2) the map is computed per slice along, or nil for one 3D unit.
  public var unitAxis: Int? { sliceAxis?.rawValue }
}

extension MapOptions {
  /// The map's name, e.g. "rrw".
  public var name: String { kind.name }
}
