import Foundation
import Testing
@testable import RWLoss

/// `golden/metrics_public.json`, every case and class, generically.
@Suite struct GoldenMetricsTests {
  nonisolated(unsafe) static let file: [String: Any] = Shared.json(Shared.golden.appendingPathComponent("metrics_public.json"))
  nonisolated(unsafe) static let cases: [[String: Any]] = (file["cases"] as? [[String: Any]]) ?? []

  static func close(_ got: Double, _ exp: Any?) -> Bool {
    guard let e = (exp as? NSNumber)?.doubleValue else { return got.isNaN }  // null = NaN
    return abs(got - e) <= 1e-9 + 1e-9 * abs(e)
  }

  @Test func casesFound() { #expect(Self.cases.count >= 8, "metrics_public.json not found: set RWVIEW_SHARED") }

  @Test(arguments: cases.map { $0["name"] as! String })
  func metricsMatchGolden(name: String) {
    let c = Self.cases.first { $0["name"] as! String == name }!
    let shape = c["shape"] as! [Int]
    let sp = (c["spacing"] as! [NSNumber]).map { $0.doubleValue }
    // Array order (y,x) / (z,y,x) -> NIfTI order (x,y,z).
    let dims = shape.count == 2 ? [shape[1], shape[0], 1] : [shape[2], shape[1], shape[0]]
    let spacing = shape.count == 2 ? [sp[1], sp[0], 1] : [sp[2], sp[1], sp[0]]
    let ref = flatten(c["reference"]!).map { Int32($0) }
    let pred = flatten(c["prediction"]!).map { Int32($0) }
    let classes = c["labels_evaluated"] as! [Int]
    let got = SegmentationMetrics.compute(reference: ref, prediction: pred, dims: dims, spacing: spacing, classes: classes)
    let per = c["per_class"] as! [String: [String: Any]]
    for m in got {
      let e = per[String(m.classIndex)]!
      let tag = "\(name) class \(m.classIndex)"
      #expect(m.tp == e["tp"] as! Int, "\(tag) tp")
      #expect(m.fp == e["fp"] as! Int, "\(tag) fp")
      #expect(m.fn == e["fn"] as! Int, "\(tag) fn")
      #expect(m.tn == e["tn"] as! Int, "\(tag) tn")
      #expect(Self.close(m.dice, e["dice"]), "\(tag) dice \(m.dice)")
      #expect(Self.close(m.iou, e["iou"]), "\(tag) iou \(m.iou)")
      #expect(Self.close(m.volumePredictionMM3, e["volume_prediction_mm3"]), "\(tag) vol pred")
      #expect(Self.close(m.volumeReferenceMM3, e["volume_reference_mm3"]), "\(tag) vol ref")
      #expect(Self.close(m.hd, e["hd"]), "\(tag) hd \(m.hd)")
      #expect(Self.close(m.hd95, e["hd95"]), "\(tag) hd95 \(m.hd95)")
      #expect(Self.close(m.assd, e["assd"]), "\(tag) assd \(m.assd)")
      if let s = e["surface"] as? [String: Any] {
        #expect(m.surfacePrediction == s["n_surface_prediction"] as! Int, "\(tag) surface pred")
        #expect(m.surfaceReference == s["n_surface_reference"] as! Int, "\(tag) surface ref")
        #expect(Self.close(m.directedHDPredToRef, s["directed_hd_pred_to_ref"]), "\(tag) dhd p->r")
        #expect(Self.close(m.directedHDRefToPred, s["directed_hd_ref_to_pred"]), "\(tag) dhd r->p")
      }
      // The surface masks themselves.
      if let sm = e["surface_masks"] as? [String: Any] {
        let kept = [0, 1, 2].filter { dims[$0] > 1 }
        let sp = SegmentationMetrics.surface(pred.map { $0 == Int32(m.classIndex) }, dims: dims, axes: kept)
        #expect(sp.map { $0 ? 1.0 : 0.0 } == flatten(sm["prediction"]!), "\(tag) surface mask")
      }
    }
  }

  @Test func percentileIsNumpyLinear() {
    #expect(abs(SegmentationMetrics.percentile(sorted: [0, 1, 2, 10], 95) - 8.8) < 1e-12)
    #expect(SegmentationMetrics.percentile(sorted: [3], 95) == 3)
  }
}
