import ArgumentParser
import RWRender
import RWViewer

/// Inputs and layer options shared by `rwview [view]` and `rwview render`.
public struct ViewOptions: ParsableArguments {
  @Argument(
    help:
      "The image (.nii, .nii.gz, .hdr), a case folder, or a dataset (nnU-Net folder or manifest: the case browser).",
    completion: FileCompletion.volumeOrDataset)
  public var input: String?

  @Option(
    name: .customLong("gt"), help: "Ground-truth label map.", completion: FileCompletion.volume)
  public var gt: String?

  @Option(
    name: .customLong("case"),
    help: "The case to open when the input is a dataset (nnU-Net folder or manifest).")
  public var caseID: String?

  @Option(
    name: .customLong("pred"),
    help: "Prediction: probabilities or logits (4D, K channels) or a label map.",
    completion: FileCompletion.prediction)
  public var pred: String?

  @Option(
    name: .customLong("pred-b"),
    help: "A second model's prediction: an outline (B) and where it differs from --pred (d).",
    completion: FileCompletion.prediction)
  public var predB: String?

  @Option(
    name: .customLong("pred-kind"), help: ArgumentHelp(PredictionKindOption.help),
    completion: OptionChoices.predKind.completion)
  public var predKind: String = "auto"

  @OptionGroup public var mapOptions: MapOptionGroup

  @OptionGroup public var labelOptions: LabelOptionGroup

  /// `--labels`: the label table file.
  public var labels: String? {
    get { labelOptions.labels }
    set { labelOptions.labels = newValue }
  }

  @Option(name: .customLong("class"), help: "Class shown by the map and error layers.")
  public var selectedClass: Int?

  @Option(
    name: .customLong("plane"), help: ArgumentHelp(OptionChoices.plane.expected + "."),
    completion: OptionChoices.plane.completion)
  public var plane: String = "axial"

  @Option(
    name: .customLong("slice"), help: "Slice index along the plane's axis (default: the middle).")
  public var slice: Int?

  @Flag(
    name: .customLong("neurological"), help: "Patient left on screen left (default: radiological).")
  public var neurological = false

  @Option(
    name: .customLong("layers"),
    help:
      "Layers shown at start: any of image,gt,pred,error,map (default: image,gt,pred, plus map with --map).",
    completion: OptionChoices.layers.listCompletion)
  public var layers: String?

  @Flag(
    name: .customLong("loss"),
    help: "Show the per-voxel loss P·Z instead of the map of the selected class.")
  public var loss = false

  @Option(
    name: .customLong("gt-style"), help: "Ground truth as fill or outline.",
    completion: OptionChoices.gtStyle.completion)
  public var gtStyle: String = "outline"

  @Option(
    name: .customLong("pred-style"), help: "Prediction as fill or outline.",
    completion: OptionChoices.predStyle.completion)
  public var predStyle: String = "fill"

  @Option(name: .customLong("opacity"), help: "Opacity of fills and the map, 0.1 to 1.")
  public var opacity: Double = 0.5

  public init() {}

  func planeValue() throws -> Plane {
    try OptionChoices.plane.value(plane, Plane.init(rawValue:))
  }
}
