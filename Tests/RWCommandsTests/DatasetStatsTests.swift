import Foundation
import RWDataset
import RWLoss
import RWNIfTI
import RWTestSupport
import Testing

@testable import RWCommands

/// `rwview stats` over the nnU-Net fixture dataset (Tests/Fixtures/nnunet, written by numpy and
/// nibabel): per-case equality with single-case stats, summary, ranking, shards, comparison.
@Suite struct DatasetStatsTests {
  static let root = Fixtures.path("nnunet")
  static let labels = root + "/Dataset001_Mini/labelsTr"
  static let settings = DatasetStatsRunner.Settings(
    options: MapOptions(kind: .rrw), budget: 1 << 30, workers: 2)

  static func dataset(_ model: String = "model_a") throws -> Dataset {
    try DatasetDiscovery.pairs(
      root: root + "/Dataset001_Mini", labels: nil, images: nil, predictions: root + "/" + model)
  }

  static func run(_ ds: Dataset, b: Dataset? = nil) -> DatasetStatsRunner.Outcome {
    DatasetStatsRunner.run(
      cases: ds.cases, b: b.map { Dictionary(uniqueKeysWithValues: $0.cases.map { ($0.id, $0) }) },
      settings: settings)
  }

  /// Single-case `stats --json` of two files, as JSON (slices left out).
  static func single(gt: String, pred: String) throws -> JSONValue {
    let (g, _) = try NIfTI.loadVolume(path: gt)
    let (p, _) = try CaseFiles.loadVolume(path: pred, reference: gt)
    let r = try StatsRunner.run(
      gt: g, gtPath: gt, pred: p, predPath: pred, forced: nil, classes: nil,
      options: MapOptions(kind: .rrw))
    guard case .object(let m) = try JSONValue.parse(r.json.text) else {
      throw DatasetError("x", "not an object")
    }
    return .object(m.filter { !["slices", "inputs", "options"].contains($0.0) })
  }

