import Foundation
import RWRender

/// Draws the browser: a title with progress, a header naming the sort, the rows, a hint line.
public func browserView(_ s: BrowserState) -> CellGrid {
  var g = CellGrid(width: s.termCols, height: s.termRows)
  let (done, total) = s.progress
  var title = "\(s.rows.count) cases"
  if done < total { title += "  computing \(done)/\(total)" }
  title += "  " + s.title
  g.put(title, x: 0, y: 0, style: .bold)
  let idWidth = min(max(8, (s.rows.map(\.id.count).max() ?? 4) + 2), max(8, s.termCols / 3))
  var header = "case".padding(toLength: idWidth, withPad: " ", startingAt: 0)
  for (i, c) in s.columns.enumerated() {
    let mark = s.sortColumn == i ? (c.ranking.largerFirst ? "▼" : "▲") : " "
    header += pad(c.title + mark, 11)
  }
  g.put(header, x: 0, y: 1, style: .underline)
  let order = s.order
  for line in 0..<s.visibleRows {
    let p = s.scroll + line
    guard order.indices.contains(p) else { break }
    let r = s.rows[order[p]]
    var text = String(r.id.prefix(idWidth - 1)).padding(
      toLength: idWidth, withPad: " ", startingAt: 0)
    switch r.status {
    case .pending: text += s.columns.map { _ in pad("…", 11) }.joined()
    case .noPrediction: text += "  no prediction"
    case .failed(let e): text += "  failed: " + e
    case .done: text += r.values.map { pad(number($0), 11) }.joined()
    }
    let selected = p == s.cursor
    g.put(
      text.padding(toLength: max(text.count, s.termCols), withPad: " ", startingAt: 0), x: 0,
      y: 2 + line,
      fg: r.status == .noPrediction ? .rgb(RGB(128, 128, 128)) : .terminalDefault,
      style: selected ? .reverse : [])
  }
  g.put(s.message ?? BrowserKeys.hint, x: 0, y: s.termRows - 1, style: .dim)
  return g
}

/// A number in a table cell (4 significant digits; "n/a" when absent).
func number(_ v: Double?) -> String {
  guard let v, v.isFinite else { return "n/a" }
  return String(format: "%.4g", v)
}

/// Right-aligned in `w` columns.
func pad(_ s: String, _ w: Int) -> String {
  s.count >= w ? s : String(repeating: " ", count: w - s.count) + s
}
