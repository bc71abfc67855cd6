import ArgumentParser
import Foundation
import RWLoss

/// The one map option group: `maps`, `stats`, `view` and `render` all take these options and
/// get a `MapOptions` (and K) from `mapOptions()`, with the same validation and messages.
public struct MapOptionGroup: ParsableArguments {
  @Option(
    name: .long, help: ArgumentHelp(MapOptionGroup.mapHelp, discussion: MapOptionGroup.kindList),
    completion: OptionChoices.map.completion)
  public var map: String?
  @Option(
    name: .long, help: "Map geometry: 2d (per slice, the reference) or 3d.",
    completion: OptionChoices.geometry.completion)
  public var geometry: String = "2d"
  @Option(
    name: .long, help: "Slicing axis of the 2D geometry: i, j or k.",
    completion: OptionChoices.axis.completion)
  public var axis: String = "k"
  @Option(
    name: .long, help: "Map distance units: voxel (the reference) or mm.",
    completion: OptionChoices.spacing.completion)
  public var spacing: String = "voxel"
  @Flag(
    name: .long, help: "boundary-kervadec: truncate distances toward zero (its int32 data path).")
  public var int32: Bool = false
  @Option(name: .long, help: "rrw-ci: outside value per class, e.g. 0.95,0.05.")
  public var ratio: String?
  @Option(name: .long, help: "wce: weight per class, e.g. 1,2,4 (default N/(K n_k)).")
  public var weights: String?
  @Option(name: .long, help: "Number of classes K (default: from the labels and the prediction).")
  public var classes: Int?

  public init() {}

  /// Most classes `--classes` accepts.
  static let maxClasses = 65536

  /// The `--map` help line, from the table of map kinds.
  static let mapHelp =
    "Region-wise map: " + MapKind.listed.map(\.name).joined(separator: ", ") + " (default rrw)."

  /// One line per listed map kind: its name and what it is.
  static let kindList = MapKind.listed.map { "\($0.name): \($0.info.summary)" }
    .joined(separator: "\n")

  /// Whether `--map` was given (the viewer then shows the map layer at start).
  public var mapGiven: Bool { map != nil }

  /// The parsed `MapOptions`; throws a one-line `OptionError` naming the option.
  public func mapOptions() throws -> MapOptions {
    let name = map ?? MapKind.rrw.name
    guard let kind = MapKind(name: name) else {
      let known = OptionChoices.map.words.joined(separator: ", ")
      throw OptionError("--map", "unknown map \(name) (one of \(known))")
    }
    let ax = try OptionChoices.axis.value(axis, VolumeAxis.init(name:))
    let geo: MapGeometry =
      try OptionChoices.geometry.word(geometry) == "3d" ? .volume : .slices(axis: ax)
    let units = try OptionChoices.spacing.value(spacing, DistanceUnits.init(rawValue:))
    var opts = MapOptions(kind: kind, geometry: geo, units: units, int32: int32)
    if let r = ratio { opts.ratio = try Self.numbers(r, option: "--ratio") }
    if let w = weights { opts.weights = try Self.numbers(w, option: "--weights") }
    if let k = classes, !(1...Self.maxClasses).contains(k) {
      throw OptionError("--classes", "expected 1 to \(Self.maxClasses), got \(k)")
    }
    return opts
  }

  /// Comma-separated numbers, each a finite float32 value (maps are written as float32).
  static func numbers(_ s: String, option: String) throws -> [Double] {
    let parts = s.split(separator: ",", omittingEmptySubsequences: false)
    return try parts.map { p in
      let t = p.trimmingCharacters(in: .whitespaces)
      guard let v = Double(t), v.magnitude <= Double(Float.greatestFiniteMagnitude) else {
        throw OptionError(
          option, "'\(t)' is not a finite float32 number (comma-separated, at most 3.4e38)")
      }
      return v
    }
  }
}
