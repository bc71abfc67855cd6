import Foundation
import Glibc
import RWRender
import RWTestSupport
import Testing

@testable import RWTerminal

/// A pseudo-terminal pair; the test plays the terminal emulator on the master side.
final class PTY: @unchecked Sendable {
  private(set) var master: Int32
  let slave: Int32
  /// Shared with the reader thread.
  final class Buffer: @unchecked Sendable {
    let lock = NSLock()
    var output: [UInt8] = []
    var done = false
    var finished = false
  }
  private let buffer = Buffer()

  init(cols: UInt16, rows: UInt16) throws {
    // Linux devpts: /dev/ptmx, unlock (TIOCSPTLCK), number (TIOCGPTN) → /dev/pts/N.
    master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
    var unlock: Int32 = 0
    var number: UInt32 = 0
    let tiocsptlck: UInt = 0x4004_5431
    let tiocgptn: UInt = 0x8004_5430
    guard master >= 0, ioctl(master, tiocsptlck, &unlock) == 0,
      ioctl(master, tiocgptn, &number) == 0
    else { throw POSIXError(.ENODEV) }
    slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
    guard slave >= 0 else { throw POSIXError(.ENODEV) }
    var ws = winsize(ws_row: rows, ws_col: cols, ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(slave, UInt(TIOCSWINSZ), &ws)
    let fd = master
    let box = buffer
    Thread.detachNewThread {
      var buf = [UInt8](repeating: 0, count: 4096)
      defer { box.lock.withLock { box.finished = true } }
      while true {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let r = poll(&p, 1, 50)
        if box.lock.withLock({ box.done }) { return }
        if r <= 0 { continue }
        let n = read(fd, &buf, buf.count)
        if n <= 0 { return }
        box.lock.withLock { box.output += buf[0..<n] }
      }
    }
  }

  /// Everything the program wrote so far, as text.
  var text: String { buffer.lock.withLock { String(decoding: buffer.output, as: UTF8.self) } }

  func clear() { buffer.lock.withLock { buffer.output = [] } }

  /// Waits up to `seconds` for the output to contain `s`.
  func waitFor(_ s: String, seconds: Double = 3) -> Bool {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
      if text.contains(s) { return true }
      usleep(10_000)
    }
    return text.contains(s)
  }

  /// Types bytes as if from the keyboard.
  func type(_ s: String) {
    let b = Array(s.utf8)
    _ = b.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
  }

  func modes() -> termios {
    var t = termios()
    tcgetattr(slave, &t)
    return t
  }

  /// Hangs up: the terminal emulator goes away.
  func closeMaster() {
    buffer.lock.withLock { buffer.done = true }
    while !buffer.lock.withLock({ buffer.finished }) { usleep(10_000) }
    if master >= 0 { close(master) }
    master = -1
  }

  deinit {
    closeMaster()
    close(slave)
  }
}

func sameModes(_ a: termios, _ b: termios) -> Bool {
  var x = a
  var y = b
  let cc = withUnsafeBytes(of: &x.c_cc) { Array($0) } == withUnsafeBytes(of: &y.c_cc) { Array($0) }
  return a.c_iflag == b.c_iflag && a.c_oflag == b.c_oflag && a.c_cflag == b.c_cflag
    && a.c_lflag == b.c_lflag && cc
}

