import RWRender

/// The three status rows: position, values under the cursor, and a message or hint.
func drawStatus(_ g: inout CellGrid, _ s: ViewerState, _ r: CellRect, keyMap: KeyMap = .standard) {
  guard r.height >= 3 else { return }
  g.put(positionLine(s), x: r.x, y: r.y, maxWidth: r.width)
  g.put(valuesLine(s), x: r.x, y: r.y + 1, maxWidth: r.width)
  if let buf = s.gotoBuffer {
    let axis = s.mapping(s.plane).map { ["i", "j", "k"][$0.sliceAxis] } ?? "k"
    g.put("go to slice (\(axis)): \(buf)_   Enter: go  Esc: cancel", x: r.x, y: r.y + 2, fg: Chrome.accentFG, style: .bold, maxWidth: r.width)
  } else if let msg = s.message {
    g.put(msg, x: r.x, y: r.y + 2, fg: Chrome.letterFG, maxWidth: r.width)
  } else {
    g.put(hintLine(s, keyMap: keyMap, width: r.width), x: r.x, y: r.y + 2, fg: Chrome.dimFG, maxWidth: r.width)
  }
}

/// "axial k=12/63  voxel (i,j,k)=(..)  world (x,y,z)=(..) mm  RAS": the focused plane's slice,
/// the cursor voxel, its world position and the axis codes.
public func positionLine(_ s: ViewerState) -> String {
  guard let grid = s.grid else { return "no image yet" }
  let c = s.cursor
  let w = grid.affine.apply(Double(c[0]), Double(c[1]), Double(c[2]))
  var slice = ""
  if let m = s.mapping(s.plane) {
    slice = "\(s.plane.rawValue) \(["i", "j", "k"][m.sliceAxis])=\(c[m.sliceAxis])/\(grid.dims[m.sliceAxis] - 1)  "
  }
  return slice + "voxel (i,j,k)=(\(c[0]),\(c[1]),\(c[2]))  world (x,y,z)=(\(fixed(w.x, 1)),\(fixed(w.y, 1)),\(fixed(w.z, 1))) mm"
    + "  \(grid.affine.axcodes)"
}

/// Values under the cursor for every layer.
public func valuesLine(_ s: ViewerState) -> String {
  guard let v = s.cursorIndex else { return "" }
  var parts: [String] = []
  if let im = s.image {
    let n = im.volume.grid.voxelCount
    let x = im.volume.data[min(s.frame, im.volume.channels - 1) * n + v]
    parts.append("img \(fmtValue(Double(x)))")
  }
  if let gt = s.groundTruth {
    let l = gt.labels[v]
    parts.append("gt \(l) \(s.labelTable.name(l))")
  }
  if let pr = s.prediction {
    let l = pr.labels[v]
    var t = "pred \(l) \(s.labelTable.name(l))"
    if pr.hasProbabilities {
      t += " p=[" + (0..<pr.classCount).map { fixed(Double(pr.probability($0, v)), 2) }.joined(separator: " ") + "]"
    }
    parts.append(t)
  }
  if let m = s.maps {
    if m.isDone(s.cursor[0], s.cursor[1], s.cursor[2]) {
      let z = (0..<m.classCount).map { fmtValue(Double(m.value($0, v))) }.joined(separator: " ")
      var t = "\(m.settings.name) Z=[\(z)]"
      if let pr = s.prediction {
        var l = 0.0
        for c in 0..<min(m.classCount, pr.classCount) { l += Double(pr.probability(c, v)) * Double(m.value(c, v)) }
        t += " P" + (s.caps.unicode ? "·" : "*") + "Z=\(fmtValue(l))"
      }
      parts.append(t)
    } else {
      parts.append("\(m.settings.name) (computing)")
    }
  }
  return parts.joined(separator: " | ")
}

/// The bottom hint: "? help  q quit  j/k slice ..." with the keys from the key map. Entries are
/// chosen by usefulness (those needing labels or a prediction only when they are loaded) and
/// kept whole: an entry that does not fit is left out, the rest keep their display order.
func hintLine(_ s: ViewerState, keyMap: KeyMap = .standard, width: Int) -> String {
  let gt = s.paths[.groundTruth] != nil, pred = s.paths[.prediction] != nil
  // (display position, keys, label, shown) in order of usefulness.
  let wanted: [(Int, [Action], String, Bool)] = [
    (0, [.toggleHelp], "help", true),
    (1, [.quit], "quit", true),
    (2, [.slicePrev, .sliceNext], "slice", true),
    (7, [.toggleMap], "map", gt),
    (10, [.lossPanel], "loss", gt),
    (11, [.profileStrip], "profile", gt),
    (12, [.instability], "instability", gt),
    (4, [.toggleGroundTruth], "gt", gt),
    (5, [.togglePrediction], "pred", pred),
    (9, [.mapKindNext], "map kind", gt),
    (13, [.simulate], "simulate", gt),
    (6, [.toggleError], "errors", gt && pred),
    (8, [.nextClass], "class \(s.selectedClass)", gt || pred),
    (3, [.planeAxial, .planeCoronal, .planeSagittal, .threePlane], "planes", true),
    (14, [.metricsPanel], "metrics", gt && pred),
  ]
  var kept: [(Int, String)] = []
  var used = 0
  for (position, actions, label, shown) in wanted where shown {
    let keys = actions.compactMap { a in keyMap.keys(for: a).first.map { s.caps.unicode ? $0.displayName : $0.asciiName } }
    guard keys.count == actions.count else { continue }
    let text = keys.joined(separator: "/") + " " + label
    let need = (kept.isEmpty ? 0 : 2) + text.unicodeScalars.count
    if used + need <= width {
      kept.append((position, text))
      used += need
    }
  }
  return kept.sorted { $0.0 < $1.0 }.map(\.1).joined(separator: "  ")
}

/// A value with 4 significant-ish digits.
func fmtValue(_ x: Double) -> String {
  if !x.isFinite { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
  if x == x.rounded() && abs(x) < 1e7 { return String(Int(x)) }
  let a = abs(x)
  if a >= 1000 { return fixed(x, 1) }
  if a >= 1 { return fixed(x, 3) }
  return fixed(x, 4)
}
