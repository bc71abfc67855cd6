import Foundation
import RWDataset
import RWTestSupport
import RWViewer
import Testing

@testable import RWCommands

/// Every case folder of `Tests/Fixtures/real` and `Samples` opened as `rwview CASE_DIR` would
/// (headless), with the status line's world coordinates and axis codes checked against
/// nibabel's committed readings.
@Suite struct E2ERealDataTests {
  struct NibabelReading: Decodable {
    var affine: [[Double]]
    var axcodes: String
    var shape: [Int]
  }

  /// nibabel's readings of every image under `Samples` and `Tests/Fixtures/real`, keyed by
  /// path relative to the package root (`Tests/Fixtures/real/make_readings.py`, venv).
  static func nibabel() throws -> [String: NibabelReading] {
    struct File: Decodable { var files: [String: NibabelReading] }
    return try JSONDecoder().decode(
      File.self, from: Fixtures.data("real/nibabel-readings.json")
    ).files
  }

  /// nibabel's reading of the file at absolute `path`, or a failure naming it.
  static func nibabel(_ path: String) throws -> NibabelReading {
    let root = Fixtures.packageRoot.path + "/"
    let rel = path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    guard let r = try nibabel()[rel] else {
      throw TestFailure(
        "no nibabel reading of \(rel); run Tests/Fixtures/real/make_readings.py with the venv")
    }
    return r
  }

  /// The folders of `Tests/Fixtures/real` and of the package's `Samples`.
  static var cases: [String] {
    [Fixtures.samples, Fixtures.url("real")].flatMap { root -> [String] in
      let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
      return names.sorted().map { root.appendingPathComponent($0).path }.filter { p in
        var d: ObjCBool = false
        return FileManager.default.fileExists(atPath: p, isDirectory: &d) && d.boolValue
      }
    }
  }

  @Test func realCasesExist() {
    let real = Self.cases.filter { $0.hasPrefix(Fixtures.path("real") + "/") }
    #expect(real.count >= 3, "fewer than 3 case folders in \(Fixtures.path("real"))")
  }

  @Test(arguments: cases)
  func caseOpensWithNibabelWorldCoordinates(_ dir: String) throws {
    let found = try CaseDiscovery.find(in: dir)
    let image = try #require(found.images.first)
    let nb = try Self.nibabel(image)
    var options = try ViewOptions.parse([dir])
    options.layers =
      found.labels == nil ? "image" : (found.prediction == nil ? "image,gt" : "image,gt,pred,error")
    let initial = try ViewSetup.initialState(options) { _ in }
    var s = RenderSetup.settledState(initial, cols: 120, rows: 40, caps: .full)
    #expect(s.fatalError == nil, "\(s.fatalError ?? "")")
    let grid = try #require(s.grid)
    #expect(grid.dims == Array(nb.shape.prefix(3)))
    let d = grid.dims
    let voxels = [
      [0, 0, 0], [d[0] - 1, 0, 0], [0, d[1] - 1, 0], [0, 0, d[2] - 1],
      [d[0] / 2, d[1] / 3, d[2] - 2],
    ]
    for v in voxels {
      s.cursor = v
      let line = positionLine(s)
      let a = nb.affine
      let world = (0..<3).map { r in
        a[r][0] * Double(v[0]) + a[r][1] * Double(v[1]) + a[r][2] * Double(v[2]) + a[r][3]
      }
      let text = world.map { Self.oneDecimal($0) }.joined(separator: ",")
      #expect(
        line.contains(
          "voxel (i,j,k)=(\(v[0]),\(v[1]),\(v[2]))  world (x,y,z)=(\(text)) mm  \(nb.axcodes)"),
        "\(line) vs nibabel \(text) \(nb.axcodes)")
    }
    // The axial pane's edges carry the letters nibabel's orientation implies.
    let frame = view(s)
    let m = try #require(s.mapping(.axial))
    #expect([m.leftLetter, m.rightLetter, m.topLetter, m.bottomLetter] == ["R", "L", "A", "P"])
    let sliceAxis = "ijk".map { String($0) }[m.sliceAxis]
    let sliceLetterAxis = nb.axcodes.firstIndex { $0 == "S" || $0 == "I" }.map {
      nb.axcodes.distance(from: nb.axcodes.startIndex, to: $0)
    }
    #expect(
      m.sliceAxis == sliceLetterAxis,
      "axial slices run along \(sliceAxis), nibabel says \(nb.axcodes)")
    #expect(
      frame.lines.contains {
        $0.hasPrefix("R") && $0.hasSuffix("L") || $0.contains("R█") || $0.contains("R▀")
      })
  }

  /// `x` with one decimal, as the status line prints it.
  static func oneDecimal(_ x: Double) -> String {
    let r = (abs(x) * 10).rounded()
    let neg = x < 0 && r != 0
    return (neg ? "-" : "") + "\(Int(r) / 10).\(Int(r) % 10)"
  }
}
