import Foundation
import RWNIfTI
import RWRender
import RWViewer

/// Turns the command line into the viewer's initial state (shared by `view` and `render`).
enum ViewSetup {
  /// Reads NIfTI files for the runtime.
  static let loader: VolumeLoader = { path in
    let r = try NIfTI.loadVolume(path: path)
    return (r.volume, r.warnings)
  }

  /// The initial state; `announce` receives the files chosen in a case folder.
  static func initialState(_ o: ViewOptions, announce: (String) -> Void) throws -> ViewerState {
    var s = ViewerState()
    var image = o.input, gt = o.gt, pred = o.pred
    var labelFile = o.labels
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: o.input, isDirectory: &isDir), isDir.boolValue {
      let found = try CaseDiscovery.find(in: o.input)
      image = found.image
      gt = gt ?? found.labels
      pred = pred ?? found.prediction
      announce("rwview: \(o.input): \(found.summary)")
      let dataset = (o.input.hasSuffix("/") ? o.input : o.input + "/") + "dataset.json"
      if labelFile == nil && FileManager.default.fileExists(atPath: dataset) { labelFile = dataset }
    }
    for (what, path) in [("image", image), ("labels", gt), ("prediction", pred), ("label file", labelFile)] {
      guard let p = path else { continue }
      var d: ObjCBool = false
      guard FileManager.default.fileExists(atPath: p, isDirectory: &d) else { throw ViewerError("\(p): no such file (\(what))") }
      if d.boolValue { throw ViewerError("\(p): is a folder, expected a file (\(what))") }
      guard FileManager.default.isReadableFile(atPath: p) else { throw ViewerError("\(p): cannot be read (\(what))") }
    }
    s.paths[.image] = image
    if let g = gt { s.paths[.groundTruth] = g }
    if let p = pred { s.paths[.prediction] = p }
    if let l = labelFile { s.labelTable = try LabelTable.load(path: l) }
    s.predictionKind = try o.predictionFormat()
    s.mapSettings = try o.mapSettings()
    s.plane = try o.planeValue()
    s.initialSlice = o.slice
    s.radiological = !o.neurological
    if let c = o.selectedClass {
      guard c >= 0 else { throw ViewerError("--class: expected a class index ≥ 0, got \(c)") }
      s.selectedClass = c
    }
    guard o.opacity.isFinite, o.opacity >= 0.1, o.opacity <= 1 else { throw ViewerError("--opacity: expected 0.1 to 1, got \(o.opacity)") }
    s.opacity = o.opacity
    s.groundTruthStyle = try style(o.gtStyle, "--gt-style")
    s.predictionStyle = try style(o.predStyle, "--pred-style")
    s.mapQuantity = o.loss ? .loss : .classMap
    var v = LayerVisibility()
    v.map = o.map != nil || o.loss
    if let list = o.layers {
      v = LayerVisibility()
      v.image = false
      v.groundTruth = false
      v.prediction = false
      for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
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
      throw ViewerError(v.error ? "the error layer needs --gt and --pred" : "--loss needs --gt and --pred")
    }
    s.visible = v
    s.mapsWanted = v.map
    return s
  }

  static func style(_ s: String, _ option: String) throws -> OverlayStyle {
    guard let v = OverlayStyle(rawValue: s.lowercased()) else { throw ViewerError("\(option): expected fill or outline, got \(s)") }
    return v
  }

  /// Writes one line to standard error.
  static func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }
}
