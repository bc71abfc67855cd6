/// The region-wise maps of SPEC §3 (and two distance maps kept for comparison).
///
/// Everything the commands and the viewer need to know about a kind (its name, a one-line
/// description, whether it is listed to users, how it is computed) is in `info`, the one table
/// of map kinds: adding a kind adds a case and its row there (and its values in `RegionMaps`).
public enum MapKind: String, CaseIterable, Sendable, Hashable {
  /// Rectified RW (the paper's): `-d/max d` inside the class, `+1` outside.
  case rrw = "rrw"
  /// Active-contour region term: `1 - Y`.
  case rwAC = "rw-ac"
  /// Signed distance as the RW reference's BoundaryLoss uses it (stale absent-class quirk).
  case boundary = "boundary"
  /// Kervadec's Boundary-loss map: outside distance, `-(d - 1)` inside, absent class 0.
  case boundaryKervadec = "boundary-kervadec"
  /// Linear class-weighted map `-w_k Y_k`.
  case wce = "wce"
  /// Class-imbalance RRW (binary): outside value of channel c is `ratio[c]`.
  case rrwCI = "rrw-ci"
  /// Extension: HD-loss distance map, `EDT(Y)` inside the class, 0 elsewhere.
  case hdDTM = "hd-dtm"
  /// Extension: unsigned distance to the class boundary on both sides; absent class 0.
  case hdUnsigned = "hd-unsigned"

  /// One row of the table of map kinds.
  public struct Info: Sendable, Hashable {
    /// The name users type and see.
    public var name: String
    /// What the map is, in one line.
    public var summary: String
    /// Whether the kind is listed to users (help, key cycles, error hints). Unlisted kinds are
    /// undocumented extensions: still accepted by name, never offered.
    public var isListed: Bool
    /// Whether every class channel needs its own distance transform (no shared multi-label
    /// transform).
    public var needsPerClassTransform: Bool
    /// Whether the RW loss has a closed form from one multi-label transform: own class a
    /// per-voxel value, every other class a per-domain constant.
    public var hasClosedFormLoss: Bool
    /// Whether values grow with the image size (distances), rather than staying in [-1, 1]
    /// (or the given weights and ratios).
    public var isUnbounded: Bool
  }

  /// This kind's row of the table.
  public var info: Info {
    switch self {
    case .rrw:
      return Info(
        name: rawValue, summary: "rectified RW, the paper's: -d/max d inside a class, +1 outside",
        isListed: true, needsPerClassTransform: false, hasClosedFormLoss: true, isUnbounded: false)
    case .rwAC:
      return Info(
        name: rawValue, summary: "active-contour region term: 1 - Y", isListed: true,
        needsPerClassTransform: false, hasClosedFormLoss: true, isUnbounded: false)
    case .boundary:
      return Info(
        name: rawValue, summary: "signed distance as the RW reference's Boundary loss uses it",
        isListed: true, needsPerClassTransform: true, hasClosedFormLoss: false, isUnbounded: true)
    case .boundaryKervadec:
      return Info(
        name: rawValue, summary: "Kervadec's Boundary-loss map: distance outside, -(d-1) inside",
        isListed: true, needsPerClassTransform: true, hasClosedFormLoss: false, isUnbounded: true)
    case .wce:
      return Info(
        name: rawValue, summary: "linear class-weighted map -w_k Y_k", isListed: true,
        needsPerClassTransform: false, hasClosedFormLoss: true, isUnbounded: false)
    case .rrwCI:
      return Info(
        name: rawValue, summary: "class-imbalance RRW: outside value per class (binary)",
        isListed: true, needsPerClassTransform: false, hasClosedFormLoss: true, isUnbounded: false)
    case .hdDTM:
      return Info(
        name: rawValue, summary: "extension: HD-loss distance map, EDT inside the class",
        isListed: false, needsPerClassTransform: false, hasClosedFormLoss: true, isUnbounded: true)
    case .hdUnsigned:
      return Info(
        name: rawValue, summary: "extension: unsigned distance to the class boundary",
        isListed: false, needsPerClassTransform: true, hasClosedFormLoss: false, isUnbounded: true)
    }
  }

  /// The kinds offered to users, in table order.
  public static let listed: [MapKind] = allCases.filter { $0.info.isListed }

  /// The kind named `name` (listed or not), or nil.
  public init?(name: String) { self.init(rawValue: name.lowercased()) }

  /// The name users type and see.
  public var name: String { info.name }

  /// Whether every class channel needs its own distance transform.
  public var needsPerClassTransform: Bool { info.needsPerClassTransform }

  /// The next (or previous) listed kind after this one, for key cycles; an unlisted kind
  /// steps to the first (or last) listed one.
  public func cycled(forward: Bool) -> MapKind {
    let all = Self.listed
    guard let i = all.firstIndex(of: self) else { return forward ? all[0] : all[all.count - 1] }
    return all[(i + (forward ? 1 : all.count - 1)) % all.count]
  }
}
