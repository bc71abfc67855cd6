import RWVolume

/// Legends drawn as cells: the diverging colour bar with numeric ticks, and label swatches.
public enum Legend {
  /// Draws the diverging map as a `width`-cell colour bar on row `y` (−maxAbs at the left,
  /// +maxAbs at the right) and its tick values on row `y + 1`.
  ///
  /// In monochrome the bar shows the sign: `-` below 0, `0` at the centre, `+` above, bold
  /// beyond half of maxAbs. Tick labels that would overlap are dropped, except the end ones.
  public static func drawDiverging(
    _ map: DivergingMap, into grid: inout CellGrid, x: Int, y: Int, width: Int, caps: RenderCaps,
    maxTicks: Int = 5, textColor: CellColor = .terminalDefault
  ) {
    guard width >= 3 else { return }
    let m = map.maxAbs
    for i in 0..<width {
      let v = (Float(i) + 0.5) / Float(width) * 2 * m - m
      if caps.colorMode == .monochrome {
        let centre = i == width / 2 && width % 2 == 1
        let ch: Unicode.Scalar = centre ? "0" : (v < 0 ? "-" : "+")
        grid[x + i, y] = Cell(ch, style: abs(v) > m / 2 ? .bold : [])
      } else {
        let c = map.color(v)
        grid[x + i, y] = caps.unicode ? Cell("█", fg: .rgb(c), bg: .rgb(c)) : Cell(" ", bg: .rgb(c))
      }
    }
    let ticks = map.ticks(maxCount: maxTicks)
    // Place end ticks first so they always show, then the others where they fit.
    var order = Array(ticks.indices)
    if order.count > 2 { order = [order.first!, order.last!] + order.dropFirst().dropLast() }
    var taken = [Bool](repeating: false, count: width + 2)
    for k in order {
      let t = ticks[k]
      let label = DivergingMap.label(t)
      let n = label.unicodeScalars.count
      let col = Int(
        saturating: ((Double(t) + Double(m)) / (2 * Double(m)) * Double(width - 1)).rounded())
      let start = min(max(0, col - n / 2), max(0, width - n))
      let lo = max(0, start - 1)
      let hi = min(width + 1, start + n + 1)
      if (lo..<hi).contains(where: { taken[$0] }) { continue }
      for j in start..<min(width, start + n) { taken[j] = true }
      grid.put(label, x: x + start, y: y + 1, fg: textColor, maxWidth: width - start)
    }
  }

  /// Draws a label swatch and its name: "██ name" (or "## name" without Unicode; in monochrome
  /// the label number stands in for the colour).
  public static func drawLabel(
    _ label: Int, name: String, color: RGB?, into grid: inout CellGrid, x: Int, y: Int,
    maxWidth: Int, caps: RenderCaps, textColor: CellColor = .terminalDefault
  ) {
    guard maxWidth >= 4 else { return }
    if let c = color, caps.colorMode != .monochrome {
      let swatch: Cell = caps.unicode ? Cell("█", fg: .rgb(c), bg: .rgb(c)) : Cell(" ", bg: .rgb(c))
      grid[x, y] = swatch
      grid[x + 1, y] = swatch
    } else {
      let tag = String(label)
      grid.put(
        tag.count <= 2 ? tag : String(tag.suffix(2)), x: x, y: y, style: .reverse, maxWidth: 2)
    }
    grid.put(name, x: x + 3, y: y, fg: textColor, maxWidth: maxWidth - 3)
  }
}
