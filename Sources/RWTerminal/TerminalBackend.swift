import RWRender

/// The ncurses terminal: draws `CellGrid`s and reads keys, and always gives the terminal back.
///
/// Colour: 24-bit when the terminfo entry has direct colour (COLORS ≥ 2^24, e.g.
/// `TERM=xterm-direct`); otherwise the xterm-256 palette (16–255) when COLORS ≥ 256, the 8 ANSI
/// colours when COLORS ≥ 8, else none. COLORTERM=truecolor alone cannot make ncurses send 24-bit
/// colour, so with `TERM=xterm-256color` the viewer uses 256 colours (`rwview render --format ansi`
/// writes 24-bit). `init_color` is never used. Pairs come from `alloc_pair` and go through the
/// `opts` argument, so pair numbers above 255 work.
///
/// Restore: `stop()` (also called by `deinit`) runs `endwin` exactly once; signals and `exit`
/// restore through the async-signal-safe path described in `TerminalRestore`. Only one backend
/// may be open at a time.
public final class TerminalBackend: TerminalIO {
  private let curses: CursesScreen
  public let caps: RenderCaps
  /// COLORS and COLOR_PAIRS reported by ncurses (0 without colour).
  public let terminalColors: Int
  public let terminalColorPairs: Int
  private var pairs: [Int32] = []
  /// Whether pairs are shared between (a, b) and (b, a) using reverse video, so that every
  /// combination fits a small pair table (8 colours + default: 45 pairs; `screen` has 63).
  private var swapPairs = false
  /// Distinct (fg, bg) colour pairs in the last frame (counted for small pair tables only,
  /// where exceeding COLOR_PAIRS − 1 would make ncurses recycle pairs still on screen).
  private(set) var pairsInLastFrame = 0
  private var frameCombos = Set<Int64>()
  /// Set when one frame needed more pairs than the terminal has: output drops to 8 colours.
  private(set) var degraded = false
  private var chars: [Unicode.Scalar] = []
  private var styles: [CellStyle] = []
  private var lastDrawnSize = TerminalSize(width: -1, height: -1)
  private var fastErrors = 0
  private var pendingResize = false
  private var stopped = false

  /// Opens the terminal: locale (LC_CTYPE, with a C.UTF-8 fallback), tty checks, `newterm`,
  /// input modes, colours, restore handlers.
  public init(options: TerminalOptions = TerminalOptions()) throws(TerminalError) {
    precondition(!TerminalRestore.isActive, "only one TerminalBackend may be open at a time")
    Posix.setLocaleFromEnvironment()
    guard Posix.isTerminal(options.outputFD) else { throw .outputNotATerminal }
    guard Posix.isTerminal(options.inputFD) else { throw .inputNotATerminal }
    let term = options.term ?? Posix.environment("TERM") ?? ""
    TerminalRestore.saveModes(input: options.inputFD, output: options.outputFD)
    TerminalRestore.prepareSignals()
    guard !term.isEmpty,
      let screen = CursesScreen(
        term: options.term, inputFD: options.inputFD, outputFD: options.outputFD)
    else { throw .unknownTerminal(term) }
    guard screen.canAddressCursor else {
      screen.end()
      TerminalRestore.reapplyModes()
      throw .unsupportedTerminal(term)
    }
    curses = screen
    screen.configure(raw: options.raw)
    swapPairs = screen.colorPairs < 4096
    terminalColors = screen.colors
    terminalColorPairs = screen.colorPairs

    var mode: RenderCaps.ColorMode
    if screen.colors >= 1 << 24 {
      mode = .trueColor
    } else if screen.colors >= 256 && screen.colorPairs >= 256 {
      mode = .palette256
    } else if screen.colors >= 8 && screen.colorPairs >= 8 {
      mode = .palette8
    } else {
      mode = .monochrome
    }
    if options.honourNoColor, let nc = Posix.environment("NO_COLOR"), !nc.isEmpty {
      mode = .monochrome
    }
    let order: [RenderCaps.ColorMode] = [.monochrome, .palette8, .palette256, .trueColor]
    if order.firstIndex(of: options.maxColorMode)! < order.firstIndex(of: mode)! {
      mode = options.maxColorMode
    }
    caps = RenderCaps(colorMode: mode, unicode: Posix.localeIsUTF8() && !options.forceASCII)
    TerminalRestore.arm(reset: screen.resetSequence())
  }

