/// Axis-aligned index boxes, one per domain and class, as flat `Int32`s.
///
/// Box `(d, c)` is at `((d*K + c)*6)`: lowest index along axes 0, 1, 2, then highest. An empty
/// box has lowest `Int32.max` and highest `Int32.min`. Workers fill their own copy (`add`
/// through a pointer in the hot loops) and the copies are merged.
struct DomainClassBoxes {
  let classCount: Int
  var values: [Int32]

  /// Empty boxes for `domains` × `classes`.
  init(domains: Int, classes: Int) {
    classCount = classes
    values = [Int32](repeating: 0, count: domains * classes * 6)
    for b in 0..<(domains * classes) {
      for a in 0..<3 {
        values[b * 6 + a] = .max
        values[b * 6 + 3 + a] = .min
      }
    }
  }

  /// Grows box `box` (its index `d*K + c`) to hold voxel (i, j, k).
  @inline(__always)
  static func add(_ p: UnsafeMutablePointer<Int32>, box: Int, _ i: Int, _ j: Int, _ k: Int) {
    let b = p + box &* 6
    let x = (
      Int32(truncatingIfNeeded: i), Int32(truncatingIfNeeded: j), Int32(truncatingIfNeeded: k)
    )
    if x.0 < b[0] { b[0] = x.0 }
    if x.1 < b[1] { b[1] = x.1 }
    if x.2 < b[2] { b[2] = x.2 }
    if x.0 > b[3] { b[3] = x.0 }
    if x.1 > b[4] { b[4] = x.1 }
    if x.2 > b[5] { b[5] = x.2 }
  }

  /// Grows every box to hold the same box of `other`.
  mutating func merge(_ other: [Int32]) {
    precondition(other.count == values.count)
    for b in stride(from: 0, to: values.count, by: 6) {
      for a in 0..<3 {
        values[b + a] = min(values[b + a], other[b + a])
        values[b + 3 + a] = max(values[b + 3 + a], other[b + 3 + a])
      }
    }
  }
}
