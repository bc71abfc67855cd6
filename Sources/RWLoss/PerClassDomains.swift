/// The values of a per-class map (boundary and kin) from a distance, on and off the class.
struct PerClassValues: Sendable {
  let kind: MapKind
  /// `boundary-kervadec` on the int32 data path: every value truncated toward zero.
  let truncate: Bool

  init(_ o: MapOptions) {
    kind = o.kind
    truncate = o.int32 && o.kind == .boundaryKervadec
  }

  /// The value off the class at distance `d` from it (also a stale boundary channel's).
  @inline(__always) func outside(_ d: Double) -> Double { truncate ? d.rounded(.towardZero) : d }

  /// The value on the class at inside distance `d`.
  @inline(__always) func inside(_ d: Double) -> Double {
    switch kind {
    case .boundary: return -d
    case .boundaryKervadec:
      let v = -(d - 1)
      return truncate ? v.rounded(.towardZero) : v
    default: return d
    }
  }
}

/// Which classes each domain holds, and what a per-class map makes of the absent ones.
///
/// An absent class's channel is zero, except for `boundary`, whose reference fills it with the
/// outside part of the last present class below it (stale), or zeros when there is none.
struct PerClassDomains: Sendable {
  let classCount: Int
  let domainCount: Int
  let kind: MapKind
  /// Whether class c has a voxel in domain d, at `d*K + c`.
  let present: [Bool]
  /// Present classes per domain, ascending.
  let presentList: [[Int32]]
  /// `boundary`: the last present class below c in domain d (-1 when none), at `d*K + c`.
  let source: [Int32]

  init(counts: [Int], classCount k: Int, domainCount nd: Int, kind: MapKind) {
    classCount = k
    domainCount = nd
    self.kind = kind
    present = counts.map { $0 > 0 }
    var lists = [[Int32]](repeating: [], count: nd)
    var src = [Int32](repeating: -1, count: nd * k)
    for d in 0..<nd {
      var last: Int32 = -1
      for c in 0..<k {
        src[d * k + c] = last
        if counts[d * k + c] > 0 {
          lists[d].append(Int32(c))
          last = Int32(c)
        }
      }
    }
    presentList = lists
    source = src
  }

  /// Whether some other class's channel is 0 at a voxel of present class y in domain d.
  @inline(__always) func hasZero(_ d: Int, _ y: Int) -> Bool {
    let k = classCount
    if kind == .boundary {
      // A zero-filled channel (class 0 absent) or one stale from y (class y+1 absent).
      return !present[d &* k] || (y &+ 1 < k && !present[d &* k &+ y &+ 1])
    }
    return presentList[d].count < k
  }

  /// The present class whose transform gives channel p's value at a voxel of class y ≠ p in
  /// domain d, or -1 when that value is 0 (absent zero-filled, or stale from y itself).
  @inline(__always) func target(_ d: Int, _ p: Int, _ y: Int) -> Int {
    let i = d &* classCount &+ p
    let s = present[i] ? p : (kind == .boundary ? Int(source[i]) : -1)
    return s == y ? -1 : s
  }
}
