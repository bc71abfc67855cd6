import RWRender

/// The help overlay, generated from the key map: groups in as many columns as fit, scrolled by
/// `helpScroll` when they do not fit, with a "lines a–b of N" footer.
func drawHelp(_ g: inout CellGrid, _ s: ViewerState, _ keyMap: KeyMap) {
  let ascii = !s.caps.unicode
  let layout = helpLayout(s, keyMap)
  let box = layout.box
  let bg = CellColor.rgb(RGB(20, 20, 40))
  g.fill(
    x: box.x, y: box.y, width: box.width, height: box.height,
    with: Cell(" ", fg: .terminalDefault, bg: bg))
  let inner = box.width - 2
  g.put(
    fitParts(["rwview keys", "(? Esc q close)"], width: inner, separator: " "), x: box.x + 1,
    y: box.y,
    fg: Chrome.letterFG, bg: bg, style: .bold, maxWidth: inner)
  let top = layout.clamp(s.helpScroll)
  let x0 = box.x + HelpLayout.margin
  for row in 0..<layout.visibleRows {
    for piece in layout.rows[top + row] {
      let maxW = min(piece.width, box.x + box.width - HelpLayout.margin - (x0 + piece.x))
      g.put(
        piece.text, x: x0 + piece.x, y: box.y + 1 + row,
        fg: piece.isTitle ? Chrome.accentFG : .terminalDefault,
        bg: bg, style: piece.isTitle ? .bold : [], maxWidth: maxW)
    }
  }
  guard layout.scrolls else { return }
  let dash = ascii ? "-" : "–"
  let position = "lines \(top + 1)\(dash)\(top + layout.visibleRows) of \(layout.rows.count)"
  let hints = ["j/k PgUp/PgDn Home/End scroll", "j/k PgUp/PgDn Home/End", "j/k PgUp/PgDn"]
  let footer =
    hints.map { position + "  " + $0 }.first { $0.unicodeScalars.count <= inner } ?? position
  g.put(footer, x: box.x + 1, y: box.y + box.height - 1, fg: Chrome.dimFG, bg: bg, maxWidth: inner)
}

/// The help layout for the state's terminal size and character set.
func helpLayout(_ s: ViewerState, _ keyMap: KeyMap) -> HelpLayout {
  HelpLayout(groups: keyMap.helpGroups(ascii: !s.caps.unicode), cols: s.termCols, rows: s.termRows)
}
