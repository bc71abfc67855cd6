import Foundation
import Synchronization
import Testing

@testable import RWLoss

/// The k-planes an evaluation reports as complete carry their final sums: a profile filled
/// from them equals the evaluation's profile along k, on every evaluation path.
@Suite struct PartialProfileTests {
  @Test(arguments: [MapKind.rrw, .boundary], [false, true])
  func completedPlanesAreTheFinalProfile(kind: MapKind, labelPrediction: Bool) throws {
    let k = 4
    // 40 k-planes: several blocks complete one after another.
    let (lv, logits) = try EngineTests.volume(dims: [11, 6, 40], classes: k, seed: 3)
    let pred =
      labelPrediction
      ? try Prediction(
        dims: lv.dims, classCount: k, labels: EDTTests.labels(dims: lv.dims, classes: k, seed: 9))
      : logits
    let e = try MapEngine(labels: lv, options: MapOptions(kind: kind))
    let got = Mutex([CompletedPlanes]())
    let field = try e.evaluate(prediction: pred, completed: { c in got.withLock { $0.append(c) } })
    let planes = got.withLock { $0 }
    #expect(planes.count > 1, "\(kind) label \(labelPrediction): planes come in several parts")
    var partial = PartialProfile(dims: lv.dims, classCount: k)
    // Half of them: only those slices are done, with their final values.
    for c in planes.prefix(planes.count / 2) { partial.add(c) }
    let half = partial.done.filter { $0 }.count
    #expect(half > 0 && half < lv.dims[2])
    let want = field.profile(.k)
    for sl in 0..<lv.dims[2] where partial.done[sl] {
      #expect(partial.profile.statistics(slice: sl) == want.statistics(slice: sl), "slice \(sl)")
    }
    for c in planes.dropFirst(planes.count / 2) { partial.add(c) }
    #expect(partial.doneCount == lv.dims[2])
    let p = partial.profile
    #expect(p.rw == want.rw && p.ce == want.ce && p.lowest == want.lowest)
    #expect(p.aViolations == want.aViolations && p.bViolations == want.bViolations)
    #expect(p.rw.contains { $0 != 0 })
  }
}
