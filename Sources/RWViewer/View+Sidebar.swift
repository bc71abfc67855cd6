import RWRender
import RWVolume

/// The side panel: label legend, error legend, map legend with a numeric colour bar.
func drawSidebar(_ g: inout CellGrid, _ s: ViewerState, _ r: CellRect) {
  guard r.width >= 12 && r.height > 0 else { return }
  var y = r.y
  let x = r.x + 1
  let w = r.width - 2
  let u = s.caps.unicode
  func line(_ text: String, fg: CellColor = .terminalDefault, style: CellStyle = []) {
    guard y < r.y + r.height else { return }
    g.put(wordPrefix(text, width: w), x: x, y: y, fg: fg, style: style)
    y += 1
  }
  // What is shown: window and overlay styles.
  if let im = s.image {
    let win = s.activeWindow
    let auto = s.window == nil ? " auto" : ""
    let text =
      fitNumbers([Double(win.low), Double(win.high)], width: w) {
        "window \($0[0])..\($0[1])" + auto
      }
      ?? fitNumbers([Double(win.low), Double(win.high)], width: w) { "\($0[0])..\($0[1])" }
    if let text { line(text, fg: Chrome.dimFG) }
    if im.nonFiniteCount > 0, y < r.y + r.height {
      // NaN/Inf voxels have their own colour: say which and how many.
      let c = WindowLevel.nonFiniteColor
      g.put(u ? "██" : "  ", x: x, y: y, fg: .rgb(c), bg: .rgb(c))
      g.put(
        fitParts(["nan/inf", "\(im.nonFiniteCount) voxels"], width: w - 3, separator: " "),
        x: x + 3, y: y)
      y += 1
    }
  }
  var shown: [String] = []
  if s.visible.groundTruth && s.groundTruth != nil && !s.visible.error {
    shown.append("gt \(s.groundTruthStyle.rawValue)")
  }
  if s.visible.prediction && s.prediction != nil && !s.visible.error {
    shown.append("pred \(s.predictionStyle.rawValue)")
  }
  // The opacity first: the styles may be cut, the number never.
  if !shown.isEmpty {
    line(fixed(s.opacity * 100, 0) + "% " + shown.joined(separator: ", "), fg: Chrome.dimFG)
  }
  y += 1
  // Map legend.
  if s.visible.map, let m = s.maps {
    let c = max(0, min(m.classCount - 1, s.selectedClass))
    let what =
      s.mapQuantity == .loss
      ? "loss P" + (u ? "·" : "*") + "Z"
      : fitParts([(1, "map \(m.settings.name)"), (0, "c\(c)")], width: w, separator: " ")
    line(what, style: .bold)
    let cmap = DivergingMap(maxAbs: s.mapQuantity == .loss ? m.overallMaxAbs : m.maxAbs[c])
    if y < r.y + r.height {
      for i in 0..<w {
        let v = cmap.maxAbs * (Float(2 * i + 1) / Float(w) - 1)
        let col = cmap.color(v)
        g[x + i, y] = Cell(u ? "█" : " ", fg: .rgb(col), bg: .rgb(col))
      }
      y += 1
    }
    if y + 1 < r.y + r.height {
      // Tick marks under the bar, then their values, centred and never overlapping.
      var nextFree = x
      for t in cmap.ticks(maxCount: 5) {
        let pos =
          x
          + Int(saturating: ((Double(t) / Double(cmap.maxAbs) + 1) / 2 * Double(w)).rounded(.down))
          .clamped(0, w - 1)
        let label = DivergingMap.label(t)
        let start = max(x, min(x + w - label.count, pos - label.count / 2))
        g.put("|", x: pos, y: y, fg: Chrome.dimFG)
        if start >= nextFree {
          g.put(label, x: start, y: y + 1)
          nextFree = start + label.count + 1
        }
      }
      y += 2
    }
    if s.mapQuantity == .classMap, m.minValue[c].isFinite,
      let text = fitNumbers(
        [Double(m.minValue[c]), Double(m.maxValue[c])], width: w, { "min \($0[0]) max \($0[1])" })
    {
      line(text, fg: Chrome.dimFG)
    }
    line(m.settings.summary, fg: Chrome.dimFG)
    if let e = m.error { line(e, fg: Chrome.errorFG) }
    y += 1
  }
  // Error legend.
  if s.visible.error && s.groundTruth != nil && s.prediction != nil {
    let c = s.selectedClass
    line(c > 0 ? "errors, class \(c)" : "errors, all classes", style: .bold)
    for (name, color) in [
      ("TP", ErrorColors.truePositive), ("FP", ErrorColors.falsePositive),
      ("FN", ErrorColors.falseNegative),
    ] {
      guard y < r.y + r.height else { break }
      g.put(u ? "██" : "  ", x: x, y: y, fg: .rgb(color), bg: .rgb(color))
      g.put(name, x: x + 3, y: y)
      y += 1
    }
    y += 1
  }
  // Label legend: scrolled to keep the selected class in view, "N more" above and below.
  let labels = legendLabels(s)
  let rows = r.y + r.height - y - 1
  if !labels.isEmpty && rows > 0 {
    line("labels", style: .bold)
    let sel = labels.firstIndex(of: Int32(s.selectedClass)) ?? 0
    let (start, end) = legendWindow(count: labels.count, rows: rows, selected: sel)
    if start > 0 { line((u ? "↑ " : "^ ") + "\(start) more (n/N)", fg: Chrome.dimFG) }
    for l in labels[start..<end] {
      if l != 0 || s.labelTable.entries[0] != nil {
        let color = s.labelTable.color(l)
        g.put(u ? "██" : "  ", x: x, y: y, fg: .rgb(color), bg: .rgb(color))
      }
      let mark = l == s.classValue(s.selectedClass) ? "*" : " "
      g.put("\(mark)\(l) \(s.labelTable.name(l))", x: x + 2, y: y, maxWidth: w - 2)
      y += 1
    }
    if end < labels.count {
      line((u ? "↓ " : "v ") + "\(labels.count - end) more (n/N)", fg: Chrome.dimFG)
    }
  }
}

/// The legend entries shown in `rows` rows: all when they fit, else a window around `selected`
/// leaving a row for each "N more" line it needs.
func legendWindow(count: Int, rows: Int, selected: Int) -> (start: Int, end: Int) {
  guard count > rows else { return (0, count) }
  var visible = max(1, rows - 1)
  var start = max(0, min(count - visible, selected - visible / 2))
  if start > 0 && start + visible < count {
    visible = max(1, rows - 2)
    start = max(0, min(count - visible, selected - visible / 2))
  }
  return (start, min(count, start + visible))
}

/// Labels shown in the legend: present in the ground truth or prediction, or named in the table.
func legendLabels(_ s: ViewerState) -> [Int32] {
  var set = Set<Int32>()
  if let gt = s.groundTruth { set.formUnion(gt.present) }
  if let p = s.prediction { set.formUnion(p.present) }
  if set.isEmpty { set.formUnion(s.labelTable.entries.keys) }
  return set.sorted()
}

extension Int {
  func clamped(_ lo: Int, _ hi: Int) -> Int { Swift.max(lo, Swift.min(hi, self)) }
}
