import RWSystem

/// The one conversion of voxel values (as read from a file) to class labels.
///
/// A class label is a finite, non-negative integer below 2^31. The ground truth, a label-map
/// prediction and the viewer's label layers all convert through here, so they accept and
/// refuse the same values with the same message.
public enum LabelValues {
  /// Largest label value accepted (labels are stored as `Int32`).
  public static let maxLabel = 2_147_483_520  // the largest Float below 2^31

  /// Converts `values` (NIfTI order on a grid of `dims`) to labels; throws
  /// `RWLossError(what, "value V at voxel (i,j,k) is not a class label ...")` at the first voxel
  /// that is not one.
  public static func labels(_ values: [Float], dims: [Int], what: String) throws -> [Int32] {
    // Chunks on the cores into uninitialised storage (no zero fill of a volume that is then
    // overwritten); each chunk's first bad voxel, the lowest of them named.
    let chunk = 1 << 16
    var firstBad = [Int](repeating: Int.max, count: (values.count + chunk - 1) / chunk)
    let out: [Int32] = HugePages.array(count: values.count) { dst in
      let d = dst.shared
      values.withShared { src in
        firstBad.withSharedMutable { fb in
          WorkerPool.forEachChunk(src.count, size: chunk) { c, range in
            for t in range {
              let x = src[t]
              guard x >= 0, x <= Float(maxLabel), x == x.rounded() else {
                d[t] = 0
                if fb[c] == Int.max { fb[c] = t }
                continue
              }
              d[t] = Int32(x)
            }
          }
        }
      }
    }
    if let t = firstBad.min(), t != Int.max {
      throw problem(values[t], at: t, dims: dims, what: what)
    }
    return out
  }

  /// Whether `x` is a fraction a probability map would hold (in (0, 1)), for hints.
  static func isFraction(_ x: Float) -> Bool { x > 0 && x < 1 }

  /// The error for value `x` at linear index `t`.
  static func problem(_ x: Float, at t: Int, dims: [Int], what: String) -> RWLossError {
    let at = "at voxel \(voxelText(t, dims: dims))"
    if x.isFinite && x == x.rounded() && x > Float(maxLabel) {
      return RWLossError(
        what, "value \(x) \(at) is too large for a class label (at most \(maxLabel))")
    }
    return RWLossError(what, "value \(x) \(at) is not a class label (a non-negative integer)")
  }

  /// "(i,j,k)" of linear index `t` on a grid of `dims` (NIfTI order, i fastest).
  public static func voxelText(_ t: Int, dims: [Int]) -> String {
    guard dims.count >= 3, dims[0] > 0, dims[1] > 0 else { return "\(t)" }
    let nx = dims[0]
    let ny = dims[1]
    return "(\(t % nx),\((t / nx) % ny),\(t / (nx * ny)))"
  }
}
