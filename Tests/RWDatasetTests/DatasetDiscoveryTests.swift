import Foundation
import RWTestSupport
import Testing

@testable import RWDataset

/// Discovery of nnU-Net v2 and MONAI trees and manifests (empty files: discovery reads names).
@Suite struct DatasetDiscoveryTests {
  /// A folder holding the given files (empty, or the given text).
  static func tree(_ files: [String], text: [String: String] = [:]) -> URL {
    let dir = TemporaryDirectory.make("ds")
    for name in files + Array(text.keys) {
      let url = dir.appendingPathComponent(name)
      try? FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      _ = FileManager.default.createFile(atPath: url.path, contents: Data((text[name] ?? "").utf8))
    }
    return dir
  }

  static let datasetJSON = """
    {"channel_names": {"0": "T2", "1": "ADC"}, "labels": {"background": 0, "PZ": 1, "TZ": 2},
     "numTraining": 4, "file_ending": ".nii.gz"}
    """

  /// nnU-Net v2 raw: 4 training cases, one missing a channel, one without an image, one image
  /// without labels, a stray file; predictions from a fold's validation/ with .npz, a missing
  /// and an extra case.
  static func nnUNetTree() -> URL {
    tree(
      [
        "imagesTr/pro_001_0000.nii.gz", "imagesTr/pro_001_0001.nii.gz",
        "imagesTr/pro_002_0000.nii.gz", "imagesTr/pro_002_0001.nii.gz",
        "imagesTr/pro_003_0000.nii.gz",
        "imagesTr/pro_009_0000.nii.gz", "imagesTr/pro_009_0001.nii.gz",
        "imagesTr/notes.nii.gz",
        "labelsTr/pro_001.nii.gz", "labelsTr/pro_002.nii.gz", "labelsTr/pro_003.nii.gz",
        "labelsTr/pro_004.nii.gz",
        "imagesTs/pro_100_0000.nii.gz", "imagesTs/pro_100_0001.nii.gz",
        "fold_0/validation/pro_001.nii.gz", "fold_0/validation/pro_001.npz",
        "fold_0/validation/pro_001.pkl",
        "fold_0/validation/pro_002.nii.gz", "fold_0/validation/pro_077.nii.gz",
        "fold_0/validation/summary.json",
      ], text: ["dataset.json": datasetJSON])
  }

