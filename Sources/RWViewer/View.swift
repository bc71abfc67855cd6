import RWRender
import RWVolume

/// Draws the whole frame for `state`: pure, no I/O.
public func view(_ s: ViewerState, keyMap: KeyMap = .standard) -> CellGrid {
  var g = CellGrid(width: s.termCols, height: s.termRows)
  if ViewLayout.tooSmall(cols: s.termCols, rows: s.termRows) {
    drawTooSmall(&g, s)
    return g
  }
  let layout = ViewLayout(s)
  drawHeader(&g, s, layout.header)
  for (n, (plane, rect)) in layout.panes.enumerated() {
    let ps = DebugLayout.paneState(s, paneIndex: n)
    drawPane(
      &g, ps, plane, rect, focused: layout.panes.count > 1 && plane == s.plane && !s.debug.compare)
  }
  drawSidebar(&g, s, layout.sidebar)
  drawDebug(&g, s, layout)
  drawStatus(&g, s, layout.status, keyMap: keyMap)
  if s.helpVisible { drawHelp(&g, s, keyMap) }
  return g
}

/// Styles used by the chrome.
enum Chrome {
  static let headerFG = CellColor.rgb(RGB(0, 0, 0))
  static let headerBG = CellColor.rgb(RGB(170, 170, 170))
  static let letterFG = CellColor.rgb(RGB(255, 215, 0))
  static let dimFG = CellColor.rgb(RGB(150, 150, 150))
  static let errorFG = CellColor.rgb(RGB(255, 90, 90))
  static let accentFG = CellColor.rgb(RGB(120, 200, 255))
}

private func drawTooSmall(_ g: inout CellGrid, _ s: ViewerState) {
  let x = s.caps.unicode ? "×" : "x"
  let lines = [
    "terminal too small", "(need \(ViewLayout.minCols)\(x)\(ViewLayout.minRows),",
    "have \(s.termCols)\(x)\(s.termRows))",
  ]
  let top = max(0, g.height / 2 - 1)
  for (n, line) in lines.enumerated() {
    g.put(line, x: max(0, (g.width - line.count) / 2), y: top + n)
  }
}

private func drawHeader(_ g: inout CellGrid, _ s: ViewerState, _ r: CellRect) {
  g.fill(
    x: r.x, y: r.y, width: r.width, height: 1,
    with: Cell(" ", fg: Chrome.headerFG, bg: Chrome.headerBG))
  // (priority, text): parts that do not fit are left out whole, the rest keep their order.
  var parts: [(priority: Int, text: String)] = [(0, "rwview")]
  if let p = s.paths[.image] { parts.append((4, baseName(p))) }
  if let m = s.mapping(s.plane), let grid = s.grid {
    let axis = ["i", "j", "k"][m.sliceAxis]
    parts.append(
      (1, "\(s.plane.rawValue) \(axis)=\(s.cursor[m.sliceAxis])/\(grid.dims[m.sliceAxis] - 1)"))
  }
  if s.frameCount > 1 { parts.append((2, "vol \(s.frame)/\(s.frameCount - 1)")) }
  parts.append((5, s.radiological ? "radiological" : "neurological"))
  if s.zoom != 1 { parts.append((3, "zoom \(fixed(s.zoom, 2))x")) }
  var room = r.width - 2
  if let prog = progressText(s), prog.count + 1 <= r.width {
    g.put(
      prog, x: r.x + r.width - prog.count - 1, y: r.y, fg: Chrome.headerFG, bg: Chrome.headerBG,
      style: .bold)
    room -= prog.count + 1
  }
  g.put(
    fitParts(parts, width: room, separator: " | "), x: r.x + 1, y: r.y, fg: Chrome.headerFG,
    bg: Chrome.headerBG,
    maxWidth: max(0, room))
}

/// "loading labels…" or "maps 12/128" while background work runs.
func progressText(_ s: ViewerState) -> String? {
  let loading = LayerRole.allCases.filter { s.loadStatus[$0] == .loading }
  if !loading.isEmpty {
    return "loading " + loading.map(\.noun).joined(separator: ", ") + (s.caps.unicode ? "…" : "...")
  }
  if let m = s.maps, !m.isComplete { return "maps \(m.doneCount)/\(m.unitCount)" }
  return nil
}

private func drawPane(
  _ g: inout CellGrid, _ s: ViewerState, _ plane: Plane, _ r: CellRect, focused: Bool
) {
  let inner = ViewLayout.imageRect(r)
  guard s.grid != nil, let m = s.mapping(plane), inner.width > 0, inner.height > 0 else {
    let text = s.isLoading ? "loading image" + (s.caps.unicode ? "…" : "...") : "no image"
    g.put(
      text, x: r.x + max(0, (r.width - text.count) / 2), y: r.y + r.height / 2, fg: Chrome.dimFG)
    return
  }
  let sampling = PaneSampling(
    state: s, plane: plane, pixelWidth: inner.width, pixelHeight: inner.height * 2)
  let pixels = PaneComposer.compose(s, sampling)
  HalfBlock.encode(pixels, into: &g, x: inner.x, y: inner.y, caps: s.caps)
  // Cursor markers in the margins, then orientation letters at the middle of each edge.
  let cx = inner.x + sampling.cursorX
  let cy = inner.y + sampling.cursorY / 2
  let u = s.caps.unicode
  if cx >= inner.x && cx < inner.x + inner.width {
    g.put(u ? "▾" : "v", x: cx, y: r.y, fg: Chrome.dimFG)
    g.put(u ? "▴" : "^", x: cx, y: r.y + r.height - 1, fg: Chrome.dimFG)
  }
  if cy >= inner.y && cy < inner.y + inner.height {
    g.put(u ? "▸" : ">", x: r.x, y: cy, fg: Chrome.dimFG)
    g.put(u ? "◂" : "<", x: r.x + r.width - 1, y: cy, fg: Chrome.dimFG)
  }
  let midY = inner.y + inner.height / 2
  let midX = inner.x + inner.width / 2
  g.put(String(m.leftLetter), x: r.x, y: midY, fg: Chrome.letterFG, style: .bold)
  g.put(String(m.rightLetter), x: r.x + r.width - 1, y: midY, fg: Chrome.letterFG, style: .bold)
  g.put(String(m.topLetter), x: midX, y: r.y, fg: Chrome.letterFG, style: .bold)
  g.put(String(m.bottomLetter), x: midX, y: r.y + r.height - 1, fg: Chrome.letterFG, style: .bold)
  if let grid = s.grid {
    let axis = ["i", "j", "k"][m.sliceAxis]
    let maxW = max(0, midX - r.x - 2)
    // The title whole, else a shorter form, else none (never a cut number).
    let forms = [
      "\(plane.rawValue) \(axis)=\(s.cursor[m.sliceAxis])/\(grid.dims[m.sliceAxis] - 1)",
      "\(plane.rawValue.prefix(3)) \(axis)=\(s.cursor[m.sliceAxis])",
      "\(axis)=\(s.cursor[m.sliceAxis])",
    ]
    if let title = forms.first(where: { $0.count <= maxW }) {
      g.put(
        title, x: r.x + 1, y: r.y, fg: focused ? Chrome.headerFG : Chrome.dimFG,
        bg: focused ? Chrome.headerBG : .terminalDefault)
    }
  }
}

func baseName(_ path: String) -> String {
  path.split(separator: "/").last.map(String.init) ?? path
}
