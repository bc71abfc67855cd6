import RWRender
import RWVolume

/// The three status rows: position, values under the cursor, and a message or hint.
func drawStatus(_ g: inout CellGrid, _ s: ViewerState, _ r: CellRect, keyMap: KeyMap = .standard) {
  guard r.height >= 3 else { return }
  g.put(positionLine(s, width: r.width), x: r.x, y: r.y, maxWidth: r.width)
  g.put(valuesLine(s, width: r.width), x: r.x, y: r.y + 1, maxWidth: r.width)
  if let buf = s.gotoBuffer {
    let axis = s.mapping(s.plane).map { ["i", "j", "k"][$0.sliceAxis] } ?? "k"
    g.put(
      wordPrefix("go to slice (\(axis)): \(buf)_   Enter: go  Esc: cancel", width: r.width), x: r.x,
      y: r.y + 2,
      fg: Chrome.accentFG, style: .bold)
  } else if let msg = s.message {
    g.put(wordPrefix(msg, width: r.width), x: r.x, y: r.y + 2, fg: Chrome.letterFG)
  } else {
    g.put(
      hintLine(s, keyMap: keyMap, width: r.width), x: r.x, y: r.y + 2, fg: Chrome.dimFG,
      maxWidth: r.width)
  }
}

/// "axial k=12/63  voxel (i,j,k)=(..)  world (x,y,z)=(..) mm  RAS": the focused plane's slice,
/// the cursor voxel, its world position and the axis codes. Parts that do not fit in `width`
/// are left out whole (the slice first, then the codes, the voxel, the world position).
public func positionLine(_ s: ViewerState, width: Int = .max) -> String {
  guard let grid = s.grid else { return "no image yet" }
  let c = s.cursor
  let w = grid.affine.apply(Double(c[0]), Double(c[1]), Double(c[2]))
  var slice = ""
  if let m = s.mapping(s.plane) {
    slice =
      "\(s.plane.rawValue) \(["i", "j", "k"][m.sliceAxis])=\(c[m.sliceAxis])/\(grid.dims[m.sliceAxis] - 1)"
  }
  let world = "world (x,y,z)=(\(fixed(w.x, 1)),\(fixed(w.y, 1)),\(fixed(w.z, 1))) mm"
  return fitParts(
    [
      (0, slice), (2, "voxel (i,j,k)=(\(c[0]),\(c[1]),\(c[2]))"), (3, world),
      (1, grid.affine.axcodes),
    ],
    width: width)
}

/// Values under the cursor for every layer ("img 250 | gt 1 CSF | pred 1 CSF p=[..] | rrw Z=[..]
/// P·Z=.."); parts that do not fit in `width` are left out whole. With more than 8 classes the
/// lists give the values of the true and the predicted class only.
public func valuesLine(_ s: ViewerState, width: Int = .max) -> String {
  guard let v = s.cursorIndex else { return "" }
  var parts: [(Int, String)] = []
  if let im = s.image {
    let n = im.volume.grid.voxelCount
    let x = im.volume.data[min(s.frame, im.volume.channels - 1) * n + v]
    parts.append((0, "img \(fmtValue(Double(x)))"))
  }
  var shownClasses: [Int] = []
  if let gt = s.groundTruth {
    let l = gt.labels[v]
    parts.append((1, "gt \(l) \(s.labelTable.name(l))"))
    shownClasses.append(Int(l))
  }
  if let pr = s.prediction {
    let l = pr.labels[v]
    if !shownClasses.contains(Int(l)) { shownClasses.append(Int(l)) }
    var t = "pred \(l) \(s.labelTable.name(l))"
    if pr.hasProbabilities {
      t += " p" + classList(pr.classCount, shownClasses) { fixed(Double(pr.probability($0, v)), 2) }
    }
    parts.append((2, t))
  }
  if let m = s.maps {
    if m.isDone(s.cursor[0], s.cursor[1], s.cursor[2]) {
      var t =
        "\(m.settings.name) Z"
        + classList(m.classCount, shownClasses) { fmtValue(Double(m.value($0, v))) }
      if let pr = s.prediction {
        var l = 0.0
        for c in 0..<min(m.classCount, pr.classCount) {
          l += Double(pr.probability(c, v)) * Double(m.value(c, v))
        }
        t += " P" + (s.caps.unicode ? "·" : "*") + "Z=\(fmtValue(l))"
      }
      parts.append((3, t))
    } else {
      parts.append((3, "\(m.settings.name) (computing)"))
    }
  }
  let joined = parts.map(\.1).joined(separator: " | ")
  if joined.unicodeScalars.count <= width { return joined }
  return fitParts(parts.map { (priority: $0.0, text: $0.1) }, width: width, separator: " | ")
}

/// "=[a b c]" for up to 8 classes, else "[c]=a [d]=b" for the `shown` classes (in range).
private func classList(_ k: Int, _ shown: [Int], _ value: (Int) -> String) -> String {
  if k <= 8 { return "=[" + (0..<k).map(value).joined(separator: " ") + "]" }
  return shown.filter { $0 >= 0 && $0 < k }.map { "[\($0)]=" + value($0) }.joined(separator: " ")
}

/// The bottom hint: "? help  q quit  j/k slice ..." with the keys from the key map. Entries are
/// chosen by usefulness (those needing labels or a prediction only when they are loaded) and
/// kept whole: an entry that does not fit is left out, the rest keep their display order.
func hintLine(_ s: ViewerState, keyMap: KeyMap = .standard, width: Int) -> String {
  let gt = s.paths[.groundTruth] != nil
  let pred = s.paths[.prediction] != nil
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
    let keys = actions.compactMap { a in
      keyMap.keys(for: a).first.map { s.caps.unicode ? $0.displayName : $0.asciiName }
    }
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
