import RWSystem

/// The names of one export: `BASE-N.EXT` for N = 1, 2, …; the first N whose files do not
/// exist yet is written, so an export never replaces an earlier one.
public struct ExportName: Equatable, Sendable {
  /// Folder and name without the counter: `rwview-CASE-PLANE-SLICE-VIEW`.
  public var base: String

  public init(base: String) { self.base = base }

  /// The path of export number `n` with extension `ext` (".png").
  public func path(_ n: Int, _ ext: String) -> String { "\(base)-\(n)\(ext)" }

  /// The name as the user sees it before the counter is known.
  public func pattern(_ ext: String) -> String { "\(base)-N\(ext)" }

  /// Writes `files` (extension and bytes) under the first counter at which none of them
  /// exists, each through `AtomicFile.writeNew` (never replacing a file, even one created
  /// meanwhile). Returns the paths written.
  public func write(_ files: [(ext: String, bytes: [UInt8])], protecting: [String])
    throws(SystemError) -> [String]
  {
    var first = 1
    while first < 9999,
      files.contains(where: { FileSystem.linkStatus(path(first, $0.ext)) != nil })
    {
      first += 1
    }
    var written: [String] = []
    for f in files {
      written.append(
        try AtomicFile.writeNew(f.bytes, protecting: protecting) { path(first + $0 - 1, f.ext) })
    }
    return written
  }
}

extension ViewerState {
  /// What the frame shows, as a file-name part: the layers (`labels`, `map_rrw_c1`,
  /// `loss_boundary`, `errors`, `ab`), the compare map and the panels (`losspanel`,
  /// `metrics`, `profile_loss`, `instability_raise`), joined by `-`.
  public var exportView: String {
    var parts: [String] = []
    if visible.difference && predictionB != nil {
      parts.append("ab")
    } else if visible.error && groundTruth != nil && prediction != nil {
      parts.append("errors")
    } else if visible.map {
      parts.append(
        mapQuantity == .loss
          ? "loss_\(mapOptions.name)" : "map_\(mapOptions.name)_c\(selectedClass)")
    } else if (visible.groundTruth && groundTruth != nil)
      || (visible.prediction && prediction != nil)
    {
      parts.append("labels")
    } else {
      parts.append("image")
    }
    if debug.compare { parts.append("vs_\(debug.compareOptions.name)") }
    if debug.instability != .off { parts.append("instability_\(debug.instability.rawValue)") }
    if debug.lossPanel { parts.append("losspanel") }
    if debug.metricsPanel { parts.append("metrics") }
    if debug.profileVisible { parts.append("profile_\(debug.profileMode.rawValue)") }
    return parts.map(fileNameSafe).joined(separator: "-")
  }
}

/// `text` with every character but ASCII letters, digits, `-` and `_` replaced by `_`.
func fileNameSafe(_ text: String) -> String {
  String(
    text.unicodeScalars.map { c -> Character in
      c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" || c == "_")
        ? Character(c) : "_"
    })
}
