import RWLoss
import RWRender
import RWVolume

/// Colours of the debugging panels.
enum Panel {
  static let title = CellColor.rgb(RGB(255, 215, 0))
  static let text = CellColor.terminalDefault
  static let dim = CellColor.rgb(RGB(150, 150, 150))
  static let good = CellColor.rgb(RGB(120, 220, 120))
  static let bad = CellColor.rgb(RGB(255, 90, 90))
  static let warn = CellColor.rgb(RGB(255, 180, 60))
  static let mainTag = CellColor.rgb(RGB(120, 200, 255))
  static let compareTag = CellColor.rgb(RGB(255, 170, 120))
  static let badgeSerious = CellColor.rgb(RGB(200, 40, 40))
  static let badgeWarn = CellColor.rgb(RGB(220, 160, 0))
  static let black = CellColor.rgb(RGB(0, 0, 0))
}

/// Writes lines top to bottom inside a rectangle.
struct PanelWriter {
  let x: Int
  let width: Int
  let bottom: Int
  var y: Int
  /// UTF-8 rules and marks (else ASCII).
  var unicode = true

  init(_ r: CellRect) {
    x = r.x + 1
    width = max(0, r.width - 2)
    bottom = r.y + r.height
    y = r.y
  }

  var hasRoom: Bool { y < bottom }

  /// Writes one line of segments (text, colour, style) and moves down. Numbers are never cut:
  /// a segment holding a digit is drawn whole, together with the label segments before it and
  /// any segment after it that starts with a digit (a "word"); a word that does not fit goes on
  /// the next line, indented; one wider than the panel is left out. Only text without digits is
  /// cut at the panel's edge.
  mutating func line(_ g: inout CellGrid, _ parts: [(String, CellColor, CellStyle)]) {
    guard y < bottom else { return }
    var cx = x
    var words: [[(String, CellColor, CellStyle)]] = [[]]
    for (n, p) in parts.enumerated() {
      words[words.count - 1].append(p)
      // A word ends after a number, unless the next segment starts with a digit: a label that
      // holds a digit ("c2 ") stays with its count ("0/56").
      let nextIsNumber =
        n + 1 < parts.count && parts[n + 1].0.first.map { ("0"..."9").contains($0) } == true
      if hasDigit(p.0) && !nextIsNumber { words.append([]) }
    }
    for var word in words where !word.isEmpty {
      var len = word.reduce(0) { $0 + $1.0.unicodeScalars.count }
      if cx + len > x + width && cx > x + 2 {
        // Wrap: the word starts the next line, two cells in, without its leading spaces.
        y += 1
        guard y < bottom else { return }
        cx = x + 2
        let trimmed = String(word[0].0.drop { $0 == " " })
        len -= word[0].0.count - trimmed.count
        word[0].0 = trimmed
      }
      // A word ending in a number that still does not fit is left out with its label: never
      // a label without its number.
      if let last = word.last, hasDigit(last.0), cx + len > x + width { continue }
      for (t, fg, st) in word {
        let n = t.unicodeScalars.count
        let room = x + width - cx
        if room <= 0 || (n > room && hasDigit(t)) { break }
        g.put(t, x: cx, y: y, fg: fg, style: st, maxWidth: room)
        cx += min(room, n)
      }
    }
    y += 1
  }

  mutating func line(
    _ g: inout CellGrid, _ text: String, _ fg: CellColor = Panel.text, _ style: CellStyle = []
  ) {
    line(&g, [(text, fg, style)])
  }

  /// A section title across the panel.
  mutating func title(_ g: inout CellGrid, _ text: String, _ right: String = "") {
    guard y < bottom else { return }
    // The right-hand note is shown whole or not at all.
    let shownRight = text.count + 1 + right.count <= width ? right : ""
    let fillCount = max(0, width - text.count - shownRight.count - 1)
    line(
      &g,
      [
        (text + " ", Panel.title, .bold),
        (String(repeating: unicode ? "─" : "-", count: fillCount), Panel.dim, .plain),
        (shownRight, Panel.dim, .plain),
      ])
  }

  /// Badges on as many lines as needed.
  mutating func badges(_ g: inout CellGrid, _ badges: [Badge]) {
    var cx = x
    for b in badges {
      let t = " " + b.text + " "
      guard t.count <= width else { continue }  // shown whole or not at all
      if cx + t.count > x + width && cx > x {
        y += 1
        cx = x
      }
      guard y < bottom else { return }
      g.put(
        t, x: cx, y: y, fg: Panel.black, bg: b.serious ? Panel.badgeSerious : Panel.badgeWarn,
        style: .bold,
        maxWidth: x + width - cx)
      cx += t.count + 1
    }
    if !badges.isEmpty { y += 1 }
  }

  mutating func skip() { y += 1 }
}

