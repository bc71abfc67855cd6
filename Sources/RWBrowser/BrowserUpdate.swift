import RWDataset
import RWRender

/// What happens to the browser.
public enum BrowserEvent: Sendable {
  case key(Key)
  case resize(cols: Int, rows: Int)
  /// A case's numbers arrived from the background run.
  case caseDone(CaseStats)
  case caseFailed(id: String, error: String)
  /// The viewer closed on case `id` (the cursor follows it).
  case returned(id: String)
}

/// What the session must do.
public enum BrowserEffect: Equatable, Sendable {
  /// Open the case in the viewer.
  case open(String)
  case quit
}

/// The browser's keys (documented in the README and the list's hint line).
public enum BrowserKeys {
  public static let hint =
    "↑↓ move  Enter open  s sort  S id order  q quit  ( ) prev/next case in the viewer"
}

/// Applies one event.
public func updateBrowser(_ s: inout BrowserState, _ e: BrowserEvent) -> [BrowserEffect] {
  switch e {
  case .resize(let c, let r):
    s.termCols = c
    s.termRows = r
    s.keepCursorVisible()
  case .caseDone(let stats):
    let keep = s.selectedID
    if let i = s.rows.firstIndex(where: { $0.id == stats.id }) {
      s.rows[i].values = s.columns.map { $0.ranking.value(stats) }
      s.rows[i].status = .done
    }
    if let keep { s.select(keep) }
  case .caseFailed(let id, let error):
    if let i = s.rows.firstIndex(where: { $0.id == id }) { s.rows[i].status = .failed(error) }
  case .returned(let id):
    s.select(id)
  case .key(let k):
    s.message = nil
    switch k {
    case .up, .char("k"): s.cursor -= 1
    case .down, .char("j"): s.cursor += 1
    case .pageUp: s.cursor -= s.visibleRows
    case .pageDown: s.cursor += s.visibleRows
    case .home, .char("g"): s.cursor = 0
    case .end, .char("G"): s.cursor = s.rows.count - 1
    case .char("s"), .char("S"):
      let keep = s.selectedID
      if case .char("S") = k {
        s.sortColumn = nil
      } else {
        s.sortColumn = s.sortColumn.map { ($0 + 1) % s.columns.count } ?? 0
      }
      if let keep { s.select(keep) }
    case .enter:
      guard let id = s.selectedID, let row = s.rows.first(where: { $0.id == id }) else { return [] }
      if row.status == .noPrediction {
        s.message = "\(id) has no labels or no prediction"
        return []
      }
      return [.open(id)]
    case .char("q"), .ctrl("c"), .escape:
      s.quitRequested = true
      return [.quit]
    default: break
    }
    s.keepCursorVisible()
  }
  return []
}
