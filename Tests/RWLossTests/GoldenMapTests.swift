import Foundation
import RWTestSupport
import Testing

@testable import RWLoss

/// Every map of every golden case, iterated generically over the files and keys.
@Suite struct GoldenMapTests {
  static var cases: [GoldenCase] { Golden.cases }

  /// All nine case files are committed and every one parses.
  @Test func goldenFilesFound() throws {
    let files = Golden.caseFiles()
    #expect(files.count >= 9, "golden files missing in \(Fixtures.path("golden"))")
    for f in files { _ = try GoldenCase(url: f) }
    #expect(Self.cases.count == files.count)
  }

  /// The expected channel for a map key: the stored array, or the RULE computed from its rule.
  static func expected(_ g: GoldenCase, key: String, value: Any) -> [[Double]]? {
    if value is NSNull { return nil }
    if let s = value as? String {
      #expect(s.hasPrefix("RULE"))
      switch key {
      case "rw_ac":
        return g.oneHot().map { $0.map { 1 - $0 } }
      case "hd_unsigned_both_sides":
        // |EDT(~Y)*~Y - EDT(Y)*Y| for a present class, 0 for an absent one (unit spacing).
        return bruteSigned(g, spacing: [1, 1, 1]).map { $0.map { abs($0) } }
      default:
        Issue.record("\(g.name): unknown RULE map \(key)")
        return nil
      }
    }
    return g.channels(value)
  }

  /// Brute-force `EDT(~Y)*~Y - EDT(Y)*Y` per domain and class; 0 for an absent class.
  static func bruteSigned(_ g: GoldenCase, spacing: [Double]) -> [[Double]] {
    let dims = g.labels.dims
    let dAxis: Int? = g.is3D ? nil : 2
    let domainOf: (Int) -> Int = { t in g.is3D ? 0 : t / (dims[0] * dims[1]) }
    return (0..<g.k).map { c in
      let y = g.labels.labels.map { Int($0) == c }
      let inside = bruteEDT(mask: y, dims: dims, domainAxis: dAxis, spacing: spacing)
      let outside = bruteEDT(mask: y.map { !$0 }, dims: dims, domainAxis: dAxis, spacing: spacing)
      let presentIn = Set((0..<g.n).filter { y[$0] }.map(domainOf))
      return (0..<g.n).map { t in
        guard presentIn.contains(domainOf(t)) else { return 0 }
        return y[t] ? -inside[t] : outside[t]
      }
    }
  }

  @Test(arguments: cases.map(\.name))
  func mapsMatchGolden(name: String) throws {
    let g = try Golden.named(name)
    let maps: [String: Any] = try field(g.raw, "maps", name)
    var checked = 0
    for (key, value) in maps.sorted(by: { $0.key < $1.key }) {
      guard let opts = g.options(forMap: key) else {
        Issue.record("\(name): map \(key) has no rwview equivalent")
        continue
      }
      guard let exp = Self.expected(g, key: key, value: value) else { continue }
      let engine = try MapEngine(labels: g.labels, options: opts)
      var bad = 0
      for c in 0..<g.k {
        let got = try engine.channel(class: c)
        for t in 0..<g.n where !mapClose(Double(got[t]), exp[c][t]) {
          if bad < 5 {
            Issue.record(
              "\(name) \(key) class \(c) voxel \(t): got \(got[t]) expected \(exp[c][t])")
          }
          bad += 1
        }
        // The cheap per-slice path agrees with the whole-volume path.
        if case .slices(let axis) = opts.geometry {
          for s in 0..<g.labels.dims[axis.rawValue] {
            let sl = try engine.sliceChannel(class: c, axis: axis, index: s)
            #expect(sl == MapEngine.extractSlice(got, dims: g.labels.dims, axis: axis, index: s))
          }
        }
      }
      #expect(bad == 0, "\(name) \(key): \(bad) voxels differ")
      checked += 1
    }
    #expect(checked >= 5)
  }

  @Test(arguments: cases.map(\.name))
  func flagsMatchGolden(name: String) throws {
    let g = try Golden.named(name)
    let present: [[Bool]] = try field(g.raw, "class_present", name)
    let whole: [[Bool]] = try field(g.raw, "class_covers_whole_patch", name)
    try #require(present.count == g.batch && whole.count == g.batch)
    try #require((present + whole).allSatisfy { $0.count == g.k }, "\(name): flags per class")
    let engine = try MapEngine(
      labels: g.labels, options: MapOptions(kind: .boundary, geometry: g.geometry))
    for b in 0..<g.batch {
      for c in 0..<g.k {
        let f = engine.flags(class: c, domain: b)
        #expect(f.contains(.absent) == !present[b][c])
        #expect(f.contains(.wholeDomain) == whole[b][c])
        if !present[b][c] {
          let anyBefore = (0..<c).contains { present[b][$0] }
          #expect(f.contains(.staleBoundary) == anyBefore)
          #expect(f.contains(.zeroFilled) == !anyBefore)
        }
      }
    }
  }

  /// The golden layout mapping: (B,H,W) -> (nx=W, ny=H, nz=B); (D,H,W) -> (W,H,D), spacing reversed.
  @Test func layoutMapping() throws {
    let g = try #require(Self.cases.first { $0.batch == 2 }, "no golden case with batch 2")
    let labels: [[[Int]]] = try field(g.raw, "labels", g.name)
    let d = g.labels.dims
    #expect(d == [g.spatial[1], g.spatial[0], 2])
    try #require(
      labels.count == 2
        && labels.allSatisfy { $0.count == d[1] && $0.allSatisfy { $0.count == d[0] } })
    for b in 0..<2 {
      for y in 0..<d[1] {
        for x in 0..<d[0] {
          #expect(Int(g.labels.labels[x + d[0] * (y + d[1] * b)]) == labels[b][y][x])
        }
      }
    }
    let g3 = try #require(Self.cases.first { $0.is3D && $0.spacingArray != nil }, "no 3D case")
    let spacing = try #require(g3.spacingArray)
    #expect(g3.labels.dims == [g3.spatial[2], g3.spatial[1], g3.spatial[0]])
    #expect(g3.labels.spacing == spacing.reversed())
  }
}
