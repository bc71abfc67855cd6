import Foundation
import ArgumentParser
import RWLoss

/// The map-selection options shared by `rwview maps` and `rwview stats`.
public struct MapsOptionGroup: ParsableArguments {
  @Option(name: .long, help: "Map: rrw, rw-ac, boundary, boundary-kervadec, wce, rrw-ci (extensions: hd-dtm, hd-unsigned).")
  public var map: String = "rrw"
  @Option(name: .long, help: "2d (per slice, the reference) or 3d.")
  public var geometry: String = "2d"
  @Option(name: .long, help: "Slicing axis of the 2D geometry: i, j or k.")
  public var axis: String = "k"
  @Option(name: .long, help: "Distance units: voxel (the reference) or mm.")
  public var spacing: String = "voxel"
  @Flag(name: .long, help: "boundary-kervadec: truncate distances toward zero (the int32 data path).")
  public var int32: Bool = false
  @Option(name: .long, help: "rrw-ci: outside value per class, e.g. 0.95,0.05.")
  public var ratio: String?
  @Option(name: .long, help: "wce: weight per class, e.g. 1,2,4.")
  public var weights: String?
  @Option(name: .long, help: "Number of classes K (default: max label + 1).")
  public var classes: Int?

  public init() {}

  /// The parsed `MapOptions`; throws a one-line error naming the option.
  public func mapOptions() throws -> MapOptions {
    guard let kind = MapKind(rawValue: map) else {
      throw RWLossError("--map", "unknown map '\(map)' (use \(MapKind.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    guard let ax = VolumeAxis(name: axis) else { throw RWLossError("--axis", "'\(axis)' is not i, j or k") }
    let geo: MapGeometry
    switch geometry.lowercased() {
    case "2d": geo = .slices(axis: ax)
    case "3d": geo = .volume
    default: throw RWLossError("--geometry", "'\(geometry)' is not 2d or 3d")
    }
    guard let units = DistanceUnits(rawValue: spacing.lowercased()) else {
      throw RWLossError("--spacing", "'\(spacing)' is not voxel or mm")
    }
    var opts = MapOptions(kind: kind, geometry: geo, units: units, int32: int32)
    if let r = ratio { opts.ratio = try Self.numbers(r, option: "--ratio") }
    if let w = weights { opts.weights = try Self.numbers(w, option: "--weights") }
    if let k = classes, k < 1 { throw RWLossError("--classes", "must be at least 1, got \(k)") }
    return opts
  }

  static func numbers(_ s: String, option: String) throws -> [Double] {
    let parts = s.split(separator: ",", omittingEmptySubsequences: false)
    return try parts.map { p in
      guard let v = Double(p.trimmingCharacters(in: .whitespaces)), v.isFinite else {
        throw RWLossError(option, "'\(p)' is not a number")
      }
      return v
    }
  }
}

/// Runs a command body, turning any error into one line `rwview: <thing>: <problem>` on stderr
/// and exit status 1.
func reportingErrors(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch let e as CancelledError {
    _ = e
    printError("rwview: cancelled")
    throw ExitCode(1)
  } catch let e as ExitCode {
    throw e
  } catch {
    printError("rwview: \(error)")
    throw ExitCode(1)
  }
}

/// One line on standard error.
func printError(_ s: String) {
  FileHandle.standardError.write((s + "\n").data(using: .utf8)!)
}