/// Whether `s` holds a decimal digit (a number that must never be cut).
func hasDigit(_ s: String) -> Bool {
  s.unicodeScalars.contains { $0.value >= 48 && $0.value <= 57 }
}

/// Right-aligns `s` in `w` columns.
func rpad(_ s: String, _ w: Int) -> String {
  s.count >= w ? s : String(repeating: " ", count: w - s.count) + s
}
/// Left-aligns `s` in `w` columns (cut when longer).
func lpad(_ s: String, _ w: Int) -> String {
  s.count >= w ? String(s.prefix(w)) : s + String(repeating: " ", count: w - s.count)
}

/// A number for the panels: 4 significant digits, "n/a" when undefined.
func pnum(_ v: Double) -> String { v.isFinite ? fmtValue(v) : "n/a" }

/// Percent with one decimal.
func pct(_ v: Double) -> String { v.isFinite ? fixed(v * 100, 1) + "%" : "n/a" }

/// Eight-level bars for values scaled to 0...1.
enum Sparkline {
  static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
  static let ascii: [Character] = [".", ".", ":", ":", "|", "|", "#", "#"]

  /// One character per value, scaled between the values' min and max (all equal: middle bar);
  /// with `blankZero`, a value of exactly 0 draws no bar (counts: nothing there).
  static func line(
    _ values: [Double], unicode: Bool, lo: Double? = nil, hi: Double? = nil, blankZero: Bool = false
  ) -> String {
    let finite = values.filter { $0.isFinite }
    guard !finite.isEmpty else { return String(repeating: " ", count: values.count) }
    let a = lo ?? finite.min()!
    let b = hi ?? finite.max()!
    let set = unicode ? blocks : ascii
    return String(
      values.map { v -> Character in
        guard v.isFinite, !(blankZero && v == 0) else { return " " }
        if b <= a { return set[3] }
        let t = (v - a) / (b - a)  // NaN or inf when b - a overflows
        return t.isFinite ? set[max(0, min(7, Int(saturating: (t * 7).rounded())))] : set[3]
      })
  }

  /// Values resampled to `width` columns (each column the maximum of its values, NaN ignored).
  static func resample(_ values: [Double], width: Int) -> [Double] {
    guard values.count > width, width > 0 else { return values }
    return (0..<width).map { x in
      let lo = x * values.count / width
      let hi = max(lo + 1, (x + 1) * values.count / width)
      // NaN (a slice still to come) only where every slice of the column is.
      return values[lo..<hi].filter { !$0.isNaN }.max() ?? .nan
    }
  }
}

/// The inspector column: loss, metrics, instability and simulator panels, in that order.
func drawInspector(_ g: inout CellGrid, _ s: ViewerState, _ r: CellRect) {
  // A thin separator on the left edge.
  for y in r.y..<(r.y + r.height) { g.put(s.caps.unicode ? "│" : "|", x: r.x, y: y, fg: Panel.dim) }
  var w = PanelWriter(CellRect(x: r.x + 1, y: r.y, width: r.width - 1, height: r.height))
  w.unicode = s.caps.unicode
  if s.debug.needsAnalysis && s.debug.analysis == nil {
    w.title(&g, "LOSS CORE")
    if let e = s.debug.analysisError {
      w.line(&g, e, Panel.bad)
    } else if s.paths[.groundTruth] == nil {
      w.line(&g, "needs --gt LABELS", Panel.bad)
    } else {
      // The progress whole in its longest form that fits (at 80x24 the full line did not, and
      // the whole line was dropped): the percentage is always shown.
      let p = pct(s.debug.analysisProgress ?? 0)
      let dots = s.caps.unicode ? "…" : "..."
      let forms = [
        "evaluating \(s.mapOptions.name) \(dots) \(p)", "\(s.mapOptions.name) \(dots) \(p)",
        "evaluating \(dots) \(p)", p,
      ]
      w.line(&g, forms.first { $0.unicodeScalars.count <= w.width } ?? p, Panel.dim)
    }
    w.skip()
  }
  if s.debug.lossPanel { drawLossPanel(&g, s, &w) }
  if s.debug.metricsPanel { drawMetricsPanel(&g, s, &w) }
  if s.debug.instability != .off { drawInstabilityPanel(&g, s, &w) }
  if s.debug.simulation != nil { drawSimulatorPanel(&g, s, &w) }
}

extension CellStyle {
  /// No style (for segment tuples, where `[]` does not infer).
  static let plain: CellStyle = []
}

/// A class's colour in the panels; the background's generated colour (black) is shown grey.
func classColor(_ s: ViewerState, _ c: Int) -> CellColor {
  let v = s.classValue(c)
  if v == 0 && s.labelTable.entries[0] == nil { return .rgb(RGB(170, 170, 170)) }
  return .rgb(s.labelTable.color(v))
}
