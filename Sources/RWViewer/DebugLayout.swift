import RWRender

/// Where the debugging features go in the frame.
enum DebugLayout {
  /// Widest inspector column.
  static let inspectorMax = 46

  /// Rows of the profile strip: a title, one row per class (at most 8), the total and a marker row.
  static func bottomRows(_ s: ViewerState) -> Int {
    guard s.debug.profileVisible else { return 0 }
    // The excess mode's three rows (excess, CE, soft Dice loss) keep the strip's height.
    return max(min(8, s.classCount), 3) + 3
  }

  /// Width of the inspector column (0 when no panel is on or the terminal is too narrow).
  static func inspectorWidth(_ s: ViewerState, cols: Int, sidebar: Int) -> Int {
    guard s.debug.inspectorVisible else { return 0 }
    let w = min(inspectorMax, cols - sidebar - 30)
    return w >= 24 ? w : 0
  }

  /// The state a pane is drawn from: the compare pane shows the compare map.
  static func paneState(_ s: ViewerState, paneIndex n: Int) -> ViewerState {
    guard n == 1, s.debug.compare, !s.threePlane else { return s }
    var c = s
    c.maps = s.debug.compareMaps
    c.mapOptions = s.debug.compareOptions
    c.debug.drawingComparePane = true
    return c
  }
}

/// Draws the inspector panels, the profile strip and the compare panes' map names.
func drawDebug(_ g: inout CellGrid, _ s: ViewerState, _ layout: ViewLayout) {
  if s.debug.compare && !s.threePlane {
    let names = [s.mapOptions.summary, s.debug.compareOptions.summary]
    for (n, pane) in layout.panes.enumerated() where n < 2 {
      let r = pane.rect
      let text = " " + names[n] + " "
      let room = max(0, r.width / 2 - 3)
      let shown = text.count > room ? String(text.prefix(room)) : text
      g.put(
        shown, x: r.x + r.width - 1 - shown.count, y: r.y, fg: Chrome.headerFG,
        bg: n == 0 ? Panel.mainTag : Panel.compareTag, style: .bold)
      // The map's range (selected class) or its progress, bottom left.
      if let m = n == 0 ? s.maps : s.debug.compareMaps {
        let c = max(0, min(m.classCount - 1, s.selectedClass))
        let room = max(0, r.width / 2 - 3)
        let progress = m.isComplete ? "" : "\(m.doneCount)/\(m.unitCount) "
        var info = ""
        if m.minValue[c].isFinite {
          info =
            fitNumbers([Double(m.minValue[c]), Double(m.maxValue[c])], width: room - 2) {
              " " + progress + "c\(c) \($0[0])..\($0[1]) "
            } ?? ""
        } else if !progress.isEmpty, progress.count + 1 <= room {
          info = " " + progress
        }
        if let e = m.error { info = " " + e + " " }
        if !info.isEmpty {
          g.put(
            info, x: r.x + 1, y: r.y + r.height - 1, fg: m.error == nil ? Panel.dim : Panel.bad,
            maxWidth: room)
        }
      }
    }
  }
  if layout.inspector.width > 0 { drawInspector(&g, s, layout.inspector) }
  if layout.bottomPanel.height > 0 && s.debug.profileVisible {
    drawProfileStrip(&g, s, layout.bottomPanel)
  }
}
