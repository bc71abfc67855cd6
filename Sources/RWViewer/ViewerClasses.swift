import RWLoss
import RWReport

/// The viewer's label values as classes, by the one `ClassRule` of `stats` and `maps`: the
/// loaded labels and a label-map prediction go through the same mapping (a label table, or
/// `--remap auto`); layers keep their label values for display, the loss core gets classes.
public struct ViewerClasses: Sendable {
  /// Class k is label value `mapping.values[k]`; nil: label values are class indices.
  public var mapping: LabelMapping?
  /// The ground truth as classes (nil: its label values are the classes).
  public var labels: [Int32]?
  /// A label-map prediction as classes (nil: none, or its values are the classes).
  public var prediction: Prediction?
  /// Why the label values cannot be used as classes (one line); the loss features show it.
  public var error: String?
  /// What was remapped, for the message line.
  public var note: String?
  /// Whether the probability prediction's argmax layer holds label values, not classes.
  public var argmaxAsValues = false

  /// No mapping.
  public init() {}
}

extension ViewerState {
  /// Applies the class rule to the loaded labels and prediction (call when either arrives).
  public mutating func refreshClasses() {
    let shownAsValues = labelClasses.argmaxAsValues
    labelClasses = ViewerClasses()
    defer { showArgmaxAsValues(wasShown: shownAsValues) }
    guard let gt = groundTruth else { return }
    let predLabels = prediction?.prediction.labelMap
    var present = gt.present
    if predLabels != nil, let p = prediction?.present {
      present = Array(Set(present).union(p)).sorted()
    }
    let table = labelTable.entries.isEmpty ? nil : labelTable
    do {
      let rule = try ClassRule.mapping(
        present: present, path: paths[.groundTruth] ?? "labels", table: table,
        remap: remapLabels, classes: classes)
      labelClasses.note = rule.note
      guard let m = rule.mapping else { return }
      labelClasses.mapping = m
      if m.isIdentity { return }
      labelClasses.labels = try m.classes(of: gt.labels, dims: gt.grid.dims, what: gt.path)
      if let p = predLabels, let layer = prediction {
        let classes = try m.classes(of: p, dims: layer.grid.dims, what: layer.path)
        labelClasses.prediction = try Prediction(
          dims: layer.grid.dims, classCount: m.classCount, labels: classes)
      }
    } catch let e as RWLossError {
      labelClasses = ViewerClasses()
      labelClasses.error = "\(e.thing): \(e.problem)"
    } catch {
      labelClasses = ViewerClasses()
      labelClasses.error = "\(error)"
    }
  }

  /// A probability prediction's argmax layer holds label values like the other layers (class k
  /// drawn, compared and named as `mapping.values[k]`), recomputed when the mapping changes.
  private mutating func showArgmaxAsValues(wasShown: Bool) {
    guard var p = prediction, p.hasProbabilities else { return }
    let values = labelClasses.mapping.flatMap { $0.isIdentity ? nil : $0.values }
    guard values != nil || wasShown else { return }
    let argmax = p.prediction.argmax()
    if let v = values {
      p.labels = argmax.map { Int($0) < v.count ? v[Int($0)] : $0 }
      p.present = Array(v.prefix(p.classCount)).sorted()
    } else {
      p.labels = argmax
      p.present = (0..<p.classCount).map { Int32($0) }
    }
    prediction = p
    labelClasses.argmaxAsValues = values != nil
  }

  /// The label value of class `c` (class indices are label values without a mapping).
  public func classValue(_ c: Int) -> Int32 {
    if let v = labelClasses.mapping?.values, c >= 0, c < v.count { return v[c] }
    return Int32(clamping: c)
  }

  /// The name of class `c`: the label table's name of its label value.
  public func className(_ c: Int) -> String { labelTable.name(classValue(c)) }
}

extension ViewerState {
  /// The loss core's inputs (labels as classes, the prediction as classes) of the loaded data;
  /// nil while the label values cannot be classes (`labelClasses.error`).
  func classInputs() -> (labels: [Int32], prediction: PredictionLayer?)? {
    guard let gt = groundTruth, labelClasses.error == nil else { return nil }
    var p = prediction
    if let mapped = labelClasses.prediction { p?.prediction = mapped }
    return (labelClasses.labels ?? gt.labels, p)
  }
}
