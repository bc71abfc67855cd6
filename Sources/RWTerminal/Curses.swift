import CNCursesw
import RWRender

/// Every ncurses call of rwview: one screen opened with `newterm`, drawn with wide cells and
/// extended colour pairs, read with `wget_wch`.
final class CursesScreen {
  private let screen: OpaquePointer
  private let window: UnsafeMutablePointer<WINDOW>
  private let inFile: UnsafeMutablePointer<FILE>
  private let outFile: UnsafeMutablePointer<FILE>
  private let ownsFiles: Bool
  /// COLORS after `start_color` (0 without colour).
  let colors: Int
  let colorPairs: Int
  private var ended = false
  private var row: [cchar_t] = []

  /// Opens the terminal `term` (nil: $TERM) on the given descriptors; nil if the terminal type
  /// is unknown. Call `Posix.setLocaleFromEnvironment()` first.
  init?(term: String?, inputFD: Int32, outputFD: Int32) {
    var files: (UnsafeMutablePointer<FILE>, UnsafeMutablePointer<FILE>)
    if inputFD == 0 && outputFD == 1 {
      files = (cn_stdin(), cn_stdout())
      ownsFiles = false
    } else {
      guard let f = Posix.openStreams(input: inputFD, output: outputFD) else { return nil }
      files = f
      ownsFiles = true
    }
    inFile = files.0
    outFile = files.1
    let scr: OpaquePointer? =
      if let term { term.withCString { newterm($0, files.1, files.0) } } else {
        newterm(nil, files.1, files.0)
      }
    guard let scr else {
      if ownsFiles { Posix.closeStreams(files) }
      return nil
    }
    screen = scr
    _ = set_term(scr)
    window = cn_stdscr()
    if has_colors() && start_color() == OK {
      _ = use_default_colors()
      colors = Int(cn_colors())
      colorPairs = Int(cn_color_pairs())
    } else {
      colors = 0
      colorPairs = 0
    }
  }

  /// Raw (Ctrl-C arrives as a key) or cbreak input, no echo, keypad decoding, hidden cursor,
  /// short Esc delay.
  func configure(raw useRaw: Bool) {
    if useRaw { _ = raw() } else { _ = cbreak() }
    _ = noecho()
    _ = nonl()
    _ = keypad(window, true)
    defineAlternativeKeys()
    _ = set_escdelay(25)
    _ = curs_set(0)
    _ = leaveok(window, true)
  }

  /// The bytes `endwin` would send to leave the screen (for the signal path).
  func resetSequence() -> [UInt8] {
    var out: [UInt8] = [0x18]  // CAN: abandon a partly written escape sequence
    for cap in ["sgr0", "cnorm", "rmkx", "rmcup"] {
      if let s = cn_tigetstr(cap) {
        var p = s
        while p.pointee != 0 && out.count < 250 {
          out.append(UInt8(bitPattern: p.pointee))
          p += 1
        }
      }
    }
    return out
  }

  /// Whether the terminal can move the cursor (false for TERM=dumb and similar).
  var canAddressCursor: Bool { cn_tigetstr("cup") != nil }

  var width: Int { Int(getmaxx(window)) }
  var height: Int { Int(getmaxy(window)) }

  /// Pairs handed out so far, by (fg, bg); alloc_pair's own lookup is slower than a hash.
  private var pairCache: [Int64: Int32] = [:]
  private var repaintAll = false

  /// An extended pair for two colour numbers (−1: default); 0 if ncurses has none; nil when the
  /// pair table is full (call `resetPairs` and redraw the whole frame).
  ///
  /// The table is never allowed to fill: `alloc_pair` would then silently recycle a pair that
  /// cells on screen (and in this cache) still use.
  func pair(fg: Int32, bg: Int32) -> Int32? {
    if fg == -1 && bg == -1 { return 0 }
    let key = Int64(fg) << 32 | Int64(UInt32(bitPattern: bg))
    if let p = pairCache[key] { return p }
    if pairCache.count >= colorPairs - 2 { return nil }
    var p = alloc_pair(fg, bg)
    if p < 0 { p = 0 }
    pairCache[key] = p
    return p
  }

  /// Discards every pair; the next refresh repaints the whole screen, since cells on it may
  /// keep their pair numbers with new meanings.
  func resetPairs() {
    reset_color_pairs()
    pairCache.removeAll(keepingCapacity: true)
    repaintAll = true
  }

  static let attrBold = cn_a_bold()
  static let attrReverse = cn_a_reverse()
  static let attrDim = cn_a_dim()
  static let attrUnderline = cn_a_underline()

