import Foundation
import RWDataset
import RWViewer
import Testing

@testable import RWCommands

/// Every case folder of `shared/data/real` and `Samples` opened as `rwview CASE_DIR` would (headless), with
/// the status line's world coordinates and axis codes checked against nibabel's readings.
@Suite struct E2ERealDataTests {
  struct NibabelReading: Decodable {
    var affine: [[Double]]
    var axcodes: String
    var shape: [Int]
  }

  /// nibabel's affine, axis codes and shape of each file (python3 + nibabel, computed here).
  static func nibabel(_ files: [String]) -> [String: NibabelReading]? {
    guard let py = E2ESupport.which("python3") else { return nil }
    let script = """
      import json, sys, nibabel as nib
      out = {}
      for f in sys.argv[1:]:
          im = nib.load(f)
          out[f] = {"affine": im.affine.tolist(), "axcodes": "".join(nib.aff2axcodes(im.affine)), "shape": list(im.shape)}
      print(json.dumps(out))
      """
    let r = E2ESupport.run(py, ["-c", script] + files)
    guard r.status == 0 else { return nil }
    return try? JSONDecoder().decode([String: NibabelReading].self, from: Data(r.out.utf8))
  }

  /// The folders of `shared/data/real` and of the package's `Samples`.
  static var cases: [String] {
    var roots = [E2ESupport.packageRoot.appendingPathComponent("Samples")]
    if let real = E2ESupport.shared?.appendingPathComponent("data/real") { roots.append(real) }
    return roots.flatMap { root -> [String] in
      let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
      return names.sorted().map { root.appendingPathComponent($0).path }.filter { p in
        var d: ObjCBool = false
        return FileManager.default.fileExists(atPath: p, isDirectory: &d) && d.boolValue
      }
    }
  }

  @Test func sharedRealCasesExist() {
    #expect(Self.cases.filter { $0.contains("/data/real/") }.count >= 3, "shared/data/real not found (set RWVIEW_SHARED)")
  }

  @Test(arguments: cases)
  func caseOpensWithNibabelWorldCoordinates(_ dir: String) throws {
    let found = try CaseDiscovery.find(in: dir)
    let image = try #require(found.images.first)
    let readings = try #require(Self.nibabel([image]), "python3 with nibabel is needed for this check")
    let nb = try #require(readings[image])
    var options = try ViewOptions.parse([dir])
    options.layers = found.labels == nil ? "image" : (found.prediction == nil ? "image,gt" : "image,gt,pred,error")
    let initial = try ViewSetup.initialState(options) { _ in }
    var s = RenderSetup.settledState(initial, cols: 120, rows: 40, caps: .full)
    #expect(s.fatalError == nil, "\(s.fatalError ?? "")")
    let grid = try #require(s.grid)
    #expect(grid.dims == Array(nb.shape.prefix(3)))
    let d = grid.dims
    let voxels = [[0, 0, 0], [d[0] - 1, 0, 0], [0, d[1] - 1, 0], [0, 0, d[2] - 1], [d[0] / 2, d[1] / 3, d[2] - 2]]
    for v in voxels {
      s.cursor = v
      let line = positionLine(s)
      let a = nb.affine
      let world = (0..<3).map { r in a[r][0] * Double(v[0]) + a[r][1] * Double(v[1]) + a[r][2] * Double(v[2]) + a[r][3] }
      let text = world.map { Self.oneDecimal($0) }.joined(separator: ",")
      #expect(line.contains("voxel (i,j,k)=(\(v[0]),\(v[1]),\(v[2]))  world (x,y,z)=(\(text)) mm  \(nb.axcodes)"),
              "\(line) vs nibabel \(text) \(nb.axcodes)")
    }
    // The axial pane's edges carry the letters nibabel's orientation implies.
    let frame = view(s)
    let m = try #require(s.mapping(.axial))
    #expect([m.leftLetter, m.rightLetter, m.topLetter, m.bottomLetter] == ["R", "L", "A", "P"])
    let sliceAxis = "ijk".map { String($0) }[m.sliceAxis]
    let sliceLetterAxis = nb.axcodes.firstIndex { $0 == "S" || $0 == "I" }.map { nb.axcodes.distance(from: nb.axcodes.startIndex, to: $0) }
    #expect(m.sliceAxis == sliceLetterAxis, "axial slices run along \(sliceAxis), nibabel says \(nb.axcodes)")
    #expect(frame.lines.contains { $0.hasPrefix("R") && $0.hasSuffix("L") || $0.contains("R█") || $0.contains("R▀") })
  }

  /// `x` with one decimal, as the status line prints it.
  static func oneDecimal(_ x: Double) -> String {
    let r = (abs(x) * 10).rounded()
    let neg = x < 0 && r != 0
    return (neg ? "-" : "") + "\(Int(r) / 10).\(Int(r) % 10)"
  }
}
