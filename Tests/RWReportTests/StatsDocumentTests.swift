import RWLoss
import Testing

@testable import RWReport

/// The one report encoder: both Dice named for what they are, the context recorded.
@Suite struct StatsDocumentTests {
  /// Two classes on a 4x3x2 grid, probabilities 0.7 on the true class.
  static func report(_ options: MapOptions) throws -> StatsReport {
    let labels: [Int32] = (0..<24).map { $0 % 4 < 2 ? 0 : 1 }
    let lv = try LabelVolume(dims: [4, 3, 2], labels: labels)
    var p = [Float](repeating: 0.3, count: 48)
    for t in 0..<24 { p[Int(labels[t]) * 24 + t] = 0.7 }
    return try StatsReport.make(
      labels: lv, prediction: try Prediction(dims: [4, 3, 2], classCount: 2, probabilities: p),
      options: options)
  }

  static let context = ReportContext(
    labelsPath: "gt.nii", predictionPath: "p.nii", readAs: .probs, forcedKind: nil,
    classesOption: nil,
    classes: [.init(value: 0, name: "background"), .init(value: 41, name: "wm")],
    notes: ["p.nii: 2 channels read as probabilities"])

  @Test func softDiceIsNamedByGeometry() throws {
    for (o, key) in [
      (MapOptions(), "soft_dice_2d_mean"), (MapOptions(geometry: .volume), "soft_dice_3d"),
    ] {
      let r = try Self.report(o)
      let doc = StatsDocument.json(r, context: Self.context)
      let first = try #require(doc["per_class"]?.arrayValue?.first)
      let hi = Double(Float(0.7))
      let lo = Double(Float(0.3))
      // 6 voxels of each class per slice (2D), 12 in the volume (3D).
      let n = o.sliceAxis == nil ? 12.0 : 6.0
      let expected = 2 * hi * n / (hi * n + lo * n + n + 1e-6)
      #expect(abs((first[key]?.doubleValue ?? .nan) - expected) < 1e-12)
      #expect(first["dice"] == nil)
      #expect(abs((doc["total"]?["soft_dice_loss"]?.doubleValue ?? .nan) - (1 - expected)) < 1e-12)
      // The argmax Dice stays "dice" in metrics: every voxel right, 1.
      #expect(doc["metrics"]?.arrayValue?.first?["dice"]?.doubleValue == 1)
      let text = StatsText.table(r, context: Self.context)
      #expect(text.contains(key) && text.contains(StatsText.diceNote))
    }
    #expect(StatsText.diceNote.contains("reference Dice loss"))
  }

  @Test func contextAndPrincipleCountsAreRecorded() throws {
    let r = try Self.report(MapOptions(kind: .wce, weights: [1, 2.5]))
    let doc = StatsDocument.json(r, context: Self.context)
    #expect(doc["inputs"]?["labels"]?.stringValue == "gt.nii")
    #expect(doc["inputs"]?["read_as"]?.stringValue == "probs")
    #expect(
      doc["inputs"]?["notes"]?.arrayValue == [.string("p.nii: 2 channels read as probabilities")])
    let o = try #require(doc["options"])
    #expect(o["map"]?.stringValue == "wce" && o["geometry"]?.stringValue == "2d")
    #expect(o["axis"]?.stringValue == "k" && o["spacing"]?.stringValue == "voxel")
    #expect(o["weights"]?.arrayValue == [.number("1.0"), .number("2.5")])
    #expect(
      o["pred_kind"]?.stringValue == "auto" && o["classes"] == .null && o["int32"] == .bool(false))
    let classes = try #require(doc["classes"]?.arrayValue)
    #expect(classes.map { $0["value"]?.doubleValue } == [0, 41])
    #expect(classes.map { $0["name"]?.stringValue } == ["background", "wm"])
    let principle = try #require(doc["total"]?["principle"])
    #expect(principle["wrong_logit_pushed_up"]?.doubleValue == Double(r.total.wrongLogitPushedUp))
    #expect(principle["gt_logit_pushed_down"]?.doubleValue == Double(r.total.gtLogitPushedDown))
    let slices = try #require(doc["slices"])
    #expect(slices["slice"]?.arrayValue == [.number("0"), .number("1")])
    #expect(slices["rw_sum"]?.arrayValue?.map { $0.doubleValue } == r.slices.rwSum.map { $0 })
    #expect(slices["soft_dice_per_class"]?.arrayValue?.count == 2)
    // The text names the inputs, the map and the classes' values and names.
    let text = StatsText.table(r, context: Self.context)
    #expect(
      text.hasPrefix(
        "labels gt.nii  prediction p.nii (read as probs)\nmap wce  geometry 2d along k"))
    #expect(text.contains("weights 1.0000,2.5000"))
    #expect(text.contains("   41") && text.contains("wm"))
  }
}
