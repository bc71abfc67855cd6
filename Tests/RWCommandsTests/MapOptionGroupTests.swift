import ArgumentParser
import Foundation
import RWLoss
import RWTestSupport
import RWViewer
import Testing

@testable import RWCommands

/// One map option group for `maps`, `stats`, `view` and `render`; one table of map kinds;
/// repeated single-value options refused by one mechanism.
@Suite struct MapOptionGroupTests {
  static let mapArgs = [
    "--map", "boundary-kervadec", "--geometry", "3d", "--spacing", "mm", "--int32",
  ]
  static let expected = MapOptions(
    kind: .boundaryKervadec, geometry: .volume, units: .mm, int32: true)

  /// Every command parses the map options into the same `MapOptions`, and the viewer's state
  /// holds that value (not strings).
  @Test func everyCommandGetsTheSameMapOptions() throws {
    let maps = try MapsCommand.parse(["l.nii", "-o", "o.nii"] + Self.mapArgs)
    let stats = try StatsCommand.parse(["--gt", "g.nii", "--pred", "p.nii"] + Self.mapArgs)
    let view = try ViewCommand.parse(["i.nii"] + Self.mapArgs)
    let render = try RenderCommand.parse(["i.nii"] + Self.mapArgs)
    #expect(try maps.mapOptions.mapOptions() == Self.expected)
    #expect(try stats.mapOptions.mapOptions() == Self.expected)
    #expect(try view.options.mapOptions.mapOptions() == Self.expected)
    #expect(try render.options.mapOptions.mapOptions() == Self.expected)
    let dir = try TemporaryDirectory.create("mapopts")
    defer { try? FileManager.default.removeItem(at: dir) }
    let img = dir.appendingPathComponent("i.nii").path
    let gt = dir.appendingPathComponent("g.nii").path
    for p in [img, gt] { FileManager.default.createFile(atPath: p, contents: Data([0])) }
    let o = try ViewCommand.parse([
      img, "--gt", gt, "--map", "wce", "--weights", "1,2.5,4", "--axis", "j", "--classes", "3",
    ])
    let s = try ViewSetup.initialState(o.options) { _ in }
    #expect(
      s.mapOptions == MapOptions(kind: .wce, geometry: .slices(axis: .j), weights: [1, 2.5, 4]))
    #expect(s.classes == 3 && s.classCount == 3 && s.visible.map)
  }

  /// The same validation and message everywhere (the viewer used to drop empty list items
  /// and cap --classes at 4096, `maps` neither).
  @Test func sameValidationForEveryCommand() throws {
    let cases: [([String], String)] = [
      (
        ["--weights", "1,,2"],
        "--weights: '' is not a finite float32 number (comma-separated, at most 3.4e38)"
      ),
      (
        ["--weights", "1e39,1"],
        "--weights: '1e39' is not a finite float32 number (comma-separated, at most 3.4e38)"
      ),
      (
        ["--ratio", "0.9,inf"],
        "--ratio: 'inf' is not a finite float32 number (comma-separated, at most 3.4e38)"
      ),
      (["--classes", "0"], "--classes: expected 1 to 65536, got 0"),
      (["--axis", "q"], "--axis: expected i, j or k, got q"),
      (["--geometry", "4d"], "--geometry: expected 2d or 3d, got 4d"),
      (["--spacing", "cm"], "--spacing: expected voxel or mm, got cm"),
      (
        ["--map", "nope"],
        "--map: unknown map nope (one of rrw, rw-ac, boundary, boundary-kervadec, wce, rrw-ci)"
      ),
    ]
    for (args, message) in cases {
      let groups = [
        try MapsCommand.parse(["l.nii", "-o", "o.nii"] + args).mapOptions,
        try StatsCommand.parse(["--gt", "g", "--pred", "p"] + args).mapOptions,
        try ViewCommand.parse(["i.nii"] + args).options.mapOptions,
        try RenderCommand.parse(["i.nii"] + args).options.mapOptions,
      ]
      for g in groups {
        #expect(
          throws: OptionError(
            String(message.prefix { $0 != ":" }), String(message.drop { $0 != ":" }.dropFirst(2)))
        ) {
          try g.mapOptions()
        }
      }
    }
  }

  /// `--weights 1e39` wrote inf into the map: refused by the options and by the loss core.
  @Test func weightsMustBeFiniteFloat32() throws {
    let lv = try LabelVolume(dims: [2, 1, 1], labels: [0, 1])
    #expect(throws: RWLossError("weights", "1e+39 is not a finite float32 number (at most 3.4e38)"))
    {
      try MapEngine(labels: lv, options: MapOptions(kind: .wce, weights: [1e39, 1]))
    }
    #expect(throws: RWLossError("ratio", "-inf is not a finite float32 number (at most 3.4e38)")) {
      try MapEngine(labels: lv, options: MapOptions(kind: .rrwCI, ratio: [0.5, -.infinity]))
    }
    // The loss core's message names the option on the command line.
    #expect(
      commandLineText(RWLossError("weights", "needs one weight per class (3), got 2"))
        == "--weights: needs one weight per class (3), got 2")
    // The largest float32 is fine and is written as is.
    let ok = try MapEngine(labels: lv, options: MapOptions(kind: .wce, weights: [3.4e38, 1]))
    #expect(try ok.channel(class: 0) == [-3.4e38, 0])
  }

  /// One table: the listed kinds in help, key cycles and messages; the hd-* extensions only by name.
  @Test func oneTableOfMapKinds() throws {
    #expect(MapKind.listed == [.rrw, .rwAC, .boundary, .boundaryKervadec, .wce, .rrwCI])
    #expect(
      MapOptionGroup.mapHelp
        == "Region-wise map: rrw, rw-ac, boundary, boundary-kervadec, wce, rrw-ci (default rrw).")
    #expect(!MapOptionGroup.kindList.contains("hd-"))
    #expect(MapOptionGroup.kindList.split(separator: "\n").count == 6)
    let help = MapsCommand.helpMessage(columns: 200)
    #expect(help.contains("rrw-ci: class-imbalance RRW") && !help.contains("hd-dtm"))
    #expect(try MapOptionGroup.parse(["--map", "hd-dtm"]).mapOptions().kind == .hdDTM)
    // The table drives the engine and the viewer's badges.
    for k in MapKind.allCases {
      #expect(k.info.name == k.rawValue)
      #expect(
        k.info.isUnbounded == [.boundary, .boundaryKervadec, .hdDTM, .hdUnsigned].contains(k))
      #expect(k.info.hasClosedFormLoss == [.rrw, .rrwCI, .rwAC, .wce, .hdDTM].contains(k))
    }
  }

  /// `--pred a --pred b` is an error for every command (ArgumentParser keeps the last).
  @Test func repeatedSingleValueOptionsAreRefused() {
    func problem(_ args: [String]) -> String? {
      RepeatedOptions.problem(in: args, root: RWView.self)
    }
    #expect(
      problem(["stats", "--gt", "g", "--pred", "a", "--pred", "b"])
        == "--pred: given 2 times ('a', 'b'); give it once")
    #expect(
      problem(["img.nii", "--pred", "a", "--pred=b"])
        == "--pred: given 2 times ('a', 'b'); give it once")
    #expect(
      problem(["view", "img.nii", "--map", "rrw", "--map", "wce"])
        == "--map: given 2 times ('rrw', 'wce'); give it once")
    #expect(
      problem(["render", "i", "-o", "a.png", "--output", "b.png"])
        == "--output: given 2 times ('a.png', 'b.png'); give it once")
    #expect(
      problem(["maps", "l", "--weights", "1,2", "--weights", "3,4", "-o", "x"])
        == "--weights: given 2 times ('1,2', '3,4'); give it once")
    #expect(problem(["info", "a.nii", "b.nii"]) == nil)
    #expect(problem(["stats", "--gt", "g", "--pred", "p", "--map", "rrw"]) == nil)
    // After `--` everything is positional.
    #expect(problem(["img.nii", "--gt", "a", "--", "--gt"]) == nil)
  }

  /// The real binary: one line, usage status.
  @Test func repeatedOptionInTheBinary() throws {
    let bin = try RWViewBinary.path()
    let r = ProcessRunner.run(bin, ["stats", "--gt", "g.nii", "--gt", "h.nii", "--pred", "p.nii"])
    #expect(r.status == 64)
    #expect(r.err == "rwview: --gt: given 2 times ('g.nii', 'h.nii'); give it once\n")
  }
}