/// The backend on a real pseudo-terminal: capabilities, drawing, keys and restore.
/// Serialized: the restore path is process-wide and only one backend may be open at a time.
@Suite(.serialized) struct PTYBackendTests {
  @Test func refusesNonTerminals() throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    defer {
      close(fds[0])
      close(fds[1])
    }
    let pty = try PTY(cols: 20, rows: 5)
    #expect(throws: TerminalError.outputNotATerminal) {
      _ = try TerminalBackend(
        options: TerminalOptions(inputFD: pty.slave, outputFD: fds[1], term: "xterm-256color"))
    }
    #expect(throws: TerminalError.inputNotATerminal) {
      _ = try TerminalBackend(
        options: TerminalOptions(inputFD: fds[0], outputFD: pty.slave, term: "xterm-256color"))
    }
    #expect(
      TerminalError.outputNotATerminal.description
        == "rwview: standard output is not a terminal (use `rwview render` for files and pipes)")
  }

  @Test func unknownAndDumbTerminalsGetOneLineAndModesStay() throws {
    let pty = try PTY(cols: 20, rows: 5)
    let before = pty.modes()
    #expect(throws: TerminalError.unknownTerminal("nonexistent-term-xyz")) {
      _ = try TerminalBackend(
        options: TerminalOptions(
          inputFD: pty.slave, outputFD: pty.slave, term: "nonexistent-term-xyz"))
    }
    #expect(throws: TerminalError.unsupportedTerminal("dumb")) {
      _ = try TerminalBackend(
        options: TerminalOptions(inputFD: pty.slave, outputFD: pty.slave, term: "dumb"))
    }
    #expect(sameModes(before, pty.modes()))
    #expect(
      TerminalError.unknownTerminal("foo").description
        == "rwview: terminal type 'foo' is unknown (try TERM=xterm-256color)")
  }

  @Test func drawsKeysAndRestoresOn256ColourTerminal() throws {
    let pty = try PTY(cols: 40, rows: 12)
    let before = pty.modes()
    let term = try TerminalBackend(
      options: TerminalOptions(inputFD: pty.slave, outputFD: pty.slave, term: "xterm-256color"))
    #expect(
      term.caps.colorMode == .palette256,
      "COLORS \(term.terminalColors) pairs \(term.terminalColorPairs)")
    #expect(term.size == TerminalSize(width: 40, height: 12))
    #expect(!sameModes(before, pty.modes()))  // raw, no echo while running

    var g = CellGrid(width: 40, height: 12)
    g[3, 2] = Cell("▀", fg: .rgb(RGB(255, 0, 0)), bg: .rgb(RGB(0, 0, 255)))
    g.put("hello", x: 10, y: 5, style: .bold)
    term.draw(g)
    // Output may arrive in pieces under load: wait for the last thing drawn, then check all.
    #expect(pty.waitFor("hello"))
    #expect(pty.text.contains("\u{1B}[38;5;196m"))
    #expect(pty.text.contains("48;5;21m▀"))

    // Keys as an xterm sends them in keypad-transmit mode.
    for (bytes, key) in [
      ("\u{1B}OA", Key.up), ("\u{1B}[6~", .pageDown), ("q", .char("q")), ("\u{03}", .ctrl("c")),
      ("\r", .enter), ("\u{1B}OP", .function(1)), ("é", .char("é")),
    ] {
      pty.type(bytes)
      var got: InputEvent?
      for _ in 0..<50 where got == nil { got = term.nextEvent(timeoutMs: 20) }
      #expect(got == .key(key), "bytes \(Array(bytes.utf8))")
    }
    #expect(term.nextEvent(timeoutMs: 30) == nil)  // nothing pending: timeout

    pty.clear()
    term.stop()
    term.stop()  // idempotent
    #expect(pty.waitFor("\u{1B}[?1049l"))  // left the alternate screen
    #expect(sameModes(before, pty.modes()))
    #expect(term.nextEvent(timeoutMs: 0) == .closed)
  }

  @Test func eightColourTerminalSharesPairsWithReverseVideo() throws {
    let pty = try PTY(cols: 30, rows: 10)
    let term = try TerminalBackend(
      options: TerminalOptions(inputFD: pty.slave, outputFD: pty.slave, term: "screen"))
    defer { term.stop() }
    #expect(term.caps.colorMode == .palette8)
    #expect(term.terminalColorPairs == 64)
    // Every ordered pair of the 8 colours, plus text on defaults: more than 63 combinations.
    var g = CellGrid(width: 30, height: 10)
    var i = 0
    for f in 0..<8 {
      for b in 0..<8 {
        g[i % 30, i / 30] = Cell(
          "▀", fg: .rgb(ColorQuantize.basic8[f]), bg: .rgb(ColorQuantize.basic8[b]))
        i += 1
      }
    }
    for c in 0..<8 {
      g[c, 5] = Cell("x", fg: .rgb(ColorQuantize.basic8[c]))
      g[c, 6] = Cell("y", bg: .rgb(ColorQuantize.basic8[c]))
    }
    term.draw(g)
    #expect(pty.waitFor("y"))
    // 64 ordered colour pairs + 16 text combinations fold into at most 45 unordered pairs (one is the default pair 0)
    // (reverse video swaps them back), which fits `screen`'s 63 usable pairs.
    #expect(term.pairsInLastFrame > 30 && term.pairsInLastFrame <= 45, "\(term.pairsInLastFrame)")
    // Red on blue is drawn directly or as blue-on-red reversed; both look the same.
    let t = pty.text
    #expect(t.contains("\u{1B}[31m") && t.contains("\u{1B}[44m") || t.contains("\u{1B}[7m"))
  }

  /// The real `xterm-direct` definition (ncurses terminfo.src), compiled with tic into a
  /// temporary TERMINFO, since Debian's ncurses-base does not ship it.
  static func directColorTerminfo(extra: String = "") throws -> String {
    let dir = TemporaryDirectory.make("ti").path
    let src = dir + "/direct.src"
    let entry = #"""
      xterm-direct|xterm with direct-color indexing,
      \tuse=xterm+direct, use=xterm-256color,
      xterm+direct|xterm direct-color indexing,
      \tRGB, colors#0x1000000, pairs#0x10000, CO#8,
      \tinitc@, op=\E[39;49m,
      \tsetab=\E[%?%p1%{8}%<%t4%p1%d%e48\:2\:\:%p1%{65536}%/%d\:%p1%{256}%/%{255}%&%d\:%p1%{255}%&%d%;m,
      \tsetaf=\E[%?%p1%{8}%<%t3%p1%d%e38\:2\:\:%p1%{65536}%/%d\:%p1%{256}%/%{255}%&%d\:%p1%{255}%&%d%;m,
      \tsetb@, setf@,
      xterm-direct-300|direct colour with a 300-pair table,
      \tpairs#300, use=xterm-direct,
      xterm-256-300|256 colours with a 300-pair table,
      \tpairs#300, use=xterm-256color,

      """#.replacingOccurrences(of: "\\t", with: "\t")
    try entry.write(toFile: src, atomically: true, encoding: .utf8)
    let r = ProcessRunner.run("tic", ["-x", "-o", dir + "/db", src])
    guard r.status == 0 else { throw TestFailure("tic failed (\(r.status)): \(r.err)") }
    return dir + "/db"
  }

  /// Whether `tic` (ncurses-bin) is installed, for the direct-colour tests.
  static let hasTic = ProcessRunner.which("tic") != nil

  @Test(.enabled(if: hasTic, "tic (ncurses-bin) is not installed"))
  func directColourTerminfoGives24BitOutput() throws {
    let db = try Self.directColorTerminfo()
    setenv("TERMINFO", db, 1)
    defer { unsetenv("TERMINFO") }
    let pty = try PTY(cols: 20, rows: 4)
    let term = try TerminalBackend(
      options: TerminalOptions(inputFD: pty.slave, outputFD: pty.slave, term: "xterm-direct"))
    defer { term.stop() }
    #expect(term.caps.colorMode == .trueColor)
    var g = CellGrid(width: 20, height: 4)
    g[1, 1] = Cell("▀", fg: .rgb(RGB(230, 159, 1)), bg: .rgb(RGB(0, 114, 178)))
    term.draw(g)
    #expect(pty.waitFor("38:2::230:159:1m"))
    #expect(pty.text.contains("48:2::0:114:178m▀"))
    // A capped mode quantises instead.
    term.stop()
    let capped = try TerminalBackend(
      options: TerminalOptions(
        maxColorMode: .palette256, inputFD: pty.slave, outputFD: pty.slave, term: "xterm-direct"))
    defer { capped.stop() }
    #expect(capped.caps.colorMode == .palette256)
  }

  /// Pseudo-random colours (xorshift), so nearly every cell has its own (fg, bg) pair.
  static func rainbow(width: Int, height: Int, seed: Int) -> CellGrid {
    var g = CellGrid(width: width, height: height)
    var state = UInt64(seed + 1) &* 0x9E37_79B9_7F4A_7C15
    func next() -> RGB {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return RGB(
        UInt8(truncatingIfNeeded: state), UInt8(truncatingIfNeeded: state >> 8),
        UInt8(truncatingIfNeeded: state >> 16))
    }
    for i in 0..<(width * height) { g.cells[i] = Cell("▀", fg: .rgb(next()), bg: .rgb(next())) }
    return g
  }

  @Test(.enabled(if: hasTic, "tic (ncurses-bin) is not installed"))
  func fullPairTableIsResetBetweenFramesNotRecycledMidFrame() throws {
    let db = try Self.directColorTerminfo()
    setenv("TERMINFO", db, 1)
    defer { unsetenv("TERMINFO") }
    let pty = try PTY(cols: 20, rows: 4)
    let term = try TerminalBackend(
      options: TerminalOptions(inputFD: pty.slave, outputFD: pty.slave, term: "xterm-direct-300"))
    defer { term.stop() }
    #expect(term.terminalColorPairs == 300)
    // 80 distinct pairs per frame: the fourth frame no longer fits beside the first three.
    for seed in 0..<6 { term.draw(Self.rainbow(width: 20, height: 4, seed: seed)) }
    #expect(!term.degraded)
    // The last frame's last cell was sent with its own colours (as fg/bg, or swapped under
    // reverse video, since a 300-pair table shares pairs between (a, b) and (b, a)).
    let last = Self.rainbow(width: 20, height: 4, seed: 5).cells[79]
    guard case .rgb(let fg) = last.fg, case .rgb(let bg) = last.bg else { return }
    #expect(pty.waitFor("2::\(fg.r):\(fg.g):\(fg.b)m"), "\(pty.text.suffix(300))")
    #expect(pty.text.contains("2::\(bg.r):\(bg.g):\(bg.b)m"))
  }

  @Test(.enabled(if: hasTic, "tic (ncurses-bin) is not installed"))
  func frameNeedingMorePairsThanTheTerminalHasDropsTo8Colours() throws {
    let db = try Self.directColorTerminfo()
    setenv("TERMINFO", db, 1)
    defer { unsetenv("TERMINFO") }
    let pty = try PTY(cols: 40, rows: 20)
    let term = try TerminalBackend(
      options: TerminalOptions(inputFD: pty.slave, outputFD: pty.slave, term: "xterm-256-300"))
    defer { term.stop() }
    #expect(term.caps.colorMode == .palette256)
    term.draw(Self.rainbow(width: 40, height: 20, seed: 0))  // hundreds of distinct pairs
    #expect(term.degraded)
    #expect(term.pairsInLastFrame <= 45)
    #expect(pty.waitFor("▀"))
  }

  @Test func hangupEndsTheEventStream() throws {
    let pty = try PTY(cols: 20, rows: 5)
    let term = try TerminalBackend(
      options: TerminalOptions(inputFD: pty.slave, outputFD: pty.slave, term: "xterm-256color"))
    defer { term.stop() }
    #expect(term.nextEvent(timeoutMs: 10) == nil)
    pty.closeMaster()
    var got: InputEvent?
    for _ in 0..<500 where got == nil { got = term.nextEvent(timeoutMs: 20) }
    #expect(got == .closed)
  }

  @Test func runRestoresAfterAThrow() throws {
    struct Boom: Error {}
    let pty = try PTY(cols: 20, rows: 5)
    let before = pty.modes()
    #expect(throws: Boom.self) {
      try TerminalBackend.run(
        options: TerminalOptions(inputFD: pty.slave, outputFD: pty.slave, term: "xterm-256color")
      ) { term in
        #expect(!sameModes(before, pty.modes()))
        term.draw(CellGrid(width: 20, height: 5, fill: Cell("x")))
        throw Boom()
      }
    }
    #expect(sameModes(before, pty.modes()))
    #expect(pty.waitFor("\u{1B}[?1049l"))
    let n = try TerminalBackend.run(
      options: TerminalOptions(inputFD: pty.slave, outputFD: pty.slave, term: "xterm-256color")
    ) { $0.size.width }
    #expect(n == 20)
    #expect(sameModes(before, pty.modes()))
  }
}
