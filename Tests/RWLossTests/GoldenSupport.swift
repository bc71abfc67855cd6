import Foundation
import Testing
@testable import RWLoss

/// Locates `../shared` (or `$RWVIEW_SHARED`) by walking up from this package.
enum Shared {
  static let root: URL? = {
    if let env = ProcessInfo.processInfo.environment["RWVIEW_SHARED"] {
      return URL(fileURLWithPath: env)
    }
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    for _ in 0..<6 {
      dir = dir.deletingLastPathComponent()
      let cand = dir.appendingPathComponent("shared/golden")
      if FileManager.default.fileExists(atPath: cand.path) { return dir.appendingPathComponent("shared") }
    }
    return nil
  }()

  /// The golden folder; a missing folder yields no cases, and `goldenFilesFound` fails clearly.
  static var golden: URL { (root ?? URL(fileURLWithPath: "/shared-not-found")).appendingPathComponent("golden") }

  /// The map/loss case files (`NN_*.json`, not the index).
  static func caseFiles() -> [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: golden.path)) ?? []
    return names.filter {
      $0.range(of: #"^\d\d_.*\.json$"#, options: .regularExpression) != nil && !$0.hasPrefix("00_")
    }.sorted().map { golden.appendingPathComponent($0) }
  }

  static func json(_ url: URL) -> [String: Any] {
    guard let data = try? Data(contentsOf: url),
          let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
    return obj
  }
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
    raw = Shared.json(url)
    name = url.lastPathComponent
    k = raw["K"] as! Int
    let shape = raw["shape_BKS"] as! [Int]
    batch = shape[0]
    spatial = Array(shape.dropFirst(2))
    is3D = spatial.count == 3
    spacingArray = (raw["spacing"] as? [NSNumber])?.map { $0.doubleValue }
    let flat = flatten(raw["labels"]!).map { Int32($0) }
    let dims: [Int]
    var sp: [Double] = [1, 1, 1]
    if is3D {
      precondition(batch == 1)
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
    case "boundary_kervadec_float": return MapOptions(kind: .boundaryKervadec, geometry: g, units: mmIfSpacing)
    case "hd_dtm_inside": return MapOptions(kind: .hdDTM, geometry: g)
    case "hd_unsigned_both_sides": return MapOptions(kind: .hdUnsigned, geometry: g, units: mmIfSpacing)
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
