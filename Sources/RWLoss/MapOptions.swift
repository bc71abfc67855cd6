/// A NIfTI voxel axis.
public enum VolumeAxis: Int, CaseIterable, Sendable, Hashable {
  /// The first (fastest) axis.
  case i = 0
  /// The second axis.
  case j = 1
  /// The third axis (the reference's slicing axis).
  case k = 2

  /// Parses "i", "j" or "k".
  public init?(name: String) {
    switch name.lowercased() {
    case "i", "x", "0": self = .i
    case "j", "y", "1": self = .j
    case "k", "z", "2": self = .k
    default: return nil
    }
  }

  /// "i", "j" or "k".
  public var name: String { ["i", "j", "k"][rawValue] }
}

/// Where a map is normalised and its distances measured.
public enum MapGeometry: Sendable, Hashable {
  /// 2D, each slice perpendicular to `axis` on its own (the reference: `.slices(axis: .k)`).
  case slices(axis: VolumeAxis)
  /// 3D, the whole volume at once.
  case volume
}

/// Units of distances inside the maps.
public enum DistanceUnits: String, CaseIterable, Sendable, Hashable {
  /// Voxel steps (the reference).
  case voxel
  /// Millimetres from the voxel spacing.
  case mm
}

/// Everything that selects one map set.
public struct MapOptions: Sendable, Hashable {
  /// Which map.
  public var kind: MapKind
  /// 2D per slice along an axis, or 3D.
  public var geometry: MapGeometry
  /// Distances in voxel steps or millimetres.
  public var units: DistanceUnits
  /// `boundary-kervadec`: truncate every value toward zero (the int32 data path).
  public var int32: Bool
  /// `rrw-ci`: outside value per class (default 0.95, 0.05).
  public var ratio: [Double]
  /// `wce`: fixed weights per class; nil = `N / (K_present n_k)` per domain.
  public var weights: [Double]?

  /// Options; the defaults are the reference's (rrw, 2D along k, voxel units).
  public init(
    kind: MapKind = .rrw, geometry: MapGeometry = .slices(axis: .k), units: DistanceUnits = .voxel,
    int32: Bool = false, ratio: [Double] = [0.95, 0.05], weights: [Double]? = nil
  ) {
    self.kind = kind
    self.geometry = geometry
    self.units = units
    self.int32 = int32
    self.ratio = ratio
    self.weights = weights
  }

  /// The axis of a 2D geometry, or nil for 3D.
  public var sliceAxis: VolumeAxis? {
    if case .slices(let a) = geometry { return a }
    return nil
  }

  /// Checks the options against a class count K. Ratios and weights become float32 map
  /// values, so each must be a finite float32 number.
  public func validate(classCount k: Int) throws {
    let limit = Double(Float.greatestFiniteMagnitude)
    if kind == .rrwCI {
      if ratio.count != k {
        throw RWLossError("ratio", "rrw-ci needs one ratio per class (\(k)), got \(ratio.count)")
      }
      if let r = ratio.first(where: { !($0.magnitude <= limit) }) {
        throw RWLossError("ratio", "\(r) is not a finite float32 number (at most 3.4e38)")
      }
    }
    if let w = weights {
      if w.count != k {
        throw RWLossError("weights", "needs one weight per class (\(k)), got \(w.count)")
      }
      if let x = w.first(where: { !($0.magnitude <= limit) }) {
        throw RWLossError("weights", "\(x) is not a finite float32 number (at most 3.4e38)")
      }
    }
  }
}

/// Reference quirks of one channel in one domain (slice or volume), shown by the viewer.
public struct ChannelFlags: OptionSet, Sendable, Hashable {
  /// The bits.
  public let rawValue: UInt8
  /// Flags from their bits.
  public init(rawValue: UInt8) { self.rawValue = rawValue }
  /// The class has no voxel in the domain.
  public static let absent = ChannelFlags(rawValue: 1)
  /// The class covers the whole domain: no boundary (scipy phantom-zero distances).
  public static let wholeDomain = ChannelFlags(rawValue: 2)
  /// Every voxel of the class is on its boundary (thin object): RRW inside values all -1.
  public static let thin = ChannelFlags(rawValue: 4)
  /// `boundary`: absent class filled with the outside part of the last present class (stale).
  public static let staleBoundary = ChannelFlags(rawValue: 8)
  /// `boundary`: absent class with no present class before it (the reference raises): zeros.
  public static let zeroFilled = ChannelFlags(rawValue: 16)
}
