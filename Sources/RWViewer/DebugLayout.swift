import RWRender

/// Where the debugging features go in the frame.
enum DebugLayout {
  /// Widest inspector column.
  static let inspectorMax = 46

  /// Rows of the profile strip: a title, one row per class (at most 8), the total and a marker row.
  static func bottomRows(_ s: ViewerState) -> Int {
    guard s.debug.profileVisible else { return 0 }
    return min(8, s.classCount) + 3
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
    c.mapSettings = s.debug.compareSettings
    c.debug.drawingComparePane = true
    return c
  }
}

/// Draws the inspector panels, the profile strip and the compare panes' map names.
func drawDebug(_ g: inout CellGrid, _ s: ViewerState, _ layout: ViewLayout) {
  if s.debug.compare && !s.threePlane {
    let names = [s.mapSettings.summary, s.debug.compareSettings.summary]
    for (n, pane) in layout.panes.enumerated() where n < 2 {
      let r = pane.rect
      let text = " " + names[n] + " "
      g.put(text, x: r.x + 1, y: r.y + r.height - 1, fg: Chrome.headerFG, bg: n == 0 ? Panel.mainTag : Panel.compareTag,
            style: .bold, maxWidth: max(0, r.width / 2 - 2))
    }
  }
  if layout.inspector.width > 0 { drawInspector(&g, s, layout.inspector) }
  if layout.bottomPanel.height > 0 && s.debug.profileVisible { drawProfileStrip(&g, s, layout.bottomPanel) }
}
