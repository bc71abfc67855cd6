import Foundation
import RWTestSupport
import Testing

@testable import RWLoss

/// The golden vectors committed in `Tests/Fixtures/golden` (from the paper's reference code).
enum Golden {
  /// The map/loss case files (`NN_*.json`, not the index), sorted.
  static func caseFiles() -> [URL] {
    Fixtures.contents(of: "golden").filter {
      $0.range(of: #"^\d\d_.*\.json$"#, options: .regularExpression) != nil && !$0.hasPrefix("00_")
    }.map { Fixtures.url("golden/" + $0) }
  }

  /// Every case, parsed; a file that does not parse is reported by `goldenFilesFound`.
  static let cases: [GoldenCase] = caseFiles().compactMap { try? GoldenCase(url: $0) }

  /// The parsed case named `name` (a file name), or a failure naming it.
  static func named(_ name: String) throws -> GoldenCase {
    guard let g = cases.first(where: { $0.name == name }) else {
      throw TestFailure("no golden case \(name) in \(Fixtures.path("golden"))")
    }
    return g
  }
}

/// A JSON value of the expected type, or a failure naming the key and the case.
func field<T>(_ object: [String: Any], _ key: String, _ what: String) throws -> T {
  guard let v = object[key] as? T else {
    throw TestFailure("\(what): '\(key)' is missing or not \(T.self)")
  }
  return v
}

/// Flattens nested JSON number arrays in array order (last index fastest); null -> NaN.
func flatten(_ v: Any) -> [Double] {
  var out: [Double] = []
  func go(_ x: Any) {
    if let a = x as? [Any] {
      for e in a { go(e) }
    } else if let n = x as? NSNumber {
      out.append(n.doubleValue)
    } else {
      out.append(.nan)
    }
  }
  go(v)
  return out
}

/// One golden RW case mapped onto rwview's layout (see the test that checks the mapping).
struct GoldenCase: @unchecked Sendable {
  let name: String
  let raw: [String: Any]
  let k: Int
  let batch: Int
  let spatial: [Int]  // array order
  let spacingArray: [Double]?  // array order
  let labels: LabelVolume
  let is3D: Bool

  init(url: URL) throws {
    name = url.lastPathComponent
    raw = try Fixtures.json("golden/" + name)
    k = try field(raw, "K", name)
    let shape: [Int] = try field(raw, "shape_BKS", name)
    guard shape.count >= 4 else { throw TestFailure("\(name): shape_BKS \(shape) is too short") }
    batch = shape[0]
    spatial = Array(shape.dropFirst(2))
    is3D = spatial.count == 3
    spacingArray = (raw["spacing"] as? [NSNumber])?.map { $0.doubleValue }
    let labelJSON: [Any] = try field(raw, "labels", name)
    let file = url.lastPathComponent
    let flat = try flatten(labelJSON).map { v in
      guard let l = Int32(exactly: v) else {
        throw TestFailure("\(file): label \(v) is not an integer")
      }
      return l
    }
    if let s = spacingArray, s.count != spatial.count {
      throw TestFailure("\(name): spacing \(s) does not match the shape \(shape)")
    }
    let dims: [Int]
    var sp: [Double] = [1, 1, 1]
    if is3D {
      guard batch == 1 else { throw TestFailure("\(name): a 3D case with batch \(batch)") }
      dims = [spatial[2], spatial[1], spatial[0]]
      if let s = spacingArray { sp = [s[2], s[1], s[0]] }
    } else {
      dims = [spatial[1], spatial[0], batch]
      if let s = spacingArray { sp = [s[1], s[0], 1] }
    }
    labels = try LabelVolume(dims: dims, spacing: sp, labels: flat, classes: k)
  }

  var geometry: MapGeometry { is3D ? .volume : .slices(axis: .k) }
  var hasSpacing: Bool { spacingArray != nil }
  var n: Int { labels.voxelCount }

  /// Golden (B,K,*S) array -> channel-major [K][N] in rwview layout.
  func channels(_ v: Any) -> [[Double]] {
    let flat = flatten(v)
    let per = spatial.reduce(1, *)
    var out: [[Double]] = []
    for c in 0..<k {
      var ch: [Double] = []
      for b in 0..<batch {
        let lo: Int = (b * k + c) * per
        ch.append(contentsOf: flat[lo..<(lo + per)])
      }
      out.append(ch)
    }
    return out
  }

  /// One-hot in rwview layout.
  func oneHot(_ shift: Int = 0) -> [[Double]] {
    (0..<k).map { c in labels.labels.map { (Int($0) + shift) % k == c ? 1.0 : 0.0 } }
  }

  /// rwview's options for a golden map key, or nil when the key is not a map rwview makes.
  func options(forMap key: String) -> MapOptions? {
    let g = geometry
    let mmIfSpacing: DistanceUnits = hasSpacing ? .mm : .voxel
    switch key {
    case "rrw": return MapOptions(kind: .rrw, geometry: g)
    case "rrw_spacing_mm": return MapOptions(kind: .rrw, geometry: g, units: .mm)
    case "rrw_ci_coletra": return MapOptions(kind: .rrwCI, geometry: g, ratio: [0.95, 0.05])
    case "rw_ac": return MapOptions(kind: .rwAC, geometry: g)
    case "boundary_rwrepo": return MapOptions(kind: .boundary, geometry: g)
    case "boundary_kervadec_int32":
      return MapOptions(kind: .boundaryKervadec, geometry: g, units: mmIfSpacing, int32: true)
    case "boundary_kervadec_float":
      return MapOptions(kind: .boundaryKervadec, geometry: g, units: mmIfSpacing)
    case "hd_dtm_inside": return MapOptions(kind: .hdDTM, geometry: g)
    case "hd_unsigned_both_sides":
      return MapOptions(kind: .hdUnsigned, geometry: g, units: mmIfSpacing)
    default: return nil
    }
  }
}

/// Map tolerance of the golden README.
func mapClose(_ got: Double, _ exp: Double) -> Bool { abs(got - exp) <= 1e-6 + 1e-6 * abs(exp) }
/// Loss tolerance of the golden README.
func lossClose(_ got: Double, _ exp: Double) -> Bool { abs(got - exp) <= 1e-5 * abs(exp) + 1e-9 }

/// Plain brute-force EDT in the scipy sense on a 3-axis grid, per domain: for every voxel with
/// mask true, the distance to the nearest mask-false voxel of the same domain; the scipy
/// phantom when the domain has none.
func bruteEDT(mask: [Bool], dims: [Int], domainAxis: Int?, spacing: [Double]) -> [Double] {
  let n = dims[0] * dims[1] * dims[2]
  func coord(_ t: Int) -> [Int] { [t % dims[0], (t / dims[0]) % dims[1], t / (dims[0] * dims[1])] }
  let skip = domainAxis ?? -1
  let axes: [Int] = [0, 1, 2].filter { $0 != skip }
  var out = [Double](repeating: 0, count: n)
  for t in 0..<n where mask[t] {
    let ct = coord(t)
    var best = Double.infinity
    for u in 0..<n where !mask[u] {
      let cu = coord(u)
      if let a = domainAxis, cu[a] != ct[a] { continue }
      var s = 0.0
      for a in axes {
        let d = Double(ct[a] - cu[a]) * spacing[a]
        s += d * d
      }
      best = min(best, s)
    }
    if best == .infinity {
      var s = 0.0
      for a in axes {
        let x = Double(a == axes.last! ? ct[a] + 1 : ct[a]) * spacing[a]
        s += x * x
      }
      best = s
    }
    out[t] = best.squareRoot()
  }
  return out
}
