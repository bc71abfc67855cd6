import Foundation
import RWLoss
import RWRender
import RWReport
import RWVolume
import Testing

@testable import RWViewer

/// Label values that are not class indices in the viewer (FreeSurfer-like 0/41/1001): `L`
/// gives the same losses as the same data written 0..K-1, names come from the table, and
/// without a table or `--remap auto` the loss features say what to give instead of sizing K
/// by the largest value.
@Suite struct ViewerClassesTests {
  /// The phantom's classes 1 and 2 written as aseg-like values.
  static let sparse: [Float: Float] = [0: 0, 1: 1001, 2: 41]

  static func relabel(_ v: Volume, _ m: [Float: Float]) -> Volume {
    Volume(grid: v.grid, shape: v.shape, data: v.data.map { m[$0] ?? $0 })
  }

  /// The phantom's prediction as a label map.
  static func predictedLabels() -> Volume {
    let g = Phantom.grid()
    var d = [Float]()
    for k in 0..<g.dims[2] {
      for j in 0..<g.dims[1] {
        for i in 0..<g.dims[0] { d.append(Float(Phantom.predictedClass(i, j, k))) }
      }
    }
    return Volume(grid: g, shape: g.dims, data: d)
  }

  static func session(
    _ files: [String: Volume], keys: String = "L", configure: (inout ViewerState) -> Void = { _ in }
  ) -> (ViewerState, RecordingTerminal) {
    let loader: VolumeLoader = { path in
      guard let v = files[path] else { throw ViewerError("\(path): no such file") }
      return (v, [])
    }
    var s = ViewerState()
    s.paths = [.image: "img.nii", .groundTruth: "gt.nii", .prediction: "pred.nii"]
    s.debug.simulationDelayMs = 0
    configure(&s)
    let term = RecordingTerminal(
      width: 160, height: 50, events: keys.map { .key(.char($0)) })
    let rt = ViewerRuntime(terminal: term, state: s, loader: loader, mapSource: LossMapSource())
    rt.deterministic = true
    return (rt.run(), term)
  }

  static let indexed: [String: Volume] = [
    "img.nii": Phantom.image(), "gt.nii": Phantom.labels(), "pred.nii": predictedLabels(),
  ]
  static let aseg: [String: Volume] = [
    "img.nii": Phantom.image(), "gt.nii": relabel(Phantom.labels(), sparse),
    "pred.nii": relabel(predictedLabels(), sparse),
  ]

  @Test func remapAutoGivesTheIndexedLosses() throws {
    let (a, _) = Self.session(Self.indexed)
    let (b, term) = Self.session(Self.aseg) { $0.remapLabels = true }
    let ra = try #require(a.debug.analysis?.report)
    let rb = try #require(b.debug.analysis?.report)
    #expect(b.classCount == 3 && b.labelClasses.mapping?.values == [0, 41, 1001])
    // Sorted values: class 1 is 41 (the phantom's class 2), class 2 is 1001 (its class 1).
    #expect(abs(ra.total.rwSum - rb.total.rwSum) <= 1e-9 * max(1, abs(ra.total.rwSum)))
    #expect(ra.perClass[1].rwSum == rb.perClass[2].rwSum)
    #expect(ra.perClass[2].rwSum == rb.perClass[1].rwSum)
    #expect(ra.metrics[1].tp == rb.metrics[2].tp && ra.metrics[2].fp == rb.metrics[1].fp)
    #expect(b.maps == nil || b.maps?.classCount == 3)
    // The loss panel names class 1 by its value's name (generated: "label 41").
    let lines = term.lastFrame!.lines
    #expect(lines.contains { $0.contains("■ 1 label 41 ") })
    // The legend lists label values; the selected class 1 is value 41.
    #expect(lines.contains { $0.contains("*41 label 41") })
    // Class 2 selected: the error layer compares the layers' value 1001.
    #expect(b.className(2) == "label 1001" && b.classValue(2) == 1001)
  }

  @Test func tableOrdersAndNamesTheClasses() throws {
    let lut = try LabelTable.parse(
      "0 Unknown 0 0 0 0\n1001 ctx-lh-bankssts 25 100 40 0\n41 Right-WM 0 225 0 0\n",
      source: "lut.txt")
    let (s, term) = Self.session(Self.aseg) { $0.labelTable = lut }
    let r = try #require(s.debug.analysis?.report)
    let (a, _) = Self.session(Self.indexed)
    let ra = try #require(a.debug.analysis?.report)
    // Table order: class 1 is 1001 (the phantom's 1), class 2 is 41 (its 2): same numbers.
    #expect(s.labelClasses.mapping?.values == [0, 1001, 41])
    #expect(r.perClass.map(\.rwSum) == ra.perClass.map(\.rwSum))
    #expect(term.lastFrame!.lines.contains { $0.contains("1 ctx-lh-bankssts") })
    #expect(classColor(s, 2) == .rgb(RGB(0, 225, 0)))
  }

  /// Probabilities with a table that renumbers: the argmax layer shows label values, so the
  /// error layer and the status line compare and name values like the truth's.
  @Test func probabilityArgmaxIsShownAsValues() throws {
    let lut = try LabelTable.parse(
      "0 Unknown 0 0 0 0\n1001 ctx-lh-bankssts 25 100 40 0\n41 Right-WM 0 225 0 0\n",
      source: "lut.txt")
    var files = Self.aseg
    files["pred.nii"] = Phantom.probabilities()
    let (s, term) = Self.session(files) { $0.labelTable = lut }
    let p = try #require(s.prediction)
    let expected = Self.relabel(Self.predictedLabels(), Self.sparse).data.map { Int32($0) }
    #expect(p.labels == expected && p.present == [0, 41, 1001])
    let gt = try #require(s.groundTruth).labels
    let errors = zip(gt, p.labels).filter {
      $0 != 0 && ErrorKind.classify(gt: $0, pred: $1, selected: 0) != .truePositive
    }
    #expect(errors.count == 4)  // the phantom's one false negative per k-slice
    let (a, _) = Self.session([
      "img.nii": Phantom.image(), "gt.nii": Phantom.labels(), "pred.nii": Phantom.probabilities(),
    ])
    let ra = try #require(a.debug.analysis?.report)
    let rb = try #require(s.debug.analysis?.report)
    #expect(ra.perClass.map(\.rwSum) == rb.perClass.map(\.rwSum))
    #expect(term.lastFrame!.lines.contains { $0.contains("gt 1001 ctx-lh-bankssts | pred 0") })
  }

  /// No table, no --remap: one message line; no map or analysis sized by 1002 classes.
  @Test func sparseValuesWithoutARuleAreAMessage() throws {
    let (s, term) = Self.session(Self.aseg, keys: "Lm")
    #expect(s.debug.analysis == nil && s.maps == nil)
    let e = try #require(s.labelClasses.error)
    #expect(e.hasPrefix("gt.nii: label values up to 1001 (3 present) are not class indices"))
    #expect(e.contains("--remap auto"))
    #expect(term.frames.contains { f in f.lines.contains { $0.contains("are not class indices") } })
  }
}
