import Foundation
import RWTestSupport
import Testing

/// Issue 8.1 / 13.1–13.2, the cells `E2EFileEdgeTests.writersRefuseInputsAndSpecialFiles`,
/// `RenderCommandTests`, `StatsFileTests` and the RWSystem guard tests leave open: each writer
/// pointed at an input reached by a link (symbolic or hard), at a file a dataset run found, at
/// a folder, a FIFO and a device. Each is refused with one line, the input's bytes stay, no
/// temporary is left.
@Suite struct E2EOutputGuardMatrixTests {
  /// A phantom case and the destinations that must be refused, in a fresh folder.
  struct Setup {
    var dir: URL
    var img: String
    var gt: String
    var pred: String

    init() throws {
      dir = TemporaryDirectory.make("guard-matrix")
      (img, gt, pred) = try E2ESupport.writePhantom(in: dir)
      link("link-to-gt.nii.gz", gt, hard: false)
      link("hard-to-gt.nii.gz", gt, hard: true)
      link("link-to-pred.nii.gz", pred, hard: false)
      link("hard-to-pred.nii.gz", pred, hard: true)
      mkfifo(path("fifo.out"), 0o644)
      try FileManager.default.createDirectory(
        atPath: path("folder.out"), withIntermediateDirectories: false)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func link(_ name: String, _ to: String, hard: Bool) {
      if hard { Foundation.link(to, path(name)) } else { symlink(to, path(name)) }
    }

    /// The bytes of every regular file in the folder (links followed).
    func snapshot() -> [String: Data] {
      var r: [String: Data] = [:]
      for n in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] {
        r[n] = FileManager.default.contents(atPath: path(n))
      }
      return r
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }
  }

