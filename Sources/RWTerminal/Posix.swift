import Glibc
import RWSystem
import Synchronization

/// Every libc call of the terminal backend: tty checks, tty modes, and the terminal restore
/// that RWSystem's signal handler runs.
///
/// Signal-path design: ncurses' `endwin` is not async-signal-safe (it takes locks and writes
/// through stdio), so the signal handler does not call it. Before drawing, the backend saves the
/// tty modes (`tcgetattr`) and precomputes the bytes `endwin` would send (cancel any partial
/// escape with CAN, then `sgr0`, `cnorm`, `rmkx`, `rmcup`). RWSystem's `Signals` handles every
/// signal whose default action ends the process; its hook (`TerminalRestore.signalHook`) —
/// once, guarded by an atomic — `write(2)`s those bytes and `tcsetattr`s the saved modes (both
/// async-signal-safe); then `Signals` removes temporary files and ends the process by the
/// signal (or hands a fault to the Swift runtime's crash reporter). Normal exit and errors go
/// through `endwin` exactly once instead.
enum Posix {
  static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

  static func environment(_ name: String) -> String? {
    guard let v = getenv(name) else { return nil }
    return String(cString: v)
  }

  /// Takes the character set from the environment (LC_CTYPE only: numbers keep the C locale, so
  /// no C-level formatting or parsing changes). If the environment asks for UTF-8 but that
  /// locale is not installed (common on servers: LANG=en_US.UTF-8 without the locale), falls
  /// back to C.UTF-8 so block characters still work.
  static func setLocaleFromEnvironment() {
    _ = setlocale(LC_CTYPE, "")
    if !localeIsUTF8() && environmentWantsUTF8() {
      if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "C.utf8") }
    }
  }

  /// Whether the effective locale variable (LC_ALL, LC_CTYPE, LANG) names UTF-8.
  static func environmentWantsUTF8() -> Bool {
    let v =
      ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment($0) }.first { !$0.isEmpty } ?? ""
    let l = v.lowercased()
    return l.contains("utf-8") || l.contains("utf8")
  }

  /// Whether the current locale's character set is UTF-8.
  static func localeIsUTF8() -> Bool {
    guard let cs = nl_langinfo(nl_item(CODESET)) else { return false }
    let name = String(cString: cs).uppercased()
    return name == "UTF-8" || name == "UTF8"
  }

  /// stdio streams on duplicates of two descriptors (for a terminal other than stdin/stdout).
  static func openStreams(input: Int32, output: Int32) -> (
    UnsafeMutablePointer<FILE>, UnsafeMutablePointer<FILE>
  )? {
    let i = dup(input)
    let o = dup(output)
    guard i >= 0, o >= 0, let fi = fdopen(i, "r"), let fo = fdopen(o, "w") else {
      if i >= 0 { close(i) }
      if o >= 0 { close(o) }
      return nil
    }
    return (fi, fo)
  }

  static func closeStreams(_ s: (UnsafeMutablePointer<FILE>, UnsafeMutablePointer<FILE>)) {
    fclose(s.0)
    fclose(s.1)
  }

  /// Stops the process as Ctrl-Z would (ncurses' SIGTSTP handler leaves and re-enters curses
  /// mode around the stop).
  static func suspendProcess() { raise(SIGTSTP) }

  /// The current time in milliseconds (monotonic).
  static func milliseconds() -> Int {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
  }
}

/// The once-only terminal restore shared by `stop()`, `atexit` and the signal handlers.
///
/// Everything the handler reads lives behind `let` pointers allocated once (no Swift `var`
/// globals, so no dynamic exclusivity bookkeeping runs inside a signal handler). It is written
/// only while the handlers are not installed (`saveModes`, `arm`); `state` decides who restores.
enum TerminalRestore {
  /// 0: idle, 1: terminal in curses mode, 2: restored (or restoring).
  static let state = Atomic<Int>(0)
  /// [input fd, output fd, input modes saved, output modes saved, reset byte count, signal
  /// that restored the terminal or 0].
  nonisolated(unsafe) static let ints: UnsafeMutablePointer<Int32> = {
    let p = UnsafeMutablePointer<Int32>.allocate(capacity: 6)
    p.initialize(repeating: -1, count: 2)
    (p + 2).initialize(repeating: 0, count: 4)
    return p
  }()
  nonisolated(unsafe) static let savedModes = UnsafeMutablePointer<termios>.allocate(capacity: 2)
  nonisolated(unsafe) static let resetBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
  /// Touched only from `arm` on the thread that opens the terminal.
  nonisolated(unsafe) static var atexitRegistered = false