  @Test func discoveryListsTheMissingAndTheExtraCase() throws {
    let ds = try Self.dataset()
    #expect(ds.cases.map(\.id) == ["mini_001", "mini_002", "mini_003", "mini_004"])
    #expect(ds.case("mini_001")?.prediction == Self.root + "/model_a/mini_001.npz")
    #expect(ds.case("mini_001")?.predictionSegmentation == Self.root + "/model_a/mini_001.nii.gz")
    #expect(ds.problems(.noPrediction).map(\.subject) == ["mini_004"])
    #expect(
      ds.problems(.unmatched).map(\.subject)
        == ["mini_099.nii.gz", "mini_099.npz"].map { Self.root + "/model_a/" + $0 })
    #expect(ds.labelFile == Self.root + "/Dataset001_Mini/dataset.json")
  }

  /// Each case's numbers are exactly single-case `stats` on the same files, and on the same
  /// float16 probabilities stored as an (x, y, z, C) NIfTI (the .npz axis order end to end).
  @Test func perCaseNumbersEqualSingleCaseStats() throws {
    let out = Self.run(try Self.dataset())
    #expect(out.failed.isEmpty && !out.cancelled)
    #expect(out.cases.map(\.id).sorted() == ["mini_001", "mini_002", "mini_003"])
    for c in out.cases {
      let gt = Self.labels + "/\(c.id).nii.gz"
      #expect(
        c.report == (try Self.single(gt: gt, pred: Self.root + "/model_a/\(c.id).npz")), "\(c.id)")
      #expect(
        c.report == (try Self.single(gt: gt, pred: Self.root + "/probs_nifti_a/\(c.id).nii.gz")),
        "\(c.id)")
      #expect(c.number("total.rw_sum") != nil && c.number("metrics.2.hd95") != nil)
    }
  }

  @Test func summaryHoldsMeanMedianAndWorst() throws {
    let doc = DatasetStatsDocument(cases: Self.run(try Self.dataset()).cases)
    let dice = try ["mini_001", "mini_002", "mini_003"].map { id in
      try #require(
        try Self.single(gt: Self.labels + "/\(id).nii.gz", pred: Self.root + "/model_a/\(id).npz")[
          "metrics"]?
          .arrayValue?[1]["dice"]?.doubleValue)
    }
    let s = try #require(doc.json["summary"]?["metrics.1.dice"])
    #expect(s["mean"]?.doubleValue == dice.reduce(0, +) / 3)
    #expect(s["median"]?.doubleValue == dice.sorted()[1])
    #expect(s["worst"]?.doubleValue == dice.min())
    #expect(
      s["worst_case"]?.stringValue
        == ["mini_001", "mini_002", "mini_003"][dice.firstIndex(of: dice.min()!)!])
    #expect(s["n"] == .int(3))
    #expect(doc.json["summary"]?["cases"] == .int(3))
  }

  @Test func rankingPutsTheWorstFirst() throws {
    let cases = Self.run(try Self.dataset()).cases
    let byDice = try CaseRanking("dice:2").rank(cases)
    let d = byDice.map { $0.1! }
    #expect(d == d.sorted())
    let byExcess = try CaseRanking("rw_excess").rank(cases)
    let e = byExcess.map { $0.1! }
    #expect(e == e.sorted(by: >))
    for (c, v) in byExcess {
      #expect(v == c.number("total.rw_sum")! - c.number("total.lowest_rw_sum")!)
    }
    #expect(throws: DatasetError.self) { try CaseRanking("dice:x") }
    let text = DatasetStatsText.table(
      DatasetStatsDocument(cases: cases), ranking: try CaseRanking("dice:2"), top: 2)
    let rows = text.split(separator: "\n").map(String.init)
    #expect(rows[0] == "3 cases, ranked by dice:2, worst first")
    #expect(rows[2].hasPrefix(byDice[0].0.id) && rows[3].hasPrefix(byDice[1].0.id))
    #expect(rows[4] == "… 1 more (--top N, --json, --csv FILE)")
  }

  /// Shards 1/2 and 2/2 written as JSON, read back and merged, are one run to the byte.
  @Test func shardsMergeToOneRun() throws {
    let ds = try Self.dataset()
    let cases = ds.cases.filter { $0.prediction != nil }
    let labels: [(Int, String)] = [(0, "background"), (1, "liver"), (2, "tumour")]
    let problems = ds.problems.map(\.description)
    let whole = DatasetStatsDocument(cases: Self.run(ds).cases, labels: labels, problems: problems)
    var parts: [(path: String, doc: DatasetStatsDocument)] = []
    for i in [2, 1] {
      let sub = DatasetStatsDocument.Shard.select(cases, id: \.id, index: i, count: 2)
      let out = DatasetStatsRunner.run(cases: sub, settings: Self.settings)
      let doc = DatasetStatsDocument(
        cases: out.cases, labels: labels, problems: problems,
        shard: .init(index: i, count: 2, total: cases.count))
      let text = doc.json.text
      parts.append(
        (
          "s\(i).json",
          try DatasetStatsDocument(json: try JSONValue.parse(text), source: "s\(i).json")
        ))
    }
    #expect(parts.map { $0.doc.cases.map(\.id) } == [["mini_002"], ["mini_001", "mini_003"]])
    let merged = try DatasetStatsDocument.merge(parts)
    #expect(merged.json.text == whole.json.text)
    #expect(throws: DatasetError("--merge", "missing shard 1/2")) {
      try DatasetStatsDocument.merge([parts[0]])
    }
    #expect(throws: DatasetError("s2.json", "is shard 2/2 again (also s2.json)")) {
      try DatasetStatsDocument.merge([parts[0], parts[0]])
    }
    #expect(throws: DatasetError("w", "is not a shard (written without --shard I/N)")) {
      try DatasetStatsDocument.merge([("w", whole)])
    }
  }

  @Test func comparisonAddsDeltas() throws {
    let out = Self.run(try Self.dataset(), b: try Self.dataset("model_b"))
    #expect(out.cases.count == 3)
    for c in out.cases {
      let b = try Self.single(
        gt: Self.labels + "/\(c.id).nii.gz", pred: Self.root + "/model_b/\(c.id).npz")
      #expect(c.reportB == b)
      let a = try #require(c.number("total.rw_sum"))
      let bs = try #require(b["total"]?["rw_sum"]?.doubleValue)
      #expect(c.deltas.first { $0.0 == "total.rw_sum" }?.1 == bs - a)
      #expect(c.json["delta"]?["metrics.2.dice"] != nil && c.json["b"] == b)
    }
    let doc = DatasetStatsDocument(cases: out.cases)
    #expect(doc.json["summary_b"] != nil)
    let back = try DatasetStatsDocument(json: try JSONValue.parse(doc.json.text), source: "x")
    #expect(back.json.text == doc.json.text)
  }

  @Test func csvHasOneRowPerCase() throws {
    let doc = DatasetStatsDocument(cases: Self.run(try Self.dataset()).cases)
    let lines = DatasetStatsText.csv(doc).split(separator: "\n").map(String.init)
    #expect(lines.count == 4)
    let header = lines[0].split(separator: ",").map(String.init)
    #expect(
      header.first == "case" && header.contains("total.rw_sum") && header.contains("metrics.2.hd95")
    )
    let i = try #require(header.firstIndex(of: "total.rw_sum"))
    let row = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    #expect(row[0] == doc.cases[0].id && Double(row[i]) == doc.cases[0].number("total.rw_sum"))
  }

  /// The real binary: the dataset root with a predictions folder, JSON and CSV out, and a
  /// shard + merge through files.
  @Test func commandLine() throws {
    let exe = try RWViewBinary.path()
    let tmp = TemporaryDirectory.make("dsstats")
    defer { try? FileManager.default.removeItem(at: tmp) }
    let csv = tmp.appendingPathComponent("cases.csv").path
    let r = ProcessRunner.run(
      exe,
      [
        "stats", Self.root + "/Dataset001_Mini", "--pred", Self.root + "/model_a", "--json",
        "--csv", csv,
      ])
    #expect(r.status == 0, "\(r.err)")
    let doc = try DatasetStatsDocument(json: try JSONValue.parse(r.out), source: "stdout")
    #expect(doc.cases.map(\.id) == ["mini_001", "mini_002", "mini_003"])
    #expect(doc.labels.map(\.1) == ["background", "liver", "tumour"])
    #expect(r.err.contains("mini_004: no prediction in"))
    #expect((try? String(contentsOfFile: csv, encoding: .utf8))?.split(separator: "\n").count == 4)
    var files: [String] = []
    for i in 1...2 {
      let s = ProcessRunner.run(
        exe, ["stats", "--gt", Self.labels, "--pred", Self.root + "/model_a", "--shard", "\(i)/2"])
      #expect(s.status == 0, "\(s.err)")
      let f = tmp.appendingPathComponent("shard\(i).json").path
      FileManager.default.createFile(atPath: f, contents: Data(s.out.utf8))
      files.append(f)
    }
    let m = ProcessRunner.run(exe, ["stats", "--json", "--merge"] + files)
    #expect(m.status == 0, "\(m.err)")
    #expect(m.out == r.out)
    let bad = ProcessRunner.run(
      exe, ["stats", "--gt", Self.labels, "--pred", Self.root + "/nowhere"])
    #expect(bad.status == 1 && bad.err == "rwview: \(Self.root)/nowhere: no such folder\n")
  }

  /// Cancelling (Ctrl-C sets the flag) stops before the next case; what finished is kept.
  @Test func cancellingKeepsWhatFinished() throws {
    let ds = try Self.dataset()
    let once = Interrupt()
    var oneAtATime = Self.settings
    oneAtATime.workers = 1
    oneAtATime.budget = 1  // below one case: still runs, one at a time
    let out = DatasetStatsRunner.run(
      cases: ds.cases, settings: oneAtATime, progress: { done, _ in if done == 1 { once.set() } },
      isCancelled: { once.isSet })
    #expect(out.cancelled && out.cases.map(\.id) == ["mini_001"])
  }

  @Test func progressBarText() {
    #expect(ProgressBar.text(done: 0, total: 4, elapsed: 0, width: 8) == "[--------] 0/4 cases")
    #expect(
      ProgressBar.text(done: 2, total: 4, elapsed: 4, width: 8)
        == "[####----] 2/4 cases  0.50/s  ETA 4s")
    // Single-case stats counts percent of its work, with the seconds so far.
    #expect(
      ProgressBar.percentText(done: 45, total: 100, elapsed: 3.7, width: 8) == "[###-----] 45%  3s")
    #expect(
      ProgressBar.percentText(done: 120, total: 100, elapsed: 0, width: 4) == "[####] 100%  0s")
  }

  /// A MONAI-style tree made from the fixture files: a labels folder of four cases and
  /// SaveImage output with label maps in a CASE/ subfolder and flat, a probability NIfTI
  /// (`_prob`), one case missing (mini_004) and one extra (mini_099). Each case equals
  /// single-case stats on the original files.
  @Test func monaiTree() throws {
    let tmp = TemporaryDirectory.make("monai")
    defer { try? FileManager.default.removeItem(at: tmp) }
    let fm = FileManager.default
    for d in ["labels", "out/mini_001"] {
      try fm.createDirectory(at: tmp.appendingPathComponent(d), withIntermediateDirectories: true)
    }
    for id in ["mini_001", "mini_002", "mini_003", "mini_004"] {
      try fm.copyItem(
        atPath: Self.labels + "/\(id).nii.gz", toPath: tmp.path + "/labels/\(id).nii.gz")
    }
    let files = [
      ("model_b/mini_001.nii.gz", "out/mini_001/mini_001_seg.nii.gz"),
      ("model_b/mini_002.nii.gz", "out/mini_002_seg.nii.gz"),
      ("probs_nifti_a/mini_003.nii.gz", "out/mini_003_prob.nii.gz"),
      ("model_b/mini_099.nii.gz", "out/mini_099_seg.nii.gz"),
    ]
    for (from, to) in files {
      try fm.copyItem(atPath: Self.root + "/" + from, toPath: tmp.path + "/" + to)
    }
    let ds = try DatasetDiscovery.pairs(
      root: nil, labels: tmp.path + "/labels", images: nil, predictions: tmp.path + "/out")
    #expect(ds.problems(.noPrediction).map(\.subject) == ["mini_004"])
    #expect(ds.problems(.unmatched).map(\.subject) == [tmp.path + "/out/mini_099_seg.nii.gz"])
    #expect(ds.case("mini_003")?.prediction == tmp.path + "/out/mini_003_prob.nii.gz")
    let out = Self.run(ds)
    #expect(out.cases.map(\.id).sorted() == ["mini_001", "mini_002", "mini_003"])
    for c in out.cases {
      let pred = try #require(ds.case(c.id)?.prediction)
      #expect(c.report == (try Self.single(gt: tmp.path + "/labels/\(c.id).nii.gz", pred: pred)))
      let original = try #require(files.first { tmp.path + "/" + $0.1 == pred }?.0)
      #expect(
        c.report
          == (try Self.single(
            gt: Self.labels + "/\(c.id).nii.gz", pred: Self.root + "/" + original)))
    }
    // The probabilities are model A's: the same numbers as its .npz.
    let three = try #require(out.cases.first { $0.id == "mini_003" })
    #expect(
      three.report
        == (try Self.single(
          gt: Self.labels + "/mini_003.nii.gz", pred: Self.root + "/model_a/mini_003.npz")))
  }
}
