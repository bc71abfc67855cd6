import RWRender
import Testing

@testable import RWViewer

/// The A/B difference layer on the 8×6×4 phantom: B is A with two voxels changed.
@Suite struct DifferenceLayerTests {
  @Test func classifyByWhichIsRight() {
    #expect(DifferenceKind.classify(gt: 1, a: 1, b: 1) == .same)
    #expect(DifferenceKind.classify(gt: 1, a: 1, b: 2) == .aRight)
    #expect(DifferenceKind.classify(gt: 2, a: 1, b: 2) == .bRight)
    #expect(DifferenceKind.classify(gt: 0, a: 1, b: 2) == .bothWrong)
    #expect(DifferenceKind.classify(gt: nil, a: 1, b: 2) == .differ)
  }

  @Test func differenceColoursWhereTheModelsDisagree() throws {
    var s = ViewFrameTests.small()
    let a = try #require(s.prediction)
    let gt = try #require(s.groundTruth)
    var b = a
    // Voxel (3, 2, 2): A has the truth (class 1); B says 0. Voxel (0, 0, 2): A says 2, the
    // truth is 0, B says 0.
    let v1 = 3 + 8 * 2 + 48 * 2
    let v2 = 0 + 48 * 2
    #expect(gt.labels[v1] == 1 && a.labels[v1] == 1)
    #expect(gt.labels[v2] == 0 && a.labels[v2] == 2)
    b.labels[v1] = 0
    b.labels[v2] = 0
    s.predictionB = b
    s.paths[.predictionB] = "b.nii"
    s.visible.difference = true
    let g = view(s)
    let grey = ViewFrameTests.grey
    #expect(
      ViewFrameTests.cell(g, i: 3, j: 2).fg
        == .rgb(Compositing.blend(grey(3, 2, 2), DifferenceKind.aRight.color!, 0.6)))
    #expect(
      ViewFrameTests.cell(g, i: 0, j: 0).fg
        == .rgb(Compositing.blend(grey(0, 0, 2), DifferenceKind.bRight.color!, 0.6)))
    #expect(ViewFrameTests.cell(g, i: 6, j: 0).fg == .rgb(grey(6, 0, 2)))  // agree: untouched
    _ = perform(&s, .toggleDifference)
    #expect(!s.visible.difference)
    var none = ViewFrameTests.small()
    _ = perform(&none, .toggleDifference)
    #expect(
      none.message == "no second prediction: open with --pred-b FILE" && !none.visible.difference)
  }
}
