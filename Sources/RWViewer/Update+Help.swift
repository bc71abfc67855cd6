import RWRender

/// Keys while the help is open: scrolling (j/k, arrows, PgUp/PgDn, Space, Home/End, g/G) and
/// closing (Esc, q, ?). q closes the help rather than quitting (Ctrl-C still quits, handled
/// before this); other keys are ignored so a stray key does not change the hidden view.
func helpKey(_ s: inout ViewerState, _ key: Key, keyMap: KeyMap) {
  let layout = helpLayout(s, keyMap)
  let page = max(1, layout.visibleRows - 1)
  let top = layout.clamp(s.helpScroll)
  switch key {
  case .escape, .char("?"), .char("q"):
    s.helpVisible = false
    s.helpScroll = 0
    return
  case .char("j"), .down, .enter: s.helpScroll = top + 1
  case .char("k"), .up: s.helpScroll = top - 1
  case .pageDown, .char(" "), .char("J"): s.helpScroll = top + page
  case .pageUp, .char("K"): s.helpScroll = top - page
  case .home, .char("g"): s.helpScroll = 0
  case .end, .char("G"): s.helpScroll = layout.maxScroll
  default: return
  }
  s.helpScroll = layout.clamp(s.helpScroll)
}
