import ArgumentParser
import RWRender
import RWViewer

/// Inputs and layer options shared by `rwview [view]` and `rwview render`.
public struct ViewOptions: ParsableArguments {
  @Argument(help: "The image (.nii, .nii.gz, .hdr), a case folder, or a dataset (nnU-Net folder or manifest: the case browser).")
  public var input: String?

  @Option(name: .customLong("gt"), help: "Ground-truth label map.")
  public var gt: String?

  @Option(name: .customLong("case"), help: "The case to open when the input is a dataset (nnU-Net folder or manifest).")
  public var caseID: String?

  @Option(name: .customLong("pred"), help: "Prediction: probabilities or logits (4D, K channels) or a label map.")
  public var pred: String?

  @Option(name: .customLong("pred-kind"), help: ArgumentHelp(PredictionKindOption.help))
  public var predKind: String = "auto"

  @Option(name: .customLong("map"), help: "RW map: rrw, rw-ac, boundary, boundary-kervadec, wce, rrw-ci (shown with m).")
  public var map: String?

  @Option(name: .customLong("geometry"), help: "Map geometry: 2d (per slice, the reference) or 3d.")
  public var geometry: String = "2d"

  @Option(name: .customLong("axis"), help: "Slicing axis of 2D maps: i, j or k.")
  public var axis: String = "k"

  @Option(name: .customLong("spacing"), help: "Map distances in voxel units or mm.")
  public var spacing: String = "voxel"

  @Flag(name: .customLong("int32"), help: "Truncate boundary-kervadec distances to int32, as its data path did.")
  public var int32 = false

  @Option(name: .customLong("ratio"), help: "rrw-ci outside values per class, e.g. 0.95,0.05.")
  public var ratio: String?

  @Option(name: .customLong("weights"), help: "wce class weights, e.g. 0.5,2.")
  public var weights: String?

  @Option(name: .customLong("classes"), help: "Number of classes K (default: from the prediction or labels).")
  public var classes: Int?

  @Option(name: .customLong("labels"), help: "Label names/colours: ITK-SNAP label file, FreeSurfer LUT or nnU-Net dataset.json.")
  public var labels: String?

  @Option(name: .customLong("class"), help: "Class shown by the map and error layers.")
  public var selectedClass: Int?

  @Option(name: .customLong("plane"), help: "axial, coronal or sagittal.")
  public var plane: String = "axial"

  @Option(name: .customLong("slice"), help: "Slice index along the plane's axis (default: the middle).")
  public var slice: Int?

  @Flag(name: .customLong("neurological"), help: "Patient left on screen left (default: radiological).")
  public var neurological = false

  @Option(name: .customLong("layers"), help: "Layers shown at start: any of image,gt,pred,error,map (default: image,gt,pred, plus map with --map).")
  public var layers: String?

  @Flag(name: .customLong("loss"), help: "Show the per-voxel loss P·Z instead of the map of the selected class.")
  public var loss = false

  @Option(name: .customLong("gt-style"), help: "Ground truth as fill or outline.")
  public var gtStyle: String = "outline"

  @Option(name: .customLong("pred-style"), help: "Prediction as fill or outline.")
  public var predStyle: String = "fill"

  @Option(name: .customLong("opacity"), help: "Opacity of fills and the map, 0.1 to 1.")
  public var opacity: Double = 0.5

  public init() {}

  /// The map settings from the options (one clear error for bad values).
  func mapSettings() throws -> MapSettings {
    var m = MapSettings(name: map ?? "rrw")
    switch geometry.lowercased() {
    case "2d": m.threeD = false
    case "3d": m.threeD = true
    default: throw ViewerError("--geometry: expected 2d or 3d, got \(geometry)")
    }
    guard let a = ["i": 0, "j": 1, "k": 2][axis.lowercased()] else { throw ViewerError("--axis: expected i, j or k, got \(axis)") }
    m.axis = a
    switch spacing.lowercased() {
    case "voxel": m.useSpacing = false
    case "mm": m.useSpacing = true
    default: throw ViewerError("--spacing: expected voxel or mm, got \(spacing)")
    }
    m.int32 = int32
    m.ratio = try ratio.map { try Self.numbers($0, option: "--ratio") }
    m.weights = try weights.map { try Self.numbers($0, option: "--weights") }
    if let k = classes, k < 1 || k > 4096 { throw ViewerError("--classes: expected 1 to 4096, got \(k)") }
    m.classes = classes
    if let name = map, !MapSettings.names.contains(name) {
      _ = try LossMapSource.options(m)  // throws the one-line "unknown map" message
    }
    return m
  }

  func planeValue() throws -> Plane {
    guard let p = Plane(rawValue: plane.lowercased()) else {
      throw ViewerError("--plane: expected axial, coronal or sagittal, got \(plane)")
    }
    return p
  }

  static func numbers(_ s: String, option: String) throws -> [Double] {
    let parts = s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    let values = parts.compactMap { Double($0) }
    guard !parts.isEmpty, values.count == parts.count, values.allSatisfy({ $0.isFinite }) else {
      throw ViewerError("\(option): expected comma-separated numbers, got \(s)")
    }
    return values
  }
}
