/// Voxel-axis orientation of an affine, computed exactly as nibabel's `io_orientation`
/// and `aff2axcodes`.
extension Affine {
  /// For each voxel axis i, j, k: the world axis it points along (0 = x, 1 = y, 2 = z) and the
  /// sign (+1 or −1), or nil when the axis has no direction (a zero or degenerate column).
  ///
  /// nibabel's rule: normalise each column of the 3×3 part (zero columns stay zero), take the
  /// nearest rotation `U·Vᵀ` from an SVD (keeping singular values above
  /// `max(s)·3·eps`), then visit the voxel axes from the most clearly aligned to the least
  /// (stable order) and give each the not-yet-taken world axis with the largest |value| in its
  /// column.
  public func orientation() -> [(axis: Int, sign: Int)?] {
    var rs = linear3x3
    guard rs.allSatisfy({ $0.isFinite }) else { return [nil, nil, nil] }
    for c in 0..<3 {
      var zoom = (rs[c] * rs[c] + rs[3 + c] * rs[3 + c] + rs[6 + c] * rs[6 + c]).squareRoot()
      if zoom == 0 { zoom = 1 }
      for r in 0..<3 { rs[3 * r + c] /= zoom }
    }
    let svd = SVD3(rs)
    let smax = svd.s.max() ?? 0
    let tol = smax * 3 * Double.ulpOfOne
    var rot = [Double](repeating: 0, count: 9)
    for k in 0..<3 where svd.s[k] > tol {
      for r in 0..<3 {
        for c in 0..<3 { rot[3 * r + c] += svd.u[3 * r + k] * svd.v[3 * c + k] }
      }
    }
    // Order the voxel axes by -(max squared entry), ascending and stable.
    var keys = [0.0, 0.0, 0.0]
    for c in 0..<3 {
      var k = 0.0
      for r in 0..<3 {
        let v: Double = rot[3 * r + c]
        k = min(k, -(v * v))
      }
      keys[c] = k
    }
    let order = (0..<3).sorted { a, b in keys[a] < keys[b] || (keys[a] == keys[b] && a < b) }
    var result: [(axis: Int, sign: Int)?] = [nil, nil, nil]
    for c in order {
      let col: [Double] = [rot[c], rot[3 + c], rot[6 + c]]
      if col.allSatisfy({ abs($0) <= 1e-8 }) { continue }
      var best = 0
      for r in 1..<3 where abs(col[r]) > abs(col[best]) { best = r }
      result[c] = (best, col[best] < 0 ? -1 : 1)
      for k in 0..<3 { rot[3 * best + k] = 0 }
    }
    return result
  }

  /// `orientation()` with every voxel axis given a world axis, for code that must lay each axis
  /// somewhere (the viewer's panes): nibabel's answer where it names one; an axis without a
  /// direction takes the lowest world axis still free, pointing to + (so a non-finite affine
  /// is shown as RAS storage while `axcodes` says "???").
  public func completeOrientation() -> [(axis: Int, sign: Int)] {
    let o = orientation()
    var free: [Int] = [0, 1, 2].filter { w in !o.contains { $0?.axis == w } }
    var out: [(axis: Int, sign: Int)] = []
    for entry in o {
      if let entry {
        out.append(entry)
      } else {
        let w: Int = free.isEmpty ? 0 : free.removeFirst()
        out.append((axis: w, sign: 1))
      }
    }
    return out
  }

  /// The letter of a direction: R/L (+x/−x), A/P (+y/−y), S/I (+z/−z).
  public static func directionLetter(axis: Int, sign: Int) -> Character {
    let labels: [[Character]] = [["L", "R"], ["P", "A"], ["I", "S"]]
    return labels[max(0, min(2, axis))][sign > 0 ? 1 : 0]
  }

  /// nibabel's `aff2axcodes` as a string, one letter per voxel axis: R/L (+x/−x), A/P (+y/−y),
  /// S/I (+z/−z); `?` for an axis without a direction. Example: `"LAS"`.
  public var axcodes: String {
    String(
      orientation().map { o in
        o.map { Self.directionLetter(axis: $0.axis, sign: $0.sign) } ?? "?"
      })
  }
}
