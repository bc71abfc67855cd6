/// A key press, independent of the terminal library.
public enum Key: Hashable, Sendable {
  /// A printable character (including space).
  case char(Character)
  /// Ctrl with a letter, e.g. `.ctrl("c")` for Ctrl-C (delivered as a key in raw mode).
  case ctrl(Character)
  case up, down, left, right
  case shiftUp, shiftDown, shiftLeft, shiftRight
  case pageUp, pageDown, home, end
  case enter, escape, tab, backTab, backspace, delete, insert
  /// Function key F1...F24.
  case function(Int)

  /// A short human name for help screens: "q", "Space", "Ctrl-C", "PgUp", "F1", "←".
  public var displayName: String {
    switch self {
    case .char(" "): return "Space"
    case .char(let c): return String(c)
    case .ctrl(let c): return "Ctrl-" + String(c).uppercased()
    case .up: return "↑"
    case .down: return "↓"
    case .left: return "←"
    case .right: return "→"
    case .shiftUp: return "Shift-↑"
    case .shiftDown: return "Shift-↓"
    case .shiftLeft: return "Shift-←"
    case .shiftRight: return "Shift-→"
    case .pageUp: return "PgUp"
    case .pageDown: return "PgDn"
    case .home: return "Home"
    case .end: return "End"
    case .enter: return "Enter"
    case .escape: return "Esc"
    case .tab: return "Tab"
    case .backTab: return "Shift-Tab"
    case .backspace: return "Backspace"
    case .delete: return "Del"
    case .insert: return "Ins"
    case .function(let n): return "F\(n)"
    }
  }

  /// `displayName` with ASCII arrows, for terminals without UTF-8.
  public var asciiName: String {
    switch self {
    case .up: return "Up"
    case .down: return "Down"
    case .left: return "Left"
    case .right: return "Right"
    case .shiftUp: return "Shift-Up"
    case .shiftDown: return "Shift-Down"
    case .shiftLeft: return "Shift-Left"
    case .shiftRight: return "Shift-Right"
    default: return displayName
    }
  }
}

/// What a terminal reports to the viewer.
public enum InputEvent: Hashable, Sendable {
  case key(Key)
  /// The terminal now has `width × height` cells.
  case resize(width: Int, height: Int)
  /// A timer tick (no input within the poll timeout; e.g. to pick up finished background work).
  case tick
  /// Input has ended (stdin closed, or a recorded script ran out): the viewer should quit.
  case closed
}

/// A terminal size in cells.
public struct TerminalSize: Hashable, Sendable {
  public var width: Int
  public var height: Int
  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }
}

/// What the viewer loop needs from a terminal: its size and capabilities, drawing whole frames,
/// and polling input. Implemented by the ncurses backend (RWTerminal) and by `RecordingTerminal`.
///
/// A session loop, the same against either implementation:
///
/// ```swift
/// func session(_ term: TerminalIO) {
///   var state = ViewerState(...)
///   while true {
///     term.draw(view(state, size: term.size, caps: term.caps))
///     let event = term.nextEvent(timeoutMs: 50) ?? .tick   // timeouts become ticks
///     if event == .closed || !state.update(event) { return }
///   }
/// }
/// ```
public protocol TerminalIO: AnyObject {
  /// The current size in cells.
  var size: TerminalSize { get }
  /// What the terminal can show.
  var caps: RenderCaps { get }
  /// Shows `grid` (its size should equal `size`; extra cells are clipped, missing ones blank).
  func draw(_ grid: CellGrid)
  /// The next event, waiting at most `timeoutMs` milliseconds (0: poll, negative: block);
  /// nil when nothing happened in time.
  func nextEvent(timeoutMs: Int) -> InputEvent?
}