  /// Saves the tty modes of the input and output descriptors; call before ncurses changes them.
  static func saveModes(input: Int32, output: Int32) {
    ints[0] = input
    ints[1] = output
    ints[2] = Posix.isTerminal(input) && tcgetattr(input, savedModes) == 0 ? 1 : 0
    ints[3] = Posix.isTerminal(output) && tcgetattr(output, savedModes + 1) == 0 ? 1 : 0
  }

  /// Installs RWSystem's signal handlers before ncurses installs its own (so the actions
  /// found at startup are the ones a signal falls back to).
  static func prepareSignals() {
    Signals.install()
  }

  /// Stores the reset bytes, marks the terminal active and (re)installs the signal handlers
  /// over the ones `newterm` set.
  static func arm(reset: [UInt8]) {
    let count = min(reset.count, 256)
    for i in 0..<count { resetBytes[i] = reset[i] }
    ints[4] = Int32(count)
    if !atexitRegistered {
      atexitRegistered = true
      atexit { TerminalRestore.restoreAsyncSafe() }
    }
    state.store(1, ordering: .sequentiallyConsistent)
    Signals.setHook(signalHook)
    Signals.install()
  }

  /// Run by RWSystem's signal handler first: restores the terminal (async-signal-safe).
  static let signalHook: Signals.Hook = { sig in
    if TerminalRestore.state.load(ordering: .sequentiallyConsistent) == 1 {
      TerminalRestore.ints[5] = sig
    }
    TerminalRestore.restoreAsyncSafe()
  }

  /// Whether a backend has the terminal in curses mode.
  static var isActive: Bool { state.load(ordering: .sequentiallyConsistent) == 1 }

  /// Whether the terminal has been given back (by `stop`, `exit` or a signal).
  static var isRestored: Bool { state.load(ordering: .sequentiallyConsistent) == 2 }

  /// The signal that restored the terminal, or 0.
  static var restoringSignal: Int32 { isRestored ? ints[5] : 0 }

  /// Gives a signal re-raised on another thread (a crash in a worker, handled by the runtime's
  /// crash reporter) time to end the process, so the viewer does not exit normally over it; if
  /// the process is still alive after that (the signal came from `kill` and the reporter
  /// returned), ends it by the signal's default action.
  static func awaitSignalOutcome(_ sig: Int32, seconds: Int = 60) -> Never {
    for _ in 0..<seconds { sleep(1) }
    Signals.endBy(sig)
  }

  /// Claims the restore for a normal stop: true exactly once while active.
  static func claim() -> Bool {
    state.compareExchange(expected: 1, desired: 2, ordering: .sequentiallyConsistent).exchanged
  }

  /// Restores the terminal with async-signal-safe calls only (no-op unless active).
  static func restoreAsyncSafe() {
    guard claim() else { return }
    let out = ints[1]
    let count = Int(ints[4])
    if out >= 0 && count > 0 {
      var off = 0
      while off < count {
        let n = write(out, resetBytes + off, count - off)
        if n <= 0 { break }
        off += n
      }
    }
    reapplyModes()
  }

  /// Re-applies the saved tty modes (after `endwin`, to be exact about them).
  static func reapplyModes() {
    if ints[3] != 0 { tcsetattr(ints[1], TCSANOW, savedModes + 1) }
    if ints[2] != 0 { tcsetattr(ints[0], TCSANOW, savedModes) }
  }
}
