import RWRender
import RWVolume

/// Applies one action of the key map.
public func perform(_ s: inout ViewerState, _ action: Action) -> [Effect] {
  switch action {
  case .quit:
    s.quitRequested = true
    return [.quit]
  case .togglePredictionB, .toggleDifference:
    guard s.paths[.predictionB] != nil else {
      s.message = "no second prediction: open with --pred-b FILE"
      return []
    }
    if action == .togglePredictionB {
      s.visible.predictionB.toggle()
    } else {
      s.visible.difference.toggle()
    }
  case .nextCase, .previousCase:
    guard s.caseNavigation else {
      s.message = "( and ) move between cases when a dataset is open (rwview DATASET)"
      return []
    }
    s.caseStep = action == .nextCase ? 1 : -1
    s.quitRequested = true
    return [.quit]
  case .toggleHelp:
    s.helpVisible.toggle()
    s.helpScroll = 0
  case .sliceNext: stepSlice(&s, 1)
  case .slicePrev: stepSlice(&s, -1)
  case .sliceNext10: stepSlice(&s, 10)
  case .slicePrev10: stepSlice(&s, -10)
  case .sliceFirst: stepSlice(&s, Int.min / 2)
  case .sliceLast: stepSlice(&s, Int.max / 2)
  case .gotoSlice: s.gotoBuffer = ""
  case .cursorUp: moveCursor(&s, du: 0, dv: -1)
  case .cursorDown: moveCursor(&s, du: 0, dv: 1)
  case .cursorLeft: moveCursor(&s, du: -1, dv: 0)
  case .cursorRight: moveCursor(&s, du: 1, dv: 0)
  case .panUp: pan(&s, du: 0, dv: -1)
  case .panDown: pan(&s, du: 0, dv: 1)
  case .panLeft: pan(&s, du: -1, dv: 0)
  case .panRight: pan(&s, du: 1, dv: 0)
  case .zoomIn: s.zoom = min(64, s.zoom * 1.25)
  case .zoomOut: s.zoom = max(0.25, s.zoom / 1.25)
  case .centreOnCursor: s.center = s.cursor.map { Double($0) + 0.5 }
  case .resetView:
    s.zoom = 1
    s.center = nil
  case .planeAxial: s.plane = .axial
  case .planeCoronal: s.plane = .coronal
  case .planeSagittal: s.plane = .sagittal
  case .threePlane: s.threePlane.toggle()
  case .nextPlane: s.plane = Plane.allCases[(Plane.allCases.firstIndex(of: s.plane)! + 1) % 3]
  case .previousPlane: s.plane = Plane.allCases[(Plane.allCases.firstIndex(of: s.plane)! + 2) % 3]
  case .toggleRadiological: s.radiological.toggle()
  case .toggleImage: s.visible.image.toggle()
  case .toggleGroundTruth:
    s.visible.groundTruth.toggle()
    if s.visible.groundTruth && s.paths[.groundTruth] == nil {
      s.message = "no ground truth: open with --gt LABELS"
    }
  case .togglePrediction:
    s.visible.prediction.toggle()
    if s.visible.prediction && s.paths[.prediction] == nil {
      s.message = "no prediction: open with --pred PRED"
    }
  case .toggleError:
    s.visible.error.toggle()
    if s.visible.error && (s.paths[.groundTruth] == nil || s.paths[.prediction] == nil) {
      s.message = "the error layer needs --gt and --pred"
    }
  case .toggleMap:
    s.visible.map.toggle()
    if s.visible.map {
      if s.paths[.groundTruth] == nil {
        s.message = "the map layer needs --gt LABELS"
        return []
      }
      s.mapsWanted = true
      return startMapsIfReady(&s) + prioritizeVisibleMap(s)
    }
  case .switchMapQuantity:
    s.mapQuantity = s.mapQuantity == .classMap ? .loss : .classMap
    if s.mapQuantity == .loss && s.paths[.prediction] == nil {
      s.message = "the loss P·Z needs --pred"
    }
    if !s.visible.map { return perform(&s, .toggleMap) }
  case .nextClass: s.selectedClass = (s.selectedClass + 1) % max(1, s.classCount)
  case .previousClass: s.selectedClass = (s.selectedClass + s.classCount - 1) % max(1, s.classCount)
  case .groundTruthStyle: s.groundTruthStyle = s.groundTruthStyle == .fill ? .outline : .fill
  case .predictionStyle: s.predictionStyle = s.predictionStyle == .fill ? .outline : .fill
  case .opacityUp: s.opacity = min(1, (s.opacity * 10 + 1).rounded() / 10)
  case .opacityDown: s.opacity = max(0.1, (s.opacity * 10 - 1).rounded() / 10)
  case .windowWider, .windowNarrower, .levelUp, .levelDown:
    var w = s.activeWindow
    let width = max(w.width, 1e-6)
    let step = width * 0.1
    switch action {
    case .windowWider:
      w.low -= step
      w.high += step
    case .windowNarrower where width > 2 * step + 1e-6:
      w.low += step
      w.high -= step
    case .levelUp:
      w.low += step
      w.high += step
    case .levelDown:
      w.low -= step
      w.high -= step
    default: break
    }
    s.window = w
  case .autoWindow: s.window = nil
  case .frameNext: s.frame = min(s.frameCount - 1, s.frame + 1)
  case .framePrevious: s.frame = max(0, s.frame - 1)
  case .suspend: return [.suspend]
  default:
    if action.isDebug { return performDebug(&s, action) + prioritizeVisibleMap(s) }
  }
  return prioritizeVisibleMap(s)
}

private func stepSlice(_ s: inout ViewerState, _ delta: Int) {
  guard let m = s.mapping(s.plane), let g = s.grid else { return }
  let a = m.sliceAxis
  s.cursor[a] = max(0, min(g.dims[a] - 1, s.cursor[a] + delta))
}

/// Moves the cursor by display steps in the focused plane (right/down on screen).
private func moveCursor(_ s: inout ViewerState, du: Int, dv: Int) {
  guard let m = s.mapping(s.plane), let g = s.grid else { return }
  if du != 0 {
    s.cursor[m.hAxis] = max(0, min(g.dims[m.hAxis] - 1, s.cursor[m.hAxis] + (m.hFlip ? -du : du)))
  }
  if dv != 0 {
    s.cursor[m.vAxis] = max(0, min(g.dims[m.vAxis] - 1, s.cursor[m.vAxis] + (m.vFlip ? -dv : dv)))
  }
}

/// Moves the view centre by a tenth of the visible extent in the focused plane.
private func pan(_ s: inout ViewerState, du: Int, dv: Int) {
  guard let m = s.mapping(s.plane), let g = s.grid else { return }
  var c = s.center ?? g.dims.map { Double($0) / 2 }
  let stepH = max(1, Double(m.width) / s.zoom / 10)
  let stepV = max(1, Double(m.height) / s.zoom / 10)
  c[m.hAxis] += Double(m.hFlip ? -du : du) * stepH
  c[m.vAxis] += Double(m.vFlip ? -dv : dv) * stepV
  s.center = c
}
