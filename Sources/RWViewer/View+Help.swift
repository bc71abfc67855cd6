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
  eraseCutWords(&g, box, keep: ViewLayout(s).panes.map { ViewLayout.imageRect($0.rect) })
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

/// Blanks the text the box cuts on either side (the frame's "400" showed as "00" right of the
/// help): from each edge outwards, the cut part up to two spaces or a "|" (erased with it), so
/// no label is left without its value; the image areas `keep` are left alone.
func eraseCutWords(_ g: inout CellGrid, _ box: CellRect, keep: [CellRect]) {
  func kept(_ x: Int, _ y: Int) -> Bool {
    keep.contains { x >= $0.x && x < $0.x + $0.width && y >= $0.y && y < $0.y + $0.height }
  }
  for y in box.y..<min(g.height, box.y + box.height) {
    for step in [1, -1] {
      var x = step > 0 ? box.x + box.width : box.x - 1
      // Nothing was cut when the cell beside the box is blank.
      guard x >= 0 && x < g.width && g[x, y].char != " " else { continue }
      while x >= 0 && x < g.width && !kept(x, y) {
        let c = g[x, y].char
        if c == " " && g[x + step, y].char == " " { break }
        g[x, y] = Cell(" ", fg: g[x, y].fg, bg: g[x, y].bg)
        if c == "|" { break }
        x += step
      }
    }
  }
}
