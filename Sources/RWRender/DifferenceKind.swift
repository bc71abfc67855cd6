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
    precondition(samples.count == pixels.count, "one sample per pixel")
    precondition(a.count == b.count && (truth?.count ?? a.count) == a.count, "one grid")
    let alpha = Compositing.alpha256(alpha)
    pixels.withUnsafeMutableBufferPointer { px in
      a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
          samples.withUnsafeBufferPointer { sm in
            for q in 0..<px.count {
              let v = sm[q]
              if v < 0 || pa[v] == pb[v] { continue }
              let kind = DifferenceKind.classify(gt: truth?[v], a: pa[v], b: pb[v])
              guard let c = kind.color else { continue }
              px[q] = Compositing.blend(px[q], c, alpha256: alpha)
            }
          }
        }
      }
    }
  }
}
