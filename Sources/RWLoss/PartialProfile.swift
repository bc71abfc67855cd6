/// The k-profile rows of k-planes whose sums are final before the whole evaluation is (what
/// lets the viewer's profile strip fill as the planes complete).
public struct CompletedPlanes: Sendable {
  /// The k-planes (slices along k).
  public let planes: Range<Int>
  /// Their sums, `((plane - planes.lowerBound) * K + class) * 12 + quantity`.
  let sums: [Double]

  /// The rows of `planes` from the evaluation's sums along k (`(plane * K + class) * 12 + q`).
  init(planes: Range<Int>, classCount k: Int, alongK: SharedBuffer<Double>) {
    self.planes = planes
    let q = MapEngine.streamQuantities
    sums = Array(alongK.slice((planes.lowerBound * k * q)..<(planes.upperBound * k * q)))
  }
}

/// A profile along k filled as its planes complete (`CompletedPlanes`): final values on the
/// completed slices, zeros on the others.
public struct PartialProfile: Sendable {
  /// Slices along k.
  public let sliceCount: Int
  /// K.
  public let classCount: Int
  let dims: [Int]
  var sums: [Double]
  /// Whether slice s along k is final.
  public private(set) var done: [Bool]

  /// An empty profile of a volume of `dims` with `classCount` classes.
  public init(dims: [Int], classCount: Int) {
    self.dims = dims
    self.classCount = classCount
    sliceCount = dims[2]
    sums = [Double](repeating: 0, count: dims[2] * classCount * MapEngine.streamQuantities)
    done = [Bool](repeating: false, count: dims[2])
  }

  /// Takes the final sums of `c`'s planes (planes outside the volume are ignored).
  public mutating func add(_ c: CompletedPlanes) {
    let row = classCount * MapEngine.streamQuantities
    guard c.planes.lowerBound >= 0, c.planes.upperBound <= sliceCount,
      c.sums.count == c.planes.count * row
    else { return }
    for (n, p) in c.planes.enumerated() {
      for x in 0..<row { sums[p * row + x] = c.sums[n * row + x] }
      done[p] = true
    }
  }

  /// How many slices are final.
  public var doneCount: Int { done.reduce(0) { $0 + ($1 ? 1 : 0) } }

  /// The profile along k (zeros on the slices still to come).
  public var profile: AxisProfile {
    MapEngine.profile(.k, dims: dims, k: classCount, sums: sums[...])
  }
}
