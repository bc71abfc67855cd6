import Foundation
import RWTestSupport
import Testing

@testable import RWDataset

@Suite struct CaseDiscoveryTests {
  /// A folder with empty files of the given names (sizes in bytes where given).
  static func folder(_ files: [String: Int]) -> URL {
    let dir = TemporaryDirectory.make("case")
    for (name, size) in files {
      let url = dir.appendingPathComponent(name)
      try? FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      _ = FileManager.default.createFile(atPath: url.path, contents: Data(count: size))
    }
    return dir
  }

  /// An nnU-Net folder is a dataset, not a case: single-case discovery does not pick its first.
  @Test func nnUNetLayoutIsNotACase() throws {
    let d = Self.folder([
      "imagesTr/liver_003_0000.nii.gz": 10, "imagesTr/liver_001_0000.nii.gz": 10,
      "labelsTr/liver_001.nii.gz": 5, "labelsTr/liver_003.nii.gz": 5,
    ])
    defer { try? FileManager.default.removeItem(at: d) }
    #expect(throws: DatasetError.self) { try CaseDiscovery.find(in: d.path) }
    let ds = try #require(try DatasetDiscovery.open(d.path))
    #expect(ds.cases.map(\.id) == ["liver_001", "liver_003"])
  }

  @Test func suffixesPickEachRole() throws {
    let d = Self.folder([
      "sub01_t1.nii.gz": 100, "sub01_seg.nii.gz": 10, "sub01_prob.nii.gz": 300, "notes.txt": 3,
    ])
    defer { try? FileManager.default.removeItem(at: d) }
    let c = try CaseDiscovery.find(in: d.path)
    #expect(c.images == [d.path + "/sub01_t1.nii.gz"])
    #expect(c.labels?.hasSuffix("/sub01_seg.nii.gz") == true)
    #expect(c.prediction?.hasSuffix("/sub01_prob.nii.gz") == true)
    #expect(c.summary == "image \(c.images[0]), labels \(c.labels!), prediction \(c.prediction!)")
  }

  @Test(arguments: [
    ("case_gt.nii", "labels"), ("case_label.nii.gz", "labels"), ("case_labels.nii.gz", "labels"),
    ("ct_mask.nii.gz", "labels"), ("KmeansPrelimSegmentation.nii.gz", "labels"),
    ("case_pred.nii.gz", "prediction"),
    ("case_probs.nii.gz", "prediction"), ("case_softmax.nii", "prediction"),
    ("case_0000.nii.gz", "image"),
    ("brain.hdr", "image"),
  ])
  func roleFromName(_ name: String, _ role: String) {
    let r: String
    switch CaseDiscovery.role(of: name) {
    case .image: r = "image"
    case .labels: r = "labels"
    case .prediction: r = "prediction"
    }
    #expect(r == role, "\(name)")
  }

  @Test func largestRemainingFileIsTheImage() throws {
    let d = Self.folder(["a.nii.gz": 10, "b.nii.gz": 500, "c_gt.nii.gz": 1000])
    defer { try? FileManager.default.removeItem(at: d) }
    #expect(try CaseDiscovery.find(in: d.path).images == [d.path + "/b.nii.gz"])
  }

  @Test func overlaysOfTheSameCaseArePreferred() throws {
    let d = Self.folder([
      "p1_0000.nii.gz": 10, "p0_gt.nii.gz": 1, "p1_gt.nii.gz": 1, "p0_pred.nii.gz": 1,
      "p1_pred.nii.gz": 1,
    ])
    defer { try? FileManager.default.removeItem(at: d) }
    let c = try CaseDiscovery.find(in: d.path)
    #expect(
      c.labels?.hasSuffix("/p1_gt.nii.gz") == true
        && c.prediction?.hasSuffix("/p1_pred.nii.gz") == true)
  }

  @Test func emptyFolderIsOneLineError() {
    let d = Self.folder(["readme.md": 1])
    defer { try? FileManager.default.removeItem(at: d) }
    #expect(throws: (any Error).self) { try CaseDiscovery.find(in: d.path) }
    do {
      _ = try CaseDiscovery.find(in: d.path)
    } catch {
      #expect("\(error)" == "\(d.path): no NIfTI files (.nii, .nii.gz, .hdr) in this folder")
    }
    let only = Self.folder(["x_gt.nii": 1])
    defer { try? FileManager.default.removeItem(at: only) }
    do {
      _ = try CaseDiscovery.find(in: only.path)
      Issue.record("expected an error")
    } catch {
      #expect("\(error)" == "\(only.path): no image among x_gt.nii (name it *_0000 or *_image)")
    }
  }

  /// The names of two real cases (ITK's k-means test, MNI152 from nilearn), as empty files.
  @Test func realCaseNamesPickTheAnatomicalImage() throws {
    let itk = Self.folder([
      "KmeansTest_T1UCharRaw.nii.gz": 100, "KmeansTest_T1KmeansPrelimSegmentation.nii.gz": 10,
    ])
    defer { try? FileManager.default.removeItem(at: itk) }
    let c = try CaseDiscovery.find(in: itk.path)
    #expect(c.images == [itk.path + "/KmeansTest_T1UCharRaw.nii.gz"])
    #expect(c.labels == itk.path + "/KmeansTest_T1KmeansPrelimSegmentation.nii.gz")
    let mni = Self.folder([
      "mni_icbm152_t1_tal_nlin_sym_09a_converted.nii.gz": 100,
      "mni_icbm152_gm_tal_nlin_sym_09a.nii.gz": 200,
    ])
    defer { try? FileManager.default.removeItem(at: mni) }
    #expect(
      try CaseDiscovery.find(in: mni.path).images == [
        mni.path + "/mni_icbm152_t1_tal_nlin_sym_09a_converted.nii.gz"
      ])
  }
}
