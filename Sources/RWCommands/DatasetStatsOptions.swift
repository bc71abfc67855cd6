import ArgumentParser
import RWDataset

/// The options of `rwview stats` over a dataset (beside the single-case ones).
public struct DatasetStatsOptions: ParsableArguments {
  @Argument(
    help:
      "A dataset: an nnU-Net raw dataset (root, imagesTr/ or labelsTr/) or a .csv/.json manifest.",
    completion: FileCompletion.volumeOrDataset)
  public var dataset: String?
  @Option(
    name: .long, help: "Dataset: a folder of images matched to --gt LABELS_DIR by case id.",
    completion: FileCompletion.folder)
  public var images: String?
  @Option(
    name: .long, help: "Dataset: also write one CSV row per case to this file.",
    completion: FileCompletion.any)
  public var csv: String?
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Dataset: rank cases worst first by "
        + (CaseRanking.offeredKeys.prefix(4) + ["dice:K", "hd95:K", "…"]).joined(separator: ", ")),
    completion: OptionChoices.sort.completion)
  public var sort: String?
  @Option(name: .long, help: "Dataset: rows of the ranked table (default 20).")
  public var top: Int = 20
  @Option(
    name: .long, help: "Dataset: compute shard I of N (cases in id order, every Nth); prints JSON.")
  public var shard: String?
  @Option(
    name: .long, parsing: .upToNextOption,
    help: "Merge the JSON of every shard of a run (--shard).",
    completion: FileCompletion.json)
  public var merge: [String] = []
  @Option(
    name: .customLong("pred-b"),
    help: "Dataset: a second model's predictions; adds B − A deltas per case.",
    completion: FileCompletion.folder)
  public var predB: String?

  public init() {}

  /// True when any dataset-only option is given.
  var isSet: Bool {
    dataset != nil || images != nil || csv != nil || sort != nil || shard != nil || !merge.isEmpty
      || predB != nil
  }
}