  /// Copies one row of cells: characters, attributes and pairs (from `pairs`), at row `y`.
  func putRow(
    y: Int, chars: UnsafeBufferPointer<Unicode.Scalar>, styles: UnsafeBufferPointer<CellStyle>,
    pairs: UnsafeBufferPointer<Int32>
  ) {
    let n = min(chars.count, width)
    guard n > 0, y >= 0, y < height else { return }
    if row.count < n { row = [cchar_t](repeating: cchar_t(), count: n) }
    row.withUnsafeMutableBufferPointer { r in
      var text: (wchar_t, wchar_t) = (0, 0)
      for x in 0..<n {
        let st = styles[x]
        var attrs: attr_t = 0
        if !st.isEmpty {
          if st.contains(.bold) { attrs |= Self.attrBold }
          if st.contains(.reverse) { attrs |= Self.attrReverse }
          if st.contains(.dim) { attrs |= Self.attrDim }
          if st.contains(.underline) { attrs |= Self.attrUnderline }
        }
        text.0 = wchar_t(bitPattern: chars[x].value)
        var p = pairs[x]
        withUnsafeMutablePointer(to: &text) { tp in
          tp.withMemoryRebound(to: wchar_t.self, capacity: 2) { w in
            _ = setcchar(r.baseAddress! + x, w, attrs, 0, &p)
          }
        }
      }
      _ = mvwadd_wchnstr(window, Int32(y), 0, r.baseAddress!, Int32(n))
    }
  }

  /// Clears the window (for a different-size frame) without output until `refresh`.
  func erase() { _ = werase(window) }

  /// Sends the changes since the last refresh to the terminal.
  func refresh() {
    if repaintAll {
      _ = clearok(window, true)
      repaintAll = false
    }
    _ = wnoutrefresh(window)
    _ = doupdate()
  }

  /// Home and End as the other common terminals send them. tmux and screen send ESC [ 1 ~ and
  /// ESC [ 4 ~ even when TERM says xterm (whose terminfo lists ESC O H / ESC O F); undecoded,
  /// such a key arrived as Esc, "[", "4", "~" and toggled unrelated features. Sequences the
  /// terminfo entry already binds are left alone.
  private func defineAlternativeKeys() {
    let extra: [(String, Int32)] = [
      ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[H", KEY_HOME),
      ("\u{1B}OH", KEY_HOME),
      ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END),
    ]
    for (sequence, code) in extra where sequence.withCString({ key_defined($0) }) == 0 {
      _ = sequence.withCString { define_key($0, code) }
    }
  }

  /// A raw key read: (isFunctionKey, code), or nil on timeout/error.
  func readKey(timeoutMs: Int) -> (function: Bool, code: UInt32)? {
    wtimeout(window, Int32(clamping: timeoutMs))
    var ch: wint_t = 0
    let rc = wget_wch(window, &ch)
    if rc == KEY_CODE_YES { return (true, ch) }
    if rc == OK { return (false, ch) }
    return nil
  }

  /// Maps an ncurses function-key code to a key or a resize.
  func decodeFunctionKey(_ code: Int32) -> InputEvent? {
    switch code {
    case KEY_RESIZE: return .resize(width: width, height: height)
    case KEY_UP: return .key(.up)
    case KEY_DOWN: return .key(.down)
    case KEY_LEFT: return .key(.left)
    case KEY_RIGHT: return .key(.right)
    case KEY_SR: return .key(.shiftUp)
    case KEY_SF: return .key(.shiftDown)
    case KEY_SLEFT: return .key(.shiftLeft)
    case KEY_SRIGHT: return .key(.shiftRight)
    case KEY_PPAGE: return .key(.pageUp)
    case KEY_NPAGE: return .key(.pageDown)
    case KEY_HOME, KEY_A1: return .key(.home)
    case KEY_END, KEY_C1: return .key(.end)
    case KEY_ENTER: return .key(.enter)
    case KEY_BACKSPACE: return .key(.backspace)
    case KEY_DC: return .key(.delete)
    case KEY_IC: return .key(.insert)
    case KEY_BTAB: return .key(.backTab)
    case KEY_A3: return .key(.pageUp)
    case KEY_C3: return .key(.pageDown)
    default:
      let f0 = cn_key_f(0)
      if code > f0 && code <= f0 + 24 { return .key(.function(Int(code - f0))) }
      return nil
    }
  }

  /// Leaves curses mode (once) and frees the screen.
  func end() {
    guard !ended else { return }
    ended = true
    _ = endwin()
    delscreen(screen)
    if ownsFiles { Posix.closeStreams((inFile, outFile)) }
  }
}