  deinit { stop() }

  /// Opens the terminal, runs `body`, and restores the terminal however `body` ends (return or
  /// throw); open failures are thrown as `TerminalError` before `body` runs.
  public static func run<T>(
    options: TerminalOptions = TerminalOptions(), _ body: (TerminalBackend) throws -> T
  ) throws -> T {
    let term = try TerminalBackend(options: options)
    defer { term.stop() }
    return try body(term)
  }

  public var size: TerminalSize { TerminalSize(width: curses.width, height: curses.height) }

  /// Leaves curses mode and restores the terminal exactly once (safe to call again).
  public func stop() {
    guard !stopped else { return }
    stopped = true
    if TerminalRestore.claim() {
      curses.end()
      TerminalRestore.reapplyModes()
    }
  }

  /// Suspends rwview like Ctrl-Z in a shell (raw mode delivers Ctrl-Z as a key): the terminal
  /// is restored while stopped and the screen redrawn after `fg`. The next event is a resize
  /// with the current size, so the viewer redraws even if the window changed meanwhile.
  public func suspend() {
    guard !stopped else { return }
    Posix.suspendProcess()
    pendingResize = true
  }

  /// The ncurses colour number for a cell colour in the current mode (−1: default).
  @inline(__always)
  static func colorNumber(_ c: CellColor, _ mode: RenderCaps.ColorMode) -> Int32 {
    guard case .rgb(let v) = c else { return -1 }
    switch mode {
    case .trueColor:
      // In direct-colour terminfo entries numbers below 8 are the ANSI colours; nudge to 8.
      return max(8, Int32(v.r) << 16 | Int32(v.g) << 8 | Int32(v.b))
    case .palette256: return Int32(ColorQuantize.xterm256(v))
    case .palette8: return Int32(ColorQuantize.basic8Index(v))
    case .monochrome: return -1
    }
  }

  /// Copies every cell to the screen (ncurses sends only what changed) and refreshes.
  public func draw(_ grid: CellGrid) {
    // After a signal restored the terminal (other threads may run on while a crash reporter
    // works), never draw over the shell again.
    guard !stopped, !TerminalRestore.isRestored else { return }
    let s = size
    if s != lastDrawnSize {
      curses.erase()
      lastDrawnSize = s
    }
    if chars.count < s.width {
      chars = [Unicode.Scalar](repeating: " ", count: s.width)
      styles = [CellStyle](repeating: [], count: s.width)
      pairs = [Int32](repeating: 0, count: s.width)
    }
    var attempt = 0
    while !copyRows(grid, size: s) {
      // The pair table filled up mid-frame: start over with an empty table; if one frame needs
      // more pairs than the terminal has, fall back to 8 colours (at most 45 pairs).
      curses.resetPairs()
      attempt += 1
      if attempt >= 2 {
        degraded = true
        swapPairs = true
      }
      if attempt >= 3 { break }
    }
    curses.refresh()
  }

