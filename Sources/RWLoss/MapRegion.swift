import Dispatch

/// A block of voxels whose maps are computed together: the whole volume or one compact slice.
///
/// `domainAxis` splits the region into independent domains (2D slices, each index along that
/// axis its own domain); nil means the region is one 3D domain. Distances are measured along
/// the other axes only, and every map normalisation (max, class weights) is per domain.
struct RegionShape: Sendable, Hashable {
  var dims: [Int]
  var domainAxis: Int?
  /// Spacing used by distances (all 1 in voxel units).
  var spacing: [Double]

  var count: Int { dims[0] * dims[1] * dims[2] }
  var domainCount: Int { domainAxis.map { dims[$0] } ?? 1 }
  var domainSize: Int { count / domainCount }
  var transformAxes: [Int] { [0, 1, 2].filter { $0 != domainAxis && dims[$0] > 0 } }

  /// Calls `body(rowStart, domainOfRow)` for every row along axis 0; when the domain axis is 0
  /// the domain of voxel t in the row is its i index and `domainOfRow` is -1.
  @inline(__always)
  func forEachRow(planes: Range<Int>, _ body: (Int, Int) -> Void) {
    let nx = dims[0]
    let ny = dims[1]
    for k in planes {
      for j in 0..<ny {
        let d: Int
        switch domainAxis {
        case .some(2): d = k
        case .some(1): d = j
        case .some(0): d = -1
        default: d = 0
        }
        body(nx * (j + ny * k), d)
      }
    }
  }

  /// The scipy phantom distance of local voxel `t` when one key covers its whole domain:
  /// the phantom feature sits at index -1 along the highest transformed axis, 0 on the others.
  @inline(__always)
  func phantomDistance(_ t: Int) -> Double {
    let i = t % dims[0]
    let j = (t / dims[0]) % dims[1]
    let k = t / (dims[0] * dims[1])
    let c = [i, j, k]
    let ax = transformAxes
    guard let last = ax.last else { return .infinity }
    var s = 0.0
    for a in ax {
      let x = Double(a == last ? c[a] + 1 : c[a]) * spacing[a]
      s += x * x
    }
    return s.squareRoot()
  }

  /// Domain index of voxel t.
  @inline(__always)
  func domain(of t: Int) -> Int {
    switch domainAxis {
    case .some(0): return t % dims[0]
    case .some(1): return (t / dims[0]) % dims[1]
    case .some(2): return t / (dims[0] * dims[1])
    default: return 0
    }
  }
}
