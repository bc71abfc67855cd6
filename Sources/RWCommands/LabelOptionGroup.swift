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
        + "dataset.json; names the classes and maps label values to classes in table order."),
    completion: FileCompletion.any)
  public var labels: String?

  @Option(
    name: .customLong("remap"),
    help:
      "auto: number the label values present (sorted) as classes 0..K-1, and print the mapping.",
    completion: OptionChoices.remap.completion)
  public var remap: String?

  public init() {}

  /// Whether `--remap auto` was given; other values are an error.
  public func remapAuto() throws -> Bool {
    guard let r = remap else { return false }
    return try OptionChoices.remap.word(r) == "auto"
  }
}