  /// Puts every row of `grid` into the window; false if the pair table ran out.
  private func copyRows(_ grid: CellGrid, size s: TerminalSize) -> Bool {
    // Locals, so the hot loop has no class-property exclusivity checks.
    let curses = self.curses
    let swap = swapPairs
    let mode = degraded ? RenderCaps.ColorMode.palette8 : caps.colorMode
    let width = s.width
    let gw = grid.width
    let w = min(grid.width, width)
    let gh = grid.height
    var combos = frameCombos
    combos.removeAll(keepingCapacity: true)
    var chars = self.chars
    var styles = self.styles
    var pairs = self.pairs
    self.chars = []
    self.styles = []
    self.pairs = []
    defer {
      self.chars = chars
      self.styles = styles
      self.pairs = pairs
      frameCombos = combos
      pairsInLastFrame = combos.count
    }
    var complete = true
    chars.withUnsafeMutableBufferPointer { ch in
      styles.withUnsafeMutableBufferPointer { st in
        pairs.withUnsafeMutableBufferPointer { pr in
          grid.cells.withUnsafeBufferPointer { cells in
            for y in 0..<s.height {
              var lastFG = CellColor.terminalDefault
              var lastBG = CellColor.terminalDefault
              var fgN: Int32 = -1
              var bgN: Int32 = -1
              var lastPair: Int32 = 0
              var swapped = false
              for x in 0..<width {
                let cell = (x < w && y < gh) ? cells[y * gw + x] : Cell.blank
                ch[x] = cell.char
                if cell.fg != lastFG || cell.bg != lastBG || x == 0 {
                  lastFG = cell.fg
                  lastBG = cell.bg
                  fgN = Self.colorNumber(cell.fg, mode)
                  bgN = Self.colorNumber(cell.bg, mode)
                  swapped = swap && fgN > bgN
                  if swapped { Swift.swap(&fgN, &bgN) }
                  guard let p = curses.pair(fg: fgN, bg: bgN) else {
                    complete = false
                    return
                  }
                  lastPair = p
                  if swap { combos.insert(Int64(fgN) << 32 | Int64(UInt32(bitPattern: bgN))) }
                }
                st[x] = swapped ? cell.style.symmetricDifference(.reverse) : cell.style
                pr[x] = lastPair
              }
              curses.putRow(
                y: y, chars: UnsafeBufferPointer(rebasing: ch[0..<width]),
                styles: UnsafeBufferPointer(rebasing: st[0..<width]),
                pairs: UnsafeBufferPointer(rebasing: pr[0..<width]))
            }
          }
        }
      }
    }
    return complete
  }

  /// The next key or resize within `timeoutMs` (negative: wait), nil on timeout.
  ///
  /// If reads keep failing immediately (input closed), reports `.closed`.
  public func nextEvent(timeoutMs: Int) -> InputEvent? {
    guard !stopped, !TerminalRestore.isRestored else {
      // A signal restored the terminal and is being handled (maybe on another thread): let it
      // end the process rather than quitting with status 0 over a crash.
      let sig = stopped ? 0 : TerminalRestore.restoringSignal
      if sig != 0 { TerminalRestore.awaitSignalOutcome(sig) }
      return .closed
    }
    if pendingResize {
      pendingResize = false
      lastDrawnSize = TerminalSize(width: -1, height: -1)
      return .resize(width: size.width, height: size.height)
    }
    let start = Posix.milliseconds()
    guard let (isFunction, code) = curses.readKey(timeoutMs: timeoutMs) else {
      if timeoutMs != 0 && Posix.milliseconds() - start < max(1, min(timeoutMs, 10) / 2) {
        fastErrors += 1
        if fastErrors > 100 { return .closed }
      } else {
        fastErrors = 0
      }
      return nil
    }
    fastErrors = 0
    if isFunction { return curses.decodeFunctionKey(Int32(bitPattern: code)) }
    return Self.decodeCharacter(code).map { .key($0) }
  }

  /// Maps a character code from `wget_wch` to a key (control codes to Enter, Tab, Ctrl-…).
  static func decodeCharacter(_ code: UInt32) -> Key? {
    switch code {
    case 10, 13: return .enter
    case 9: return .tab
    case 27: return .escape
    case 8, 127: return .backspace
    case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(code) + 96)))
    case 0, 28...31: return nil
    default:
      guard let s = Unicode.Scalar(code) else { return nil }
      return .char(Character(s))
    }
  }
}
