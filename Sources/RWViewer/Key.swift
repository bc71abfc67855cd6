/// A key press, independent of the terminal library.
public enum Key: Hashable, Sendable {
  case char(Character)
  case up, down, left, right
  case shiftUp, shiftDown, shiftLeft, shiftRight
  case pageUp, pageDown, home, end
  case enter, escape, backspace, tab, backTab
  case ctrlC

  /// How the key is written in the help.
  public var label: String {
    switch self {
    case .char(let c): return c == " " ? "Space" : String(c)
    case .up: return "↑"
    case .down: return "↓"
    case .left: return "←"
    case .right: return "→"
    case .shiftUp: return "S-↑"
    case .shiftDown: return "S-↓"
    case .shiftLeft: return "S-←"
    case .shiftRight: return "S-→"
    case .pageUp: return "PgUp"
    case .pageDown: return "PgDn"
    case .home: return "Home"
    case .end: return "End"
    case .enter: return "Enter"
    case .escape: return "Esc"
    case .backspace: return "Bksp"
    case .tab: return "Tab"
    case .backTab: return "S-Tab"
    case .ctrlC: return "C-c"
    }
  }

  /// The help label in ASCII (for terminals without UTF-8).
  public var asciiLabel: String {
    switch self {
    case .up: return "Up"
    case .down: return "Down"
    case .left: return "Left"
    case .right: return "Right"
    case .shiftUp: return "S-Up"
    case .shiftDown: return "S-Down"
    case .shiftLeft: return "S-Left"
    case .shiftRight: return "S-Right"
    default: return label
    }
  }
}
