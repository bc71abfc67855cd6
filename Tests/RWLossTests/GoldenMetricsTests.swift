import Foundation
import RWTestSupport
import Testing

@testable import RWLoss

/// `golden/metrics_public.json`, every case and class, generically.
@Suite struct GoldenMetricsTests {
  nonisolated(unsafe) static let file: [String: Any] =
    (try? Fixtures.json("golden/metrics_public.json")) ?? [:]
  nonisolated(unsafe) static let cases: [[String: Any]] = (file["cases"] as? [[String: Any]]) ?? []

  static func close(_ got: Double, _ exp: Any?) -> Bool {
    guard let e = (exp as? NSNumber)?.doubleValue else { return got.isNaN }  // null = NaN
    return abs(got - e) <= 1e-9 + 1e-9 * abs(e)
  }

  @Test func casesFound() throws {
    let file = try Fixtures.json("golden/metrics_public.json")
    let cases: [[String: Any]] = try field(file, "cases", "metrics_public.json")
    #expect(cases.count >= 8)
    #expect(Self.cases.compactMap { $0["name"] as? String }.count == cases.count, "unnamed cases")
  }

  @Test(arguments: cases.compactMap { $0["name"] as? String })
  func metricsMatchGolden(name: String) throws {
    let c = try #require(Self.cases.first { $0["name"] as? String == name }, "no case \(name)")
    let shape: [Int] = try field(c, "shape", name)
    let sp = try (field(c, "spacing", name) as [NSNumber]).map { $0.doubleValue }
    try #require([2, 3].contains(shape.count) && sp.count == shape.count, "\(name): shape/spacing")
    // Array order (y,x) / (z,y,x) -> NIfTI order (x,y,z).
    let dims = shape.count == 2 ? [shape[1], shape[0], 1] : [shape[2], shape[1], shape[0]]
    let spacing = shape.count == 2 ? [sp[1], sp[0], 1] : [sp[2], sp[1], sp[0]]
    let ref = try flatten(field(c, "reference", name) as [Any]).map { Int32($0) }
    let pred = try flatten(field(c, "prediction", name) as [Any]).map { Int32($0) }
    let classes: [Int] = try field(c, "labels_evaluated", name)
    let got = SegmentationMetrics.compute(
      reference: ref, prediction: pred, dims: dims, spacing: spacing, classes: classes)
    let per: [String: [String: Any]] = try field(c, "per_class", name)
    for m in got {
      let tag = "\(name) class \(m.classIndex)"
      let e = try #require(per[String(m.classIndex)], "\(tag): no expected values")
      #expect(m.tp == e["tp"] as? Int, "\(tag) tp")
      #expect(m.fp == e["fp"] as? Int, "\(tag) fp")
      #expect(m.fn == e["fn"] as? Int, "\(tag) fn")
      #expect(m.tn == e["tn"] as? Int, "\(tag) tn")
      #expect(Self.close(m.dice, e["dice"]), "\(tag) dice \(m.dice)")
      #expect(Self.close(m.iou, e["iou"]), "\(tag) iou \(m.iou)")
      #expect(Self.close(m.volumePredictionMM3, e["volume_prediction_mm3"]), "\(tag) vol pred")
      #expect(Self.close(m.volumeReferenceMM3, e["volume_reference_mm3"]), "\(tag) vol ref")
      #expect(Self.close(m.hd, e["hd"]), "\(tag) hd \(m.hd)")
      #expect(Self.close(m.hd95, e["hd95"]), "\(tag) hd95 \(m.hd95)")
      #expect(Self.close(m.assd, e["assd"]), "\(tag) assd \(m.assd)")
      if let s = e["surface"] as? [String: Any] {
        #expect(m.surfacePrediction == s["n_surface_prediction"] as? Int, "\(tag) surface pred")
        #expect(m.surfaceReference == s["n_surface_reference"] as? Int, "\(tag) surface ref")
        #expect(Self.close(m.directedHDPredToRef, s["directed_hd_pred_to_ref"]), "\(tag) dhd p->r")
        #expect(Self.close(m.directedHDRefToPred, s["directed_hd_ref_to_pred"]), "\(tag) dhd r->p")
      }
      // The surface masks themselves.
      if let sm = e["surface_masks"] as? [String: Any] {
        let kept = [0, 1, 2].filter { dims[$0] > 1 }
        let scan = ref.withShared { r in
          pred.withShared { p in
            MetricsScan(reference: r, prediction: p, dims: dims, axes: kept, slots: [m.classIndex])
          }
        }
        let c = Int32(m.classIndex)
        let sp = (0..<pred.count).map {
          pred[$0] == c && scan.flags[$0] & MetricsScan.predictionSurface != 0
        }
        let sr = (0..<ref.count).map {
          ref[$0] == c && scan.flags[$0] & MetricsScan.referenceSurface != 0
        }
        let mask: [Any] = try field(sm, "prediction", tag + " surface_masks")
        #expect(sp.map { $0 ? 1.0 : 0.0 } == flatten(mask), "\(tag) surface mask")
        if let rm = sm["reference"] as? [Any] {
          #expect(sr.map { $0 ? 1.0 : 0.0 } == flatten(rm), "\(tag) reference surface mask")
        }
      }
    }
  }

  @Test func percentileIsNumpyLinear() {
    #expect(abs(SegmentationMetrics.percentile([10, 0, 2, 1], 95) - 8.8) < 1e-12)
    #expect(SegmentationMetrics.percentile([3], 95) == 3)
    #expect(SegmentationMetrics.percentile([], 95).isNaN)
  }
}
