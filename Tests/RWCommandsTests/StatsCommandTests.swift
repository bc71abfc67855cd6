import Foundation
import RWLoss
import RWNIfTI
import RWSystem
import RWTestSupport
import RWVolume
import Testing

@testable import RWCommands

/// `rwview stats` / `rwview maps` cores on golden case 07 (B=2 batch as two k-slices).
@Suite struct StatsCommandTests {
  /// The golden values of case 07's random logit set that these tests compare with.
  struct Expected {
    /// `expected_losses` entries that are numbers.
    var losses: [String: Double]
    /// `expected_losses.rw_rrw_sum_per_image`.
    var perImage: [Double]
    /// `gradient_sign_checks`.
    var signs: [String: [String: Int]]

    /// A stored loss, or a failure naming it.
    func loss(_ key: String) throws -> Double {
      guard let v = losses[key] else { throw TestFailure("golden 07: no loss \(key)") }
      return v
    }
  }

  /// Nested JSON numbers flattened in array order; a failure on anything else.
  static func flat(_ v: Any) throws -> [Double] {
    if let a = v as? [Any] { return try a.flatMap(flat) }
    guard let n = v as? NSNumber else { throw TestFailure("golden 07: \(v) is not a number") }
    return [n.doubleValue]
  }

  /// Golden 07 as volumes: labels (8,6,2) and random logits (8,6,2,3).
  static func case07() throws -> (gt: Volume, pred: Volume, expected: Expected) {
    let j = try Fixtures.json("golden/07_2d_batch2_border.json")
    let labels = try flat(try #require(j["labels"], "golden 07: no labels")).map(Float.init)
    let inputs = try #require(j["softmax_inputs"] as? [String: Any], "golden 07: softmax_inputs")
    let set = try #require(inputs["random"] as? [String: Any], "golden 07: no random set")
    let lg = try flat(try #require(set["logits"], "golden 07: no logits"))  // (B,K,H,W)
    try #require(labels.count == 96 && lg.count == 96 * 3, "golden 07: unexpected sizes")
    let losses = try #require(set["expected_losses"] as? [String: Any], "golden 07: losses")
    let expected = Expected(
      losses: losses.compactMapValues { ($0 as? NSNumber)?.doubleValue },
      perImage: try flat(try #require(losses["rw_rrw_sum_per_image"], "golden 07: per image")),
      signs: try #require(
        set["gradient_sign_checks"] as? [String: [String: Int]], "golden 07: sign checks"))
    let grid = VoxelGrid(dims: [8, 6, 2], spacing: [1, 1, 1], affine: .identity)
    var data = [Float](repeating: 0, count: 96 * 3)
    for b in 0..<2 {
      for c in 0..<3 {
        for t in 0..<48 {
          data[c * 96 + b * 48 + t] = Float(lg[(b * 3 + c) * 48 + t])
        }
      }
    }
    return (
      Volume(grid: grid, shape: [8, 6, 2], data: labels),
      Volume(grid: grid, shape: [8, 6, 2, 3], data: data), expected
    )
  }

  static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-5 * abs(b) + 1e-9 }

  @Test func statsJSONMatchesGoldenRRW() throws {
    let (gt, pred, exp) = try Self.case07()
    let result = try StatsRunner.run(
      gt: gt, gtPath: "gt.nii", pred: pred, predPath: "pred.nii", forced: nil, classes: nil,
      options: MapOptions())
    #expect(result.context.notes.joined().contains("logits"))
    let obj = try JSONSerialization.jsonObject(with: Data(result.json.text.utf8)) as! [String: Any]
    let total = obj["total"] as! [String: Any]
    // Exactly the schema of the issue.
    #expect(
      Set(obj.keys) == ["inputs", "options", "classes", "total", "per_class", "slices", "metrics"])
    #expect(
      Set(total.keys) == [
        "rw_sum", "rw_mean", "ce", "focal", "soft_dice_loss", "lowest_rw_sum", "principle",
      ])
    #expect(
      Set((total["principle"] as! [String: Any]).keys)
        == ["A_violations", "B_violations", "wrong_logit_pushed_up", "gt_logit_pushed_down"])
    #expect(
      Set((obj["slices"] as! [String: Any]).keys) == [
        "axis", "slice", "rw_sum", "rw_mean", "rw_sum_per_class", "ce", "focal", "soft_dice_loss",
        "soft_dice_per_class", "lowest_rw_sum", "rw_excess", "A_violations", "B_violations",
        "A_violations_per_class",
        "B_violations_per_class", "wrong_logit_pushed_up", "gt_logit_pushed_down",
      ])
    #expect(
      Set((obj["per_class"] as! [[String: Any]])[0].keys) == [
        "class", "rw_sum", "ce", "soft_dice_2d_mean",
      ])
    #expect(
      Set((obj["metrics"] as! [[String: Any]])[0].keys)
        == [
          "class", "dice", "iou", "tp", "fp", "fn", "volume_gt_mm3", "volume_pred_mm3", "hd",
          "hd95", "assd",
        ])
    func num(_ d: [String: Any], _ k: String) -> Double { (d[k] as! NSNumber).doubleValue }
    #expect(Self.close(num(total, "rw_mean"), try exp.loss("rw_rrw_mean")))
    #expect(Self.close(num(total, "ce"), try exp.loss("ce_ref")))
    #expect(Self.close(num(total, "focal"), try exp.loss("focal_ref_alpha1_gamma2")))
    #expect(Self.close(num(total, "soft_dice_loss"), try exp.loss("dice_loss_ref")))
    let principle = total["principle"] as! [String: Int]
    #expect(principle["A_violations"] == 0 && principle["B_violations"] == 0)
    let slices = obj["slices"] as! [String: Any]
    #expect(slices["axis"] as! String == "k")
    let perImage = exp.perImage
    let got = (slices["rw_sum"] as! [NSNumber]).map(\.doubleValue)
    #expect(got.count == 2)
    for (a, b) in zip(got, perImage) { #expect(Self.close(a, b)) }
    // Per-class shares add up to the totals.
    let pc = obj["per_class"] as! [[String: Any]]
    #expect(pc.count == 3)
    #expect(Self.close(pc.map { num($0, "rw_sum") }.reduce(0, +), num(total, "rw_sum")))
    #expect(Self.close(pc.map { num($0, "ce") }.reduce(0, +), num(total, "ce")))
    #expect(
      Self.close(
        1 - pc.map { num($0, "soft_dice_2d_mean") }.reduce(0, +) / 3, num(total, "soft_dice_loss")))
    let metrics = obj["metrics"] as! [[String: Any]]
    #expect(metrics.map { $0["class"] as! Int } == [0, 1, 2])
    for key in [
      "dice", "iou", "tp", "fp", "fn", "volume_gt_mm3", "volume_pred_mm3", "hd", "hd95", "assd",
    ] {
      #expect(metrics[0][key] != nil, "missing metrics key \(key)")
    }
  }

  @Test func statsBoundaryShowsBViolations() throws {
    let (gt, pred, exp) = try Self.case07()
    let (report, _) = try StatsRunner.report(
      gt: gt, gtPath: "gt.nii", pred: pred, predPath: "pred.nii", forced: .logits, classes: nil,
      options: MapOptions(kind: .boundary))
    #expect(Self.close(report.total.rwMean, try exp.loss("rw_boundary_rwrepo_mean")))
    #expect(report.total.bViolations == 57)  // golden principle_checks.boundary_rwrepo
    #expect(report.total.aViolations == 0)
    #expect(report.slices.bViolations.reduce(0, +) == 57)
    let signs = try #require(exp.signs["boundary_rwrepo"], "golden 07: boundary sign checks")
    #expect(report.total.wrongLogitPushedUp == signs["pixels_with_wrong_logit_pushed_up"])
  }

  @Test func jsonWritesNullNeverNaN() throws {
    // Class 2 absent from both: Dice/IoU NaN -> null; one-voxel masks keep hd defined.
    let grid = VoxelGrid(dims: [4, 3, 1], spacing: [1, 1, 1], affine: .identity)
    var lab = [Float](repeating: 0, count: 12)
    lab[5] = 1
    let gt = Volume(grid: grid, shape: [4, 3, 1], data: lab)
    let result = try StatsRunner.run(
      gt: gt, gtPath: "gt", pred: gt, predPath: "pred", forced: nil, classes: 3,
      options: MapOptions())
    #expect(result.context.notes.joined().contains("label map"))
    let text = result.json.text
    #expect(!text.contains("nan") && !text.contains("inf"))
    let obj = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    let m = obj["metrics"] as! [[String: Any]]
    #expect(m[2]["dice"] is NSNull)
    #expect(m[2]["hd"] is NSNull)
    #expect((m[1]["dice"] as! NSNumber).doubleValue == 1)
    #expect((m[1]["hd"] as! NSNumber).doubleValue == 0)
  }

  @Test func mismatchedGridIsOneLineError() throws {
    let (gt, _, _) = try Self.case07()
    let other = Volume(
      grid: VoxelGrid(dims: [8, 6, 3], spacing: [1, 1, 1], affine: .identity),
      shape: [8, 6, 3], data: [Float](repeating: 0, count: 144))
    #expect {
      _ = try StatsRunner.report(
        gt: gt, gtPath: "gt.nii", pred: other, predPath: "p.nii", forced: nil,
        classes: nil, options: MapOptions())
    } throws: { e in
      "\(e)" == "p.nii: prediction grid differs from the labels: shape 8x6x3 vs 8x6x2"
    }
  }

  @Test func nonIntegerLabelsAreRejected() {
    let grid = VoxelGrid(dims: [2, 1, 1], spacing: [1, 1, 1], affine: .identity)
    let v = Volume(grid: grid, shape: [2, 1, 1], data: [0, 1.5])
    #expect { _ = try MapsRunner.labelVolume(v, path: "l.nii", classes: nil) } throws: { e in
      "\(e)" == "l.nii: value 1.5 at voxel (1,0,0) is not a class label (a non-negative integer)"
    }
    let neg = Volume(grid: grid, shape: [2, 1, 1], data: [0, -1])
    #expect { _ = try MapsRunner.labelVolume(neg, path: "l.nii", classes: nil) } throws: { e in
      "\(e)".contains("negative")
    }
  }

  @Test func mapsVolumeIsXYZKWithTheLabelsGrid() throws {
    let (gt, _, _) = try Self.case07()
    let lv = try MapsRunner.labelVolume(gt, path: "gt", classes: nil)
    let vol = try MapsRunner.mapVolume(labels: lv, grid: gt.grid, options: MapOptions(kind: .rwAC))
    #expect(vol.shape == [8, 6, 2, 3])
    #expect(vol.grid == gt.grid)
    for c in 0..<3 {
      for t in 0..<96 {
        #expect(vol.data[c * 96 + t] == (Int(gt.data[t]) == c ? 0 : 1))
      }
    }
  }

  @Test func refusesToOverwriteInput() throws {
    let dir = TemporaryDirectory.make("stats")
    defer { try? FileManager.default.removeItem(at: dir) }
    let input = dir.appendingPathComponent("labels.nii").path
    FileManager.default.createFile(atPath: input, contents: Data([0]))
    #expect(throws: SystemError(path: input, problem: "refusing to overwrite an input file")) {
      try MapsRunner.checkOutput(input, inputs: [input])
    }
    let link = dir.appendingPathComponent("alias.nii").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: input)
    #expect(
      throws: SystemError(
        path: link, problem: "refusing to overwrite an input file (it is \(input))")
    ) {
      try MapsRunner.checkOutput(link, inputs: [input])
    }
    try MapsRunner.checkOutput(dir.appendingPathComponent("out.nii.gz").path, inputs: [input])
  }

  @Test func optionErrorsNameTheOption() throws {
    let bad = try MapOptionGroup.parse(["--map", "nope"])
    #expect { _ = try bad.mapOptions() } throws: { "\($0)".hasPrefix("--map: ") }
    let w = try MapOptionGroup.parse(["--weights", "1,x"])
    #expect { _ = try w.mapOptions() } throws: { "\($0)".hasPrefix("--weights: ") }
    let ax = try MapOptionGroup.parse(["--axis", "q"])
    #expect { _ = try ax.mapOptions() } throws: { "\($0)".hasPrefix("--axis: ") }
    let g = try MapOptionGroup.parse([
      "--geometry", "3d", "--spacing", "mm", "--map", "rrw-ci", "--ratio", "0.9,0.1",
    ])
    #expect(
      try g.mapOptions()
        == MapOptions(kind: .rrwCI, geometry: .volume, units: .mm, ratio: [0.9, 0.1]))
    let d = try MapOptionGroup.parse([])
    #expect(
      try d.mapOptions() == MapOptions(kind: .rrw, geometry: .slices(axis: .k), units: .voxel))
  }
}
