import ArgumentParser
import RWLoss
import RWReport

/// How label values become classes, for every command that reads labels: `--labels FILE`
/// (names, and the classes in the table's order) and `--remap auto`.
public struct LabelOptionGroup: ParsableArguments {
  @Option(
    name: .customLong("labels"),
    help: ArgumentHelp(
      "Label table: ITK-SNAP, FreeSurfer LUT, index-name text, CSV (index,name) or nnU-Net "
        + "dataset.json; names the classes and maps label values to classes in table order."))
  public var labels: String?

  @Option(
    name: .customLong("remap"),
    help: "auto: number the label values present (sorted) as classes 0..K-1, and print the mapping."
  )
  public var remap: String?

  public init() {}

  /// Whether `--remap auto` was given; other values are an error.
  public func remapAuto() throws -> Bool {
    guard let r = remap else { return false }
    guard r.lowercased() == "auto" else { throw OptionError("--remap", "expected auto, got \(r)") }
    return true
  }
}
