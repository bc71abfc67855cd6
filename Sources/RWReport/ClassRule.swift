import RWLoss

/// The one rule turning label values into classes (the ground truth and a label-map prediction
/// alike), shared by `stats`, `maps` and the viewer.
public enum ClassRule {
  /// The mapping for label values `present` (distinct, ascending; the truth's and a label-map
  /// prediction's together) of the labels file `path`:
  /// - a label table: its classes (`LabelTable.mapping`); a table lacking a present value
  ///   only names the labels when one of the next rules applies (with a note), else the error;
  /// - `remap`: the sorted present values;
  /// - `classes` (K given): the values are class indices below K;
  /// - otherwise the values must look like class indices (`LabelMapping.looksLikeIndices`),
  ///   else a one-line error saying what to give.
  /// Returns nil for "values are class indices" (K decided by the caller), with a note to print
  /// when values were remapped.
  public static func mapping(
    present: [Int32], path: String, table: LabelTable?, remap: Bool, classes: Int?
  ) throws -> (mapping: LabelMapping?, note: String?) {
    let indices = classes != nil || LabelMapping.looksLikeIndices(present: present)
    var tableNote: String? = nil
    if let t = table {
      do {
        let m = try t.mapping(present: present)
        let note = "\(path): label values to classes (\(t.source)): \(m.summary())"
        return (m, m.isIdentity ? nil : note)
      } catch let e as RWLossError where remap || indices {
        // A table lacking a value still names the others when the rest of the rule applies.
        tableNote = "\(e.thing): \(e.problem); the table only names the labels"
      }
    }
    if remap {
      let m = try LabelMapping.sorted(present)
      let note = "\(path): label values remapped to classes: \(m.summary())"
      return (m, [tableNote, note].compactMap { $0 }.joined(separator: "; "))
    }
    if indices { return (nil, tableNote) }
    let top = present.last.map(String.init) ?? "0"
    throw RWLossError(
      path,
      "label values up to \(top) (\(present.count) present) are not class indices 0..K-1: give a "
        + "label table (--labels FILE, or dataset.json beside the data), --remap auto, or "
        + "--classes K if they are indices")
  }
}
