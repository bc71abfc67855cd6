/// Where two predictions (A and B, e.g. `--pred` and `--pred-b`) disagree at a voxel, and
/// which one the labels say is right.
public enum DifferenceKind: Equatable, Sendable {
  /// A and B agree (nothing drawn).
  case same
  /// Only A has the true class.
  case aRight
  /// Only B has the true class.
  case bRight
  /// They differ and neither has the true class.
  case bothWrong
  /// They differ and there are no labels to judge.
  case differ

  /// The kind at one voxel; `gt` nil when no labels are loaded.
  @inline(__always) public static func classify(gt: Int32?, a: Int32, b: Int32) -> DifferenceKind {
    guard a != b else { return .same }
    guard let gt else { return .differ }
    if a == gt { return .aRight }
    if b == gt { return .bRight }
    return .bothWrong
  }

  /// Its colour: blue where A is right, orange where B is right (apart for the common
  /// colour-vision deficiencies), red where both are wrong, yellow where unjudged. None is
  /// the cursor's magenta.
  public var color: RGB? {
    switch self {
    case .same: nil
    case .aRight: RGB(60, 130, 255)
    case .bRight: RGB(255, 150, 30)
    case .bothWrong: RGB(220, 30, 30)
    case .differ: RGB(250, 230, 50)
    }
  }
}

extension PixelImage {
  /// Composites where `a` and `b` (label maps of one grid) differ, coloured by which one
  /// `truth` says is right (`DifferenceKind`), with opacity `alpha`; `samples` as for every
  /// layer (−1: no voxel).
  public mutating func overlayDifference(
    truth: [Int32]?, a: [Int32], b: [Int32], samples: [Int], alpha: Float
  ) {
    precondition((truth?.count ?? a.count) == a.count, "one grid")
    overlayPairs(a, b, samples: samples, alpha: alpha) { v, x, y in
      x == y ? nil : DifferenceKind.classify(gt: truth?[v], a: x, b: y).color
    }
  }
}
