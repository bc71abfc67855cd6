import Foundation
import Testing

@testable import RWCommands

@Suite struct CaseDiscoveryTests {
  /// A folder with empty files of the given names (sizes in bytes where given).
  static func folder(_ files: [String: Int]) -> URL {
    let dir = E2ESupport.tempDir("case")
    for (name, size) in files {
      let url = dir.appendingPathComponent(name)
      try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      _ = FileManager.default.createFile(atPath: url.path, contents: Data(count: size))
    }
    return dir
  }

  @Test func nnUNetRawLayout() throws {
    let d = Self.folder(["imagesTr/liver_003_0000.nii.gz": 10, "imagesTr/liver_001_0000.nii.gz": 10,
                         "labelsTr/liver_001.nii.gz": 5, "labelsTr/liver_003.nii.gz": 5, "dataset.json": 2])
    defer { try? FileManager.default.removeItem(at: d) }
    let c = try CaseDiscovery.find(in: d.path)
    #expect(c.image == d.path + "/imagesTr/liver_001_0000.nii.gz")
    #expect(c.labels == d.path + "/labelsTr/liver_001.nii.gz")
    #expect(c.prediction == nil)
  }

  @Test func suffixesPickEachRole() throws {
    let d = Self.folder(["sub01_t1.nii.gz": 100, "sub01_seg.nii.gz": 10, "sub01_prob.nii.gz": 300, "notes.txt": 3])
    defer { try? FileManager.default.removeItem(at: d) }
    let c = try CaseDiscovery.find(in: d.path)
    #expect(c.image.hasSuffix("/sub01_t1.nii.gz"))
    #expect(c.labels?.hasSuffix("/sub01_seg.nii.gz") == true)
    #expect(c.prediction?.hasSuffix("/sub01_prob.nii.gz") == true)
    #expect(c.summary == "image \(c.image), labels \(c.labels!), prediction \(c.prediction!)")
  }

  @Test(arguments: [
    ("case_gt.nii", "labels"), ("case_label.nii.gz", "labels"), ("case_labels.nii.gz", "labels"),
    ("ct_mask.nii.gz", "labels"), ("KmeansPrelimSegmentation.nii.gz", "labels"), ("case_pred.nii.gz", "prediction"),
    ("case_probs.nii.gz", "prediction"), ("case_softmax.nii", "prediction"), ("case_0000.nii.gz", "image"),
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
    #expect(try CaseDiscovery.find(in: d.path).image.hasSuffix("/b.nii.gz"))
  }

  @Test func overlaysOfTheSameCaseArePreferred() throws {
    let d = Self.folder(["p1_0000.nii.gz": 10, "p0_gt.nii.gz": 1, "p1_gt.nii.gz": 1, "p0_pred.nii.gz": 1, "p1_pred.nii.gz": 1])
    defer { try? FileManager.default.removeItem(at: d) }
    let c = try CaseDiscovery.find(in: d.path)
    #expect(c.labels?.hasSuffix("/p1_gt.nii.gz") == true && c.prediction?.hasSuffix("/p1_pred.nii.gz") == true)
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

  @Test func realCasesPickTheAnatomicalImage() throws {
    guard let real = E2ESupport.shared?.appendingPathComponent("data/real") else { return }
    let itk = try CaseDiscovery.find(in: real.appendingPathComponent("itk_kmeans_t1").path)
    #expect(itk.image.hasSuffix("KmeansTest_T1UCharRaw.nii.gz"))
    #expect(itk.labels?.hasSuffix("KmeansTest_T1KmeansPrelimSegmentation.nii.gz") == true)
    let mni = try CaseDiscovery.find(in: real.appendingPathComponent("mni152_2009a_nilearn").path)
    #expect(mni.image.hasSuffix("mni_icbm152_t1_tal_nlin_sym_09a_converted.nii.gz"))
  }
}
