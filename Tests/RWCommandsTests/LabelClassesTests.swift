import Foundation
import RWLoss
import RWReport
import RWViewer
import RWVolume
import Testing

@testable import RWCommands

/// Label values that are not 0..K-1 (FreeSurfer's aseg, atlases): a table, `--remap auto`, or
/// a clear error; the truth and a label-map prediction mapped alike; K-sized memory checked.
@Suite struct LabelClassesTests {
  static let grid = VoxelGrid(dims: [6, 1, 1], spacing: [1, 1, 1], affine: .identity)
  static let asegValues: [Float] = [0, 0, 2, 41, 1001, 2035]
  static let predValues: [Float] = [0, 2, 2, 41, 1001, 0]

  static func volume(_ v: [Float]) -> Volume { Volume(grid: grid, shape: [6, 1, 1], data: v) }

  static func run(
    _ gt: [Float], _ pred: [Float], table: LabelTable? = nil, remap: Bool = false,
    classes: Int? = nil
  ) throws -> StatsRunner.Result {
    try StatsRunner.run(
      gt: volume(gt), gtPath: "gt.nii", pred: volume(pred), predPath: "pred.nii", forced: nil,
      classes: classes, options: MapOptions(), labelTable: table, remap: remap)
  }

  /// Without a table or --remap, sparse large values are one line saying what to give (they
  /// made K = max + 1 = 2036 classes before).
  @Test func sparseValuesAreAnError() {
    #expect(
      throws: RWLossError(
        "gt.nii",
        "label values up to 2035 (5 present) are not class indices 0..K-1: give a label table (--labels FILE, or dataset.json beside the data), --remap auto, or --classes K if they are indices"
      )
    ) {
      try Self.run(Self.asegValues, Self.predValues)
    }
  }

  /// --remap auto: sorted present values are classes 0..4, for the truth and the label-map
  /// prediction alike; the numbers are those of the same data written as 0..4.
  @Test func remapAutoEqualsTheIndexedData() throws {
    let r = try Self.run(Self.asegValues, Self.predValues, remap: true)
    let indexed = try Self.run([0, 0, 1, 2, 3, 4], [0, 1, 1, 2, 3, 0])
    #expect(r.report.total == indexed.report.total && r.report.perClass == indexed.report.perClass)
    #expect("\(r.report.metrics)" == "\(indexed.report.metrics)")
    #expect(r.context.classes.map(\.value) == [0, 2, 41, 1001, 2035])
    #expect(
      r.context.notes.contains(
        "gt.nii: label values remapped to classes: 0→0, 2→1, 41→2, 1001→3, 2035→4"))
    let classes = try #require(r.json["classes"]?.arrayValue)
    #expect(classes.map { $0["value"]?.doubleValue } == [0, 2, 41, 1001, 2035])
    #expect(r.report.metrics[1].tp == 1 && r.report.metrics[1].fp == 1)
  }

  /// A table maps the present values in its order and names the classes.
  @Test func tableOrderAndNames() throws {
    let lut = try LabelTable.parse(
      "0 Unknown 0 0 0 0\n2035 ctx-rh-insula 1 1 1 0\n2 Left-WM 2 2 2 0\n3 Left-Cortex 3 3 3 0\n"
        + "41 Right-WM 4 4 4 0\n1001 ctx-lh-bankssts 5 5 5 0\n", source: "aseg.lut")
    let r = try Self.run(Self.asegValues, Self.predValues, table: lut)
    #expect(r.context.classes.map(\.value) == [0, 2035, 2, 41, 1001])
    #expect(
      r.context.classes.map(\.name) == [
        "Unknown", "ctx-rh-insula", "Left-WM", "Right-WM", "ctx-lh-bankssts",
      ])
    let names = try #require(r.json["classes"]?.arrayValue).map { $0["name"]?.stringValue }
    #expect(names == ["Unknown", "ctx-rh-insula", "Left-WM", "Right-WM", "ctx-lh-bankssts"])
    // Class 1 is 2035: one voxel in the truth, none predicted.
    #expect(r.report.metrics[1].fn == 1 && r.report.metrics[1].tp == 0)
    let text = StatsText.table(r.report, context: r.context)
    #expect(text.contains("ctx-rh-insula") && text.contains(" 2035"))
  }

  /// Small or dense values stay class indices (a case may lack some of a dataset's classes).
  @Test func indicesStayIndices() throws {
    let r = try Self.run([0, 0, 2, 2, 5, 5], [0, 2, 2, 2, 5, 0])
    #expect(r.report.perClass.count == 6 && r.context.classes.map(\.value) == [0, 1, 2, 3, 4, 5])
    #expect(
      LabelMapping.looksLikeIndices(present: Array(0..<60).filter { $0 % 5 == 0 }.map { Int32($0) })
    )
    #expect(!LabelMapping.looksLikeIndices(present: [0, 2, 41, 1001]))
  }

  /// dataset.json beside the labels names the classes (and gives K); a broken one is a warning.
  @Test func datasetJSONBesideTheLabels() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "rwview-labels-\(getpid())")
    let labelsTr = dir.appendingPathComponent("labelsTr")
    try FileManager.default.createDirectory(at: labelsTr, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let gt = labelsTr.appendingPathComponent("case.nii.gz").path
    try Data(#"{"labels": {"background": 0, "liver": 1, "tumour": 2}}"#.utf8)
      .write(to: dir.appendingPathComponent("dataset.json"))
    let (table, warning) = LabelCommandSetup.table(nil, near: gt)
    #expect(warning == nil && table?.source == dir.appendingPathComponent("dataset.json").path)
    let r = try Self.run([0, 0, 1, 1, 0, 0], [0, 1, 1, 1, 0, 0], table: table)
    #expect(
      r.report.perClass.count == 3
        && r.context.classes.map(\.name) == ["background", "liver", "tumour"])
    try Data("{ not json".utf8).write(to: dir.appendingPathComponent("dataset.json"))
    let (broken, w) = LabelCommandSetup.table(nil, near: gt)
    #expect(broken == nil && w?.hasSuffix("; labels are unnamed") == true)
    let (missing, w2) = LabelCommandSetup.table(
      dir.appendingPathComponent("nope.txt").path, near: gt)
    #expect(
      missing == nil
        && w2
          == "\(dir.appendingPathComponent("nope.txt").path): cannot read the label file; labels are unnamed"
    )
  }

  /// An atlas with values up to 1605 (200 present): `maps` and `stats` size K by the classes
  /// present (200), never by the largest value (1606 channels, a 1606-row table before).
  @Test func atlasUpTo1605HasItsPresentClasses() throws {
    var values: [Float] = [0]
    for i in 1..<200 { values.append(Float(1605 - 8 * (i - 1))) }
    let n = 400
    let grid = VoxelGrid(dims: [n, 1, 1], spacing: [1, 1, 1], affine: .identity)
    let data = (0..<n).map { values[$0 % 200] }
    let vol = Volume(grid: grid, shape: [n, 1, 1], data: data)
    #expect(throws: RWLossError.self) {
      _ = try MapsRunner.classes(vol, path: "atlas.nii", classes: nil, table: nil, remap: false)
    }
    let (lv, note) = try MapsRunner.classes(
      vol, path: "atlas.nii", classes: nil, table: nil, remap: true)
    #expect(lv.classCount == 200 && lv.labels[0] == 0 && lv.labels[1] == 199)
    #expect(note?.hasPrefix("atlas.nii: label values remapped to classes: 0→0, 21→1, 29→2") == true)
    let maps = try MapsRunner.mapVolume(labels: lv, grid: grid, options: MapOptions())
    #expect(maps.shape == [n, 1, 1, 200])
    let r = try StatsRunner.run(
      gt: vol, gtPath: "atlas.nii", pred: vol, predPath: "pred.nii", forced: nil, classes: nil,
      options: MapOptions(), remap: true)
    #expect(r.report.perClass.count == 200 && r.context.classes.last?.value == 1605)
    #expect(r.report.metrics.allSatisfy { $0.fp == 0 && $0.fn == 0 })
    let lines = StatsText.table(r.report, context: r.context).split(
      separator: "\n", omittingEmptySubsequences: false)
    let head = try #require(lines.firstIndex { $0.hasPrefix("class value") })
    let classRows = lines[(head + 1)...].prefix { !$0.isEmpty }
    #expect(classRows.count == 200 && classRows.last?.hasPrefix("  199  1605") == true)
  }

  /// An unreadable label file is a warning in the viewer's setup, not a failed command; the
  /// index-name and CSV forms load.
  @Test func viewerLabelFileWarnsAndLoadsEveryForm() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "rwview-lut-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let img = dir.appendingPathComponent("img.nii").path
    FileManager.default.createFile(atPath: img, contents: Data([0]))
    var said: [String] = []
    let missing = dir.appendingPathComponent("none.txt").path
    let s = try ViewSetup.initialState(try ViewCommand.parse([img, "--labels", missing]).options) {
      said.append($0)
    }
    #expect(said == ["rwview: warning: \(missing): cannot read the label file; labels are unnamed"])
    #expect(s.labelTable.entries.isEmpty)
    let csv = dir.appendingPathComponent("l.csv").path
    try Data("index,name\n1,liver\n".utf8).write(to: URL(fileURLWithPath: csv))
    let t = try ViewSetup.initialState(try ViewCommand.parse([img, "--labels", csv]).options) { _ in
    }
    #expect(t.labelTable.name(1) == "liver")
  }
}
