import RWRender

/// The side panel: label legend, error legend, map legend with a numeric colour bar.
func drawSidebar(_ g: inout CellGrid, _ s: ViewerState, _ r: CellRect) {
  guard r.width >= 12 && r.height > 0 else { return }
  var y = r.y
  let x = r.x + 1, w = r.width - 2
  let u = s.caps.unicode
  func line(_ text: String, fg: CellColor = .terminalDefault, style: CellStyle = []) {
    guard y < r.y + r.height else { return }
    g.put(text, x: x, y: y, fg: fg, style: style, maxWidth: w)
    y += 1
  }
  // Map legend.
  if s.visible.map, let m = s.maps {
    let c = max(0, min(m.classCount - 1, s.selectedClass))
    let what = s.mapQuantity == .loss ? "loss P" + (u ? "·" : "*") + "Z" : "map \(m.settings.name) c\(c)"
    line(what, style: .bold)
    let range = s.mapQuantity == .loss ? m.overallMaxAbs : m.maxAbs[c]
    if y < r.y + r.height {
      for i in 0..<w {
        let t = w > 1 ? Float(i) / Float(w - 1) * 2 - 1 : 0
        g[x + i, y] = Cell(u ? "█" : "#", fg: .rgb(DivergingMap.color(t)), bg: .rgb(DivergingMap.color(t)))
      }
      y += 1
    }
    if y < r.y + r.height {
      let lo = fmtValue(-Double(range)), hi = fmtValue(Double(range))
      g.put(lo, x: x, y: y, maxWidth: w)
      g.put("0", x: x + (w - 1) / 2, y: y)
      g.put(hi, x: x + w - hi.count, y: y)
      y += 1
    }
    if s.mapQuantity == .classMap, m.minValue[c].isFinite {
      line("min \(fmtValue(Double(m.minValue[c]))) max \(fmtValue(Double(m.maxValue[c])))", fg: Chrome.dimFG)
    }
    line(m.settings.summary, fg: Chrome.dimFG)
    if let e = m.error { line(e, fg: Chrome.errorFG) }
    y += 1
  }
  // Error legend.
  if s.visible.error && s.groundTruth != nil && s.prediction != nil {
    let c = s.selectedClass
    line(c > 0 ? "errors, class \(c)" : "errors, all classes", style: .bold)
    for (name, color) in [("TP", ErrorColors.truePositive), ("FP", ErrorColors.falsePositive), ("FN", ErrorColors.falseNegative)] {
      guard y < r.y + r.height else { break }
      g.put(u ? "██" : "  ", x: x, y: y, fg: .rgb(color), bg: .rgb(color))
      g.put(name, x: x + 3, y: y)
      y += 1
    }
    y += 1
  }
  // Label legend.
  let labels = legendLabels(s)
  if !labels.isEmpty {
    line("labels", style: .bold)
    for l in labels {
      guard y < r.y + r.height else { break }
      let color = s.labelTable.color(l)
      g.put(u ? "██" : "  ", x: x, y: y, fg: .rgb(color), bg: .rgb(color))
      let mark = l == Int32(s.selectedClass) ? "*" : " "
      g.put("\(mark)\(l) \(s.labelTable.name(l))", x: x + 2, y: y, maxWidth: w - 2)
      y += 1
    }
  }
}

/// Labels shown in the legend: present in the ground truth or prediction, or named in the table.
func legendLabels(_ s: ViewerState) -> [Int32] {
  var set = Set<Int32>()
  if let gt = s.groundTruth { set.formUnion(gt.present) }
  if let p = s.prediction { for c in 0..<p.classCount { set.insert(Int32(c)) } }
  if set.isEmpty { set.formUnion(s.labelTable.entries.keys) }
  return set.sorted()
}
