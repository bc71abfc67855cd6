import Foundation
import RWDataset
import RWLoss
import RWNIfTI
import RWRender
import RWViewer

/// Turns the command line into the viewer's initial state (shared by `view` and `render`).
enum ViewSetup {
  /// Reads NIfTI files (and nnU-Net `.npz` probabilities) for the runtime.
  static let loader: VolumeLoader = loader(reference: nil)

  /// A loader whose `.npz` files take their grid from `reference` (the labels) when no
  /// segmentation lies beside them.
  static func loader(reference: String?) -> VolumeLoader {
    { path in
      let r = try CaseFiles.loadVolume(path: path, reference: reference)
      return (r.volume, r.warnings)
    }
  }

  /// The initial state; `announce` receives the files chosen in a case folder.
  static func initialState(_ o: ViewOptions, announce: (String) -> Void) throws -> ViewerState {
    var s = ViewerState()
    guard let input = o.input else {
      throw ViewerError(
        "give an image, a case folder or a dataset (or --gt DIR --pred DIR for the case browser)")
    }
    var image = input
    var gt = o.gt
    var pred = o.pred
    var labelFile = o.labels
    var isDir: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: input, isDirectory: &isDir)
    let predFolder = o.pred.flatMap { DatasetStatsCommand.isFolder($0) ? $0 : nil }
    if predFolder != nil { pred = nil }
    if let (found, datasetLabels) = try caseToOpen(
      input, isFolder: exists && isDir.boolValue, caseID: o.caseID, predictions: predFolder)
    {
      guard let first = found.images.first else {
        throw ViewerError("\(input): case \(found.id) has no image")
      }
      image = first
      gt = gt ?? found.labels
      pred = pred ?? found.prediction
      announce("rwview: \(input): \(found.summary)")
      let dataset = (input.hasSuffix("/") ? input : input + "/") + "dataset.json"
      labelFile = labelFile ?? datasetLabels
      if labelFile == nil && FileManager.default.fileExists(atPath: dataset) { labelFile = dataset }
    } else if o.caseID != nil {
      throw ViewerError("--case: \(input) is not a dataset (an nnU-Net folder or a manifest)")
    }
    if o.predB != nil && pred == nil {
      throw ViewerError("--pred-b needs --pred (the model it is compared with)")
    }
    for (what, path) in [
      ("image", image), ("labels", gt), ("prediction", pred), ("prediction B", o.predB),
    ] {
      guard let p = path else { continue }
      var d: ObjCBool = false
      guard FileManager.default.fileExists(atPath: p, isDirectory: &d) else {
        throw ViewerError("\(p): no such file (\(what))")
      }
      if d.boolValue { throw ViewerError("\(p): is a folder, expected a file (\(what))") }
      guard FileManager.default.isReadableFile(atPath: p) else {
        throw ViewerError("\(p): cannot be read (\(what))")
      }
    }
    s.paths[.image] = image
    if let g = gt { s.paths[.groundTruth] = g }
    if let p = pred { s.paths[.prediction] = p }
    if let b = o.predB { s.paths[.predictionB] = b }
    // A label file only names labels (and orders classes): a bad one is a warning, not a failed
    // command. Without --labels, a dataset.json beside the labels is used, as `stats` does.
    let (table, warning) =
      gt.map { LabelCommandSetup.table(labelFile, near: $0) }
      ?? (labelFile.map { LabelTableFile.load($0) } ?? (nil, nil))
    if let table { s.labelTable = table }
    if let warning { announce("rwview: warning: \(warning)") }
    s.remapLabels = try o.labelOptions.remapAuto()
    s.predictionKind = try PredictionKindOption.parse(o.predKind)
    s.mapOptions = try o.mapOptions.mapOptions()
    s.classes = o.mapOptions.classes
    if let a = VolumeAxis(name: o.mapOptions.axis) { s.debug.mapSliceAxis = a }
    s.plane = try o.planeValue()
    s.initialSlice = o.slice
    s.radiological = !o.neurological
    if let c = o.selectedClass {
      guard c >= 0 else { throw ViewerError("--class: expected a class index ≥ 0, got \(c)") }
      s.selectedClass = c
    }
    guard o.opacity.isFinite, o.opacity >= 0.1, o.opacity <= 1 else {
      throw ViewerError("--opacity: expected 0.1 to 1, got \(o.opacity)")
    }
    s.opacity = o.opacity
    s.groundTruthStyle = try OptionChoices.gtStyle.value(o.gtStyle, OverlayStyle.init(rawValue:))
    s.predictionStyle = try OptionChoices.predStyle.value(
      o.predStyle, OverlayStyle.init(rawValue:))
    s.mapQuantity = o.loss ? .loss : .classMap
    var v = LayerVisibility()
    v.map = o.mapOptions.mapGiven || o.loss
    if let list = o.layers {
      v = LayerVisibility()
      v.image = false
      v.groundTruth = false
      v.prediction = false
      for name in list.split(separator: ",").map({
        $0.trimmingCharacters(in: .whitespaces).lowercased()
      }) {
        switch name {
        case "image", "img": v.image = true
        case "gt", "labels": v.groundTruth = true
        case "pred", "prediction": v.prediction = true
        case "error", "errors": v.error = true
        case "map", "loss": v.map = true
        default: throw ViewerError("--layers: unknown layer \(name) (image, gt, pred, error, map)")
        }
      }
    }
    if v.map && gt == nil { throw ViewerError("the map layer needs --gt LABELS") }
    if (v.error || s.mapQuantity == .loss) && (gt == nil || pred == nil) {
      throw ViewerError(
        v.error ? "the error layer needs --gt and --pred" : "--loss needs --gt and --pred")
    }
    if o.predB != nil && o.layers == nil { v.difference = true }
    s.visible = v
    s.mapsWanted = v.map
    return s
  }

  /// The case to open when `input` is a dataset or a case folder (nil for an image file).
  /// A dataset of several cases needs `--case ID`: never its first case silently.
  static func caseToOpen(
    _ input: String, isFolder: Bool, caseID: String?, predictions: String? = nil
  ) throws
    -> (DatasetCase, String?)?
  {
    if var ds = try dataset(input, isFolder: isFolder) {
      if let predictions { ds = try PredictionFolder.attach(predictions, to: ds) }
      let ids = ds.cases.map(\.id)
      let shown = ids.prefix(5).joined(separator: ", ") + (ids.count > 5 ? ", …" : "")
      if let id = caseID {
        guard let c = ds.case(id) else {
          throw ViewerError("--case: \(input) has no case \(id) (cases: \(shown))")
        }
        return (c, ds.labelFile)
      }
      guard ds.cases.count == 1 else {
        if ds.cases.isEmpty { throw ViewerError("\(input): no cases found (\(ds.source))") }
        throw ViewerError(
          "\(input): a dataset of \(ds.cases.count) cases (\(shown)); open one with --case ID")
      }
      return (ds.cases[0], ds.labelFile)
    }
    guard isFolder else { return nil }
    return (try CaseDiscovery.find(in: input), nil)
  }

  /// The dataset at `input` (nnU-Net folder or manifest), or nil.
  static func dataset(_ input: String, isFolder: Bool) throws -> Dataset? {
    let lower = input.lowercased()
    let maybeDataset = isFolder || lower.hasSuffix(".csv") || lower.hasSuffix(".json")
    guard maybeDataset && FileManager.default.fileExists(atPath: input) else { return nil }
    return try DatasetDiscovery.open(input)
  }

  /// The dataset the case browser opens: `rwview DATASET` with several cases and no `--case`,
  /// or `rwview --gt LABELS_DIR --pred PRED_DIR`. Nil when the viewer opens one case.
  static func browserDataset(_ o: ViewOptions) throws -> Dataset? {
    let predFolder = o.pred.flatMap { DatasetStatsCommand.isFolder($0) ? $0 : nil }
    if let input = o.input {
      guard o.caseID == nil,
        var ds = try dataset(input, isFolder: DatasetStatsCommand.isFolder(input)),
        ds.cases.count > 1
      else { return nil }
      if let predFolder { ds = try PredictionFolder.attach(predFolder, to: ds) }
      return ds
    }
    guard let gt = o.gt, DatasetStatsCommand.isFolder(gt) else { return nil }
    return try DatasetDiscovery.pairs(root: nil, labels: gt, images: nil, predictions: predFolder)
  }

  /// Writes one line to standard error.
  static func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }
}