  /// Runs `args` (a writer aimed at `destination`) and checks the refusal.
  static func expectRefused(
    _ bin: String, _ s: Setup, _ args: [String], _ message: String, oneLine: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let before = s.snapshot()
    let r = ProcessRunner.run(bin, args)
    let errors = r.err.split(separator: "\n").filter {
      !$0.hasPrefix("rwview: warning: ") && !$0.hasPrefix("rwview: note: ")
    }
    #expect(r.status == 1, "\(args): \(r.err)", sourceLocation: sourceLocation)
    #expect(
      (errors.count == 1 || !oneLine) && (errors.last?.contains(message) ?? false),
      "\(args): \(r.err)",
      sourceLocation: sourceLocation)
    #expect(s.snapshot() == before, "\(args) changed a file", sourceLocation: sourceLocation)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: s.dir.path)) ?? []
    #expect(
      names.allSatisfy { !$0.contains("rwview-tmp") }, "\(names)", sourceLocation: sourceLocation)
  }

  @Test func mapsRefusesLinksToItsInputAFolderAndAFIFO() throws {
    let bin = try RWViewBinary.path()
    let s = try Setup()
    defer { s.remove() }
    let input = "refusing to overwrite an input file (it is \(s.gt))"
    for (dest, message) in [
      ("link-to-gt.nii.gz", input), ("hard-to-gt.nii.gz", input),
      ("folder.out", "is a folder"), ("fifo.out", "is a FIFO"),
    ] {
      Self.expectRefused(bin, s, ["maps", s.gt, "-o", s.path(dest)], message)
    }
    Self.expectRefused(bin, s, ["maps", s.gt, "-o", "/dev/null"], "is a character device")
  }

  @Test func renderRefusesLinksToADiscoveredInput() throws {
    let bin = try RWViewBinary.path()
    let s = try Setup()
    defer { s.remove() }
    // The folder is the case: the prediction is found, not named (the line naming what was
    // found comes before the refusal).
    for dest in ["link-to-pred.nii.gz", "hard-to-pred.nii.gz"] {
      Self.expectRefused(
        bin, s, ["render", s.dir.path, "--format", "png", "-o", s.path(dest)],
        "refusing to overwrite an input file (it is \(s.pred))", oneLine: false)
    }
    Self.expectRefused(
      bin, s, ["render", s.img, "--format", "png", "-o", "/dev/null"], "is a character device")
  }

  /// `stats --csv` over a dataset: the labels and predictions it found, links to them, a
  /// folder, a FIFO and a device.
  @Test func datasetStatsCSVRefusesFoundFilesAndSpecialFiles() throws {
    let bin = try RWViewBinary.path()
    let s = try Setup()
    defer { s.remove() }
    let root = Fixtures.path("nnunet")
    let data = s.dir.appendingPathComponent("data")
    try FileManager.default.copyItem(atPath: root, toPath: data.path)
    let labels = data.path + "/Dataset001_Mini/labelsTr/mini_001.nii.gz"
    let prediction = data.path + "/model_a/mini_002.nii.gz"
    symlink(prediction, s.path("link-to-found.csv"))
    Foundation.link(labels, s.path("hard-to-found.csv"))
    let run = ["stats", data.path + "/Dataset001_Mini", "--pred", data.path + "/model_a", "--csv"]
    for (dest, message) in [
      (labels, "refusing to overwrite an input file"),
      (prediction, "refusing to overwrite an input file"),
      (s.path("link-to-found.csv"), "refusing to overwrite an input file"),
      (s.path("hard-to-found.csv"), "refusing to overwrite an input file"),
      (s.path("folder.out"), "is a folder"), (s.path("fifo.out"), "is a FIFO"),
      ("/dev/null", "is a character device"),
    ] {
      let before = FileManager.default.contents(atPath: labels)
      let beforePred = FileManager.default.contents(atPath: prediction)
      // The dataset's problems ("mini_004: no prediction") are listed before the refusal.
      Self.expectRefused(bin, s, run + [dest], message, oneLine: false)
      #expect(FileManager.default.contents(atPath: labels) == before)
      #expect(FileManager.default.contents(atPath: prediction) == beforePred)
    }
  }

  /// A manifest's cases (its prediction column, no --pred): the manifest itself, the files it
  /// lists and links to them are inputs of `stats --csv`; a fresh name is written.
  @Test func datasetStatsCSVRefusesTheManifestAndWhatItLists() throws {
    let bin = try RWViewBinary.path()
    let s = try Setup()
    defer { s.remove() }
    let manifest = s.path("cases.csv")
    try "case,image,labels,prediction\nphantom,case_0000.nii.gz,case_gt.nii.gz,case_prob.nii.gz\n"
      .write(toFile: manifest, atomically: true, encoding: .utf8)
    let run = ["stats", manifest, "--csv"]
    for dest in [manifest, s.gt, s.pred, s.path("link-to-pred.nii.gz")] {
      Self.expectRefused(bin, s, run + [dest], "refusing to overwrite an input file")
    }
    let out = s.path("fresh.csv")
    let r = ProcessRunner.run(bin, run + [out])
    #expect(r.status == 0, "\(r.err)")
    let csv = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    #expect(csv.split(separator: "\n").count == 2 && csv.contains("phantom"), "\(csv)")
  }

  /// nnU-Net's dataset.json is read for the label names: `stats --csv` never writes over it.
  @Test func datasetStatsCSVRefusesDatasetJSON() throws {
    let bin = try RWViewBinary.path()
    let s = try Setup()
    defer { s.remove() }
    let data = s.dir.appendingPathComponent("data")
    try FileManager.default.copyItem(atPath: Fixtures.path("nnunet"), toPath: data.path)
    let json = data.path + "/Dataset001_Mini/dataset.json"
    let before = FileManager.default.contents(atPath: json)
    let r = ProcessRunner.run(
      bin,
      ["stats", data.path + "/Dataset001_Mini", "--pred", data.path + "/model_a", "--csv", json])
    #expect(r.status == 1 && r.err.contains("refusing to overwrite an input file"), "\(r.err)")
    #expect(FileManager.default.contents(atPath: json) == before)
  }
}
