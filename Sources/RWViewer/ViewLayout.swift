/// A rectangle of cells.
public struct CellRect: Equatable, Sendable {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int
  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }
}

/// Where each part of the frame goes for a terminal size.
public struct ViewLayout: Equatable, Sendable {
  /// Smallest terminal the viewer draws in.
  public static let minCols = 40
  public static let minRows = 12
  /// Rows of the status area at the bottom.
  public static let statusRows = 3

  public var header: CellRect
  /// One pane per plane shown (single-plane: one; three-plane: axial, coronal, sagittal).
  public var panes: [(plane: Plane, rect: CellRect)]
  public var sidebar: CellRect
  /// The loss/metrics/instability/simulator panels, left of the sidebar (empty when off).
  public var inspector: CellRect
  /// Rows reserved for panels added by later features (empty by default).
  public var bottomPanel: CellRect
  public var status: CellRect

  public static func == (a: ViewLayout, b: ViewLayout) -> Bool {
    a.header == b.header && a.sidebar == b.sidebar && a.inspector == b.inspector
      && a.status == b.status && a.bottomPanel == b.bottomPanel
      && a.panes.map(\.plane) == b.panes.map(\.plane) && a.panes.map(\.rect) == b.panes.map(\.rect)
  }

  /// Whether the terminal is too small to draw the viewer.
  public static func tooSmall(cols: Int, rows: Int) -> Bool { cols < minCols || rows < minRows }

  /// The layout of `state`'s terminal size and plane settings.
  public init(_ s: ViewerState) {
    let w = s.termCols
    let h = s.termRows
    header = CellRect(x: 0, y: 0, width: w, height: 1)
    status = CellRect(x: 0, y: h - Self.statusRows, width: w, height: Self.statusRows)
    let panelRows = min(
      max(s.bottomPanelRows, DebugLayout.bottomRows(s)), max(0, h - Self.statusRows - 1 - 8))
    bottomPanel = CellRect(x: 0, y: status.y - panelRows, width: w, height: panelRows)
    let mainTop = 1
    let mainHeight = bottomPanel.y - mainTop
    let side = w >= 70 ? min(s.sidebarWidth, w / 3) : 0
    sidebar = CellRect(x: w - side, y: mainTop, width: side, height: mainHeight)
    let insp = DebugLayout.inspectorWidth(s, cols: w, sidebar: side)
    inspector = CellRect(x: w - side - insp, y: mainTop, width: insp, height: mainHeight)
    let paneWidth = w - side - insp
    if s.threePlane {
      let each = paneWidth / 3
      panes = Plane.allCases.enumerated().map { n, p in
        (
          p,
          CellRect(
            x: n * each, y: mainTop, width: n == 2 ? paneWidth - 2 * each : each, height: mainHeight
          )
        )
      }
    } else if s.debug.compare {
      let each = paneWidth / 2
      panes = [
        (s.plane, CellRect(x: 0, y: mainTop, width: each, height: mainHeight)),
        (s.plane, CellRect(x: each, y: mainTop, width: paneWidth - each, height: mainHeight)),
      ]
    } else {
      panes = [(s.plane, CellRect(x: 0, y: mainTop, width: paneWidth, height: mainHeight))]
    }
  }

  /// The image area of a pane: inside the one-cell margin that holds the orientation letters.
  public static func imageRect(_ pane: CellRect) -> CellRect {
    CellRect(x: pane.x + 1, y: pane.y + 1, width: pane.width - 2, height: pane.height - 2)
  }
}