  @Test func nnUNetRootFindsEveryCaseAndListsTheRest() throws {
    let d = Self.nnUNetTree()
    defer { try? FileManager.default.removeItem(at: d) }
    let ds = try #require(try DatasetDiscovery.open(d.path))
    #expect(ds.cases.map(\.id) == ["pro_001", "pro_002", "pro_003", "pro_004", "pro_009"])
    #expect(ds.labelFile == d.path + "/dataset.json")
    let c1 = try #require(ds.case("pro_001"))
    #expect(
      c1.images == [
        d.path + "/imagesTr/pro_001_0000.nii.gz", d.path + "/imagesTr/pro_001_0001.nii.gz",
      ])
    #expect(c1.labels == d.path + "/labelsTr/pro_001.nii.gz")
    #expect(
      ds.problems(.missingChannel).map(\.description) == [
        "pro_003: no _0001 image (dataset.json lists 2 channels)"
      ])
    #expect(ds.problems(.noImage).map(\.subject) == ["pro_004"])
    #expect(ds.problems(.noLabels).map(\.description) == ["pro_009: no labelsTr/pro_009.nii.gz"])
    #expect(ds.problems(.unmatched).map(\.subject) == [d.path + "/imagesTr/notes.nii.gz"])
  }

  /// Opening imagesTr/ (or labelsTr/, or dataset.json) finds the same dataset; imagesTs/ its test cases.
  @Test(arguments: ["imagesTr", "imagesTr/", "labelsTr", "dataset.json"])
  func aFolderOfTheDatasetOpensIt(_ sub: String) throws {
    let d = Self.nnUNetTree()
    defer { try? FileManager.default.removeItem(at: d) }
    let ds = try #require(try DatasetDiscovery.open(d.path + "/" + sub))
    #expect(ds.cases.count == 5)
    #expect(ds.case("pro_002")?.labels == d.path + "/labelsTr/pro_002.nii.gz")
  }

  @Test func imagesTsHasNoLabels() throws {
    let d = Self.nnUNetTree()
    defer { try? FileManager.default.removeItem(at: d) }
    let ds = try #require(try DatasetDiscovery.open(d.path + "/imagesTs"))
    #expect(ds.cases.map(\.id) == ["pro_100"])
    #expect(ds.cases[0].labels == nil && ds.cases[0].images.count == 2)
    #expect(ds.problems.isEmpty)
  }

  @Test func validationFolderMatchesByCaseID() throws {
    let d = Self.nnUNetTree()
    defer { try? FileManager.default.removeItem(at: d) }
    let ds = try DatasetDiscovery.pairs(
      root: d.path, labels: nil, images: nil, predictions: d.path + "/fold_0/validation")
    let v = d.path + "/fold_0/validation/"
    #expect(ds.case("pro_001")?.prediction == v + "pro_001.npz")
    #expect(ds.case("pro_001")?.predictionSegmentation == v + "pro_001.nii.gz")
    #expect(ds.case("pro_002")?.prediction == v + "pro_002.nii.gz")
    #expect(ds.case("pro_002")?.predictionSegmentation == nil)
    #expect(ds.problems(.noPrediction).map(\.subject) == ["pro_003", "pro_004", "pro_009"])
    #expect(ds.problems(.unmatched).map(\.subject).contains(v + "pro_077.nii.gz"))
    // The same through --gt labelsTr.
    let g = try DatasetDiscovery.pairs(
      root: nil, labels: d.path + "/labelsTr", images: nil, predictions: v)
    #expect(g.cases == ds.cases)
  }

  /// MONAI: labels folder, SaveImage output flat and in CASE/ subfolders, probabilities beside
  /// a segmentation, an image-named output (_0000), an ambiguous case and an extra file.
  @Test func monaiOutputMatchesByCaseID() throws {
    let d = Self.tree([
      "labels/s1.nii.gz", "labels/s2_seg.nii.gz", "labels/s3.nii.gz", "labels/s4.nii.gz",
      "labels/s5.nii.gz",
      "images/s1_0000.nii.gz", "images/s2.nii.gz", "images/s3_image.nii.gz",
      "images/s4_0000.nii.gz",
      "out/s1/s1_seg.nii.gz", "out/s2_seg.nii.gz", "out/s3_prob.nii.gz", "out/s3_seg.nii.gz",
      "out/s4_0000_trans.nii.gz", "out/s5_seg.nii.gz", "out/s5_pred.nii.gz", "out/s6_seg.nii.gz",
    ])
    defer { try? FileManager.default.removeItem(at: d) }
    let p = d.path
    let ds = try DatasetDiscovery.pairs(
      root: nil, labels: p + "/labels", images: p + "/images", predictions: p + "/out")
    #expect(ds.cases.map(\.id) == ["s1", "s2", "s3", "s4", "s5"])
    #expect(ds.case("s1")?.prediction == p + "/out/s1/s1_seg.nii.gz")
    #expect(ds.case("s1")?.images == [p + "/images/s1_0000.nii.gz"])
    #expect(ds.case("s2")?.labels == p + "/labels/s2_seg.nii.gz")
    #expect(ds.case("s2")?.images == [p + "/images/s2.nii.gz"])
    #expect(ds.case("s3")?.prediction == p + "/out/s3_prob.nii.gz")
    #expect(ds.case("s3")?.predictionSegmentation == p + "/out/s3_seg.nii.gz")
    #expect(ds.case("s3")?.images == [p + "/images/s3_image.nii.gz"])
    #expect(ds.case("s4")?.prediction == p + "/out/s4_0000_trans.nii.gz")
    #expect(ds.case("s5")?.prediction == nil)
    #expect(ds.problems(.ambiguous).map(\.subject) == ["s5"])
    #expect(ds.problems(.noImage).map(\.subject) == ["s5"])
    #expect(ds.problems(.unmatched).map(\.subject) == [p + "/out/s6_seg.nii.gz"])
    #expect(
      ds.problemSummary.contains(
        "s5: several predictions: \(p)/out/s5_pred.nii.gz, \(p)/out/s5_seg.nii.gz"))
  }

  @Test func csvManifest() throws {
    let csv = """
      case,image,labels,prediction
      a,img/a_0000.nii.gz;img/a_0001.nii.gz,lab/a.nii.gz,pred/a.npz
      "b, quoted",img/b.nii.gz,lab/b.nii.gz,pred/missing.nii.gz
      a,img/a_0000.nii.gz,lab/a.nii.gz,
      """
    let d = Self.tree(
      [
        "img/a_0000.nii.gz", "img/a_0001.nii.gz", "img/b.nii.gz", "lab/a.nii.gz", "lab/b.nii.gz",
        "pred/a.npz", "pred/a.nii.gz",
      ],
      text: ["list.csv": csv])
    defer { try? FileManager.default.removeItem(at: d) }
    let ds = try #require(try DatasetDiscovery.open(d.path + "/list.csv"))
    #expect(ds.cases.map(\.id) == ["a", "b, quoted"])
    let a = try #require(ds.case("a"))
    #expect(a.images == [d.path + "/img/a_0000.nii.gz", d.path + "/img/a_0001.nii.gz"])
    #expect(
      a.prediction == d.path + "/pred/a.npz"
        && a.predictionSegmentation == d.path + "/pred/a.nii.gz")
    #expect(ds.case("b, quoted")?.prediction == nil)
    #expect(
      ds.problems.map(\.description) == [
        "b, quoted: prediction \(d.path)/pred/missing.nii.gz does not exist",
        "a: listed more than once in \(d.path)/list.csv",
      ])
  }

  @Test func jsonManifest() throws {
    let json =
      #"{"cases": [{"case": "x", "image": ["x0.nii.gz"], "labels": "/abs/none.nii.gz", "prediction": "xp.nii.gz"}]}"#
    let d = Self.tree(["x0.nii.gz", "xp.nii.gz"], text: ["m.json": json])
    defer { try? FileManager.default.removeItem(at: d) }
    let ds = try #require(try DatasetDiscovery.open(d.path + "/m.json"))
    #expect(
      ds.cases == [
        DatasetCase(id: "x", images: [d.path + "/x0.nii.gz"], prediction: d.path + "/xp.nii.gz")
      ])
    #expect(ds.problems.map(\.kind) == [.missingFile])
  }

  @Test(arguments: [
    ("m.csv", "image,labels\na,b\n", "has no 'case' column (header: image,labels)"),
    ("m.csv", "case,labels\na,b,c\n", "row 2 has 3 fields, the header 2"),
    ("m.csv", "case,labels\n\"a,b\n", "has an unterminated quoted field"),
    ("m.json", "[1, 2]", "case 1: expected an object with a \"case\" id"),
    ("m.json", "{\"x\": 1}", "expected a list of cases or {\"cases\": [...]}"),
    ("m.json", "{", "is not valid JSON"),
  ])
  func badManifestsAreOneLineErrors(_ name: String, _ text: String, _ problem: String) {
    let d = Self.tree([], text: [name: text])
    defer { try? FileManager.default.removeItem(at: d) }
    #expect(throws: DatasetError(d.path + "/" + name, problem)) {
      try DatasetDiscovery.open(d.path + "/" + name)
    }
  }

  @Test func nonNIfTIFileEndingIsRefused() {
    let d = Self.tree(["imagesTr/a_0000.mha"], text: ["dataset.json": #"{"file_ending": ".mha"}"#])
    defer { try? FileManager.default.removeItem(at: d) }
    #expect(
      throws: DatasetError(
        d.path + "/dataset.json", "file_ending .mha: rwview reads NIfTI (.nii, .nii.gz) only")
    ) {
      try DatasetDiscovery.open(d.path)
    }
  }

  /// An .npz takes its grid from the segmentation beside it, else from the labels.
  @Test func npzGeometryFromTheSegmentationBesideIt() throws {
    let d = Self.tree([])
    defer { try? FileManager.default.removeItem(at: d) }
    let fm = FileManager.default
    try fm.copyItem(atPath: Fixtures.npz("f16_c_compressed.npz"), toPath: d.path + "/c.npz")
    #expect(throws: DatasetError.self) {
      try CaseFiles.loadVolume(path: d.path + "/c.npz", reference: nil)
    }
    let viaLabels = try CaseFiles.loadVolume(
      path: d.path + "/c.npz", reference: Fixtures.npz("case.nii.gz"))
    try fm.copyItem(atPath: Fixtures.npz("case.nii.gz"), toPath: d.path + "/c.nii.gz")
    let beside = try CaseFiles.loadVolume(
      path: d.path + "/c.npz", reference: Fixtures.npz("other_grid.nii.gz"))
    #expect(beside.volume.shape == [6, 5, 4, 3] && beside.volume.grid == viaLabels.volume.grid)
    #expect(beside.volume.data == viaLabels.volume.data)
  }
}
