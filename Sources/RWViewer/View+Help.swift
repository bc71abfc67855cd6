import RWRender

/// The help overlay, generated from the key map, in as many columns as fit.
func drawHelp(_ g: inout CellGrid, _ s: ViewerState, _ keyMap: KeyMap) {
  let lines = keyMap.helpLines(ascii: !s.caps.unicode)
  let longest = lines.map(\.count).max() ?? 20
  let colWidth = min(longest + 2, max(20, g.width - 2))
  let avail = max(1, g.height - 4)
  let columns = min(max(1, (g.width - 2) / colWidth), (lines.count + avail - 1) / avail)
  let perColumn = (lines.count + columns - 1) / columns
  let boxW = min(g.width, columns * colWidth + 2), boxH = min(g.height, perColumn + 3)
  let x0 = (g.width - boxW) / 2, y0 = (g.height - boxH) / 2
  let bg = CellColor.rgb(RGB(20, 20, 40))
  g.fill(x: x0, y: y0, width: boxW, height: boxH, with: Cell(" ", fg: .terminalDefault, bg: bg))
  g.put("rwview keys (? or Esc closes)", x: x0 + 1, y: y0, fg: Chrome.letterFG, bg: bg, style: .bold, maxWidth: boxW - 2)
  for (n, text) in lines.enumerated() {
    let col = n / perColumn, row = n % perColumn
    let isGroup = !text.hasPrefix(" ") && !text.isEmpty
    g.put(text, x: x0 + 1 + col * colWidth, y: y0 + 2 + row, fg: isGroup ? Chrome.accentFG : .terminalDefault,
          bg: bg, style: isGroup ? .bold : [], maxWidth: colWidth - 1)
  }
}
