import RWRender
import RWVolume

/// The viewer's own handling of one event (`update` adds the debugging features' follow-up work).
func coreUpdate(_ s: inout ViewerState, _ event: ViewerEvent, keyMap: KeyMap = .standard)
  -> [Effect]
{
  switch event {
  case .key(let key):
    return handleKey(&s, key, keyMap: keyMap)
  case .resize(let cols, let rows):
    s.termCols = max(0, cols)
    s.termRows = max(0, rows)
    return []
  case .fileRead(let role, let path, let volume, let warnings):
    if let w = warnings.first {
      let more = warnings.count - 1
      s.message = "\(path): \(w)" + (more > 0 ? " (+\(more) more; `rwview info` lists them)" : "")
    }
    if role == .image {
      return [.prepare(.image, path: path, volume: volume, target: nil, kind: nil)]
    }
    if let g = s.image?.volume.grid {
      return [.prepare(role, path: path, volume: volume, target: g, kind: s.predictionKind)]
    }
    if s.paths[.image] == nil {
      return [.prepare(role, path: path, volume: volume, target: s.grid, kind: s.predictionKind)]
    }
    s.pendingOverlays[role] = (path, volume)
    return []
  case .layerReady(let role, let layer):
    return layerReady(&s, role, layer)
  case .loadFailed(let role, let message):
    s.loadStatus[role] = .failed(message)
    s.fatalError = message
    s.quitRequested = true
    return [.quit]
  case .mapUnit(let gen, let unit, let values):
    guard gen == s.mapGeneration, s.maps != nil else { return [] }
    s.maps!.store(unit: unit, channels: values)
    return []
  case .notice(let text):
    s.message = text
    s.notices.append(text)
    return []
  case .mapFailed(let gen, let message):
    guard gen == s.mapGeneration else { return [] }
    s.maps?.error = message
    s.message = message
    return []
  case .debug(let result):
    return debugEvent(&s, result)
  }
}

/// Files to load at start-up: every path given, in parallel.
public func startEffects(_ s: inout ViewerState) -> [Effect] {
  var out: [Effect] = []
  for role in LayerRole.allCases {
    guard let p = s.paths[role] else { continue }
    s.loadStatus[role] = .loading
    out.append(.load(role, path: p))
  }
  return out
}

private func layerReady(_ s: inout ViewerState, _ role: LayerRole, _ layer: PreparedLayer)
  -> [Effect]
{
  let hadGrid = s.grid != nil
  switch layer {
  case .image(let img): s.image = img
  case .labels(let l): s.groundTruth = l
  case .prediction(let p):
    if role == .predictionB { s.predictionB = p } else { s.prediction = p }
  }
  s.loadStatus[role] = .loaded
  if role != .image {
    // Label values to classes (the one rule); maps of another mapping are stale.
    let before = s.labelClasses.mapping
    s.refreshClasses()
    if s.labelClasses.mapping != before { s.maps = nil }
    if let e = s.labelClasses.error {
      s.message = e
    } else if s.message == nil, let n = s.labelClasses.note, !n.isEmpty {
      s.message = n
    }
  }
  if !hadGrid, let g = s.grid {
    s.cursor = g.dims.map { $0 / 2 }
    if let n = s.initialSlice, let m = s.mapping(s.plane) {
      s.cursor[m.sliceAxis] = max(0, min(g.dims[m.sliceAxis] - 1, n))
      if n < 0 || n >= g.dims[m.sliceAxis] {
        s.message = "slice \(n) is outside 0-\(g.dims[m.sliceAxis] - 1)"
      }
    }
  }
  var out: [Effect] = []
  if role == .image, let g = s.grid {
    for (r, pending) in s.pendingOverlays.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      out.append(
        .prepare(r, path: pending.path, volume: pending.volume, target: g, kind: s.predictionKind))
    }
    s.pendingOverlays = [:]
  }
  // Maps start as soon as the labels are in. A prediction arriving later with more classes
  // changes K (the absent classes' channels), so the maps are then computed again.
  if role == .prediction, let m = s.maps, m.classCount != s.classCount {
    s.maps = nil
  }
  out += startMapsIfReady(&s)
  return out
}

/// Starts the map computation when a map is wanted and the labels are in (the image grid is
/// known by then: overlays are prepared on it).
func startMapsIfReady(_ s: inout ViewerState) -> [Effect] {
  guard s.mapsWanted, s.maps == nil, s.groundTruth != nil, let g = s.grid else { return [] }
  guard let classes = s.classInputs() else {
    s.message = s.labelClasses.error
    return []
  }
  s.mapGeneration += 1
  let k = s.classCount
  // Hostile or mistaken inputs (a label 1e9, a 3000-channel prediction) must not size the map.
  guard k <= MapLimits.maxClasses, k * g.voxelCount <= MapLimits.maxValues else {
    s.message =
      "RW maps: \(k) classes over \(g.voxelCount) voxels is too many (at most \(MapLimits.maxClasses) classes and \(MapLimits.maxValues) values)"
    return []
  }
  let maps = MapVolume(
    generation: s.mapGeneration, settings: s.mapOptions, dims: g.dims, classCount: k)
  s.maps = maps
  let unit = maps.unit(s.cursor[0], s.cursor[1], s.cursor[2])
  let job = MapJob(
    generation: s.mapGeneration, options: s.mapOptions, dims: g.dims, spacing: g.spacing,
    labels: classes.labels,
    classCount: k, priority: [unit])
  return [.computeMaps(job)]
}

/// Asks for the cursor's map unit first when it is not computed yet.
func prioritizeVisibleMap(_ s: ViewerState) -> [Effect] {
  guard let m = s.maps, !m.isComplete else { return [] }
  let u = m.unit(s.cursor[0], s.cursor[1], s.cursor[2])
  return m.done[u] ? [] : [.prioritizeMaps(generation: m.generation, units: [u])]
}

private func handleKey(_ s: inout ViewerState, _ key: Key, keyMap: KeyMap) -> [Effect] {
  if key == .ctrl("c") {
    s.quitRequested = true
    return [.quit]
  }
  if let buffer = s.gotoBuffer {
    switch key {
    case .char(let c) where c.isASCII && c.isNumber:
      s.gotoBuffer = buffer + String(c)
    case .backspace:
      s.gotoBuffer = String(buffer.dropLast())
    case .escape:
      s.gotoBuffer = nil
    case .enter:
      s.gotoBuffer = nil
      if let n = Int(buffer), let m = s.mapping(s.plane), let g = s.grid {
        let last = g.dims[m.sliceAxis] - 1
        s.cursor[m.sliceAxis] = max(0, min(last, n))
        if n > last || n < 0 { s.message = "slice \(n) is outside 0-\(last)" }
        return prioritizeVisibleMap(s)
      }
    default:
      break
    }
    return []
  }
  if s.helpVisible {
    helpKey(&s, key, keyMap: keyMap)
    return []
  }
  guard let action = keyMap.action(for: key) else {
    if key == .escape { s.message = nil }
    return []
  }
  s.message = nil
  return perform(&s, action)
}
