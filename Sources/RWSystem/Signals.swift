import Synchronization

/// What happens when a signal ends rwview: the terminal is given back and temporary files are
/// removed, then the process ends as the signal would have ended it.
///
/// One handler is installed for every signal whose default action ends the process
/// (`Libc.terminatingSignals`: SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGUSR1/2, SIGALRM,
/// SIGSEGV, SIGBUS, ... and the real-time signals), except those ignored when rwview started
/// (nohup's SIGHUP stays ignored). It uses async-signal-safe calls only:
/// 1. the hook (RWTerminal's restore: reset bytes and saved tty modes, both written with
///    `write`/`tcsetattr`), at most once;
/// 2. `unlink` of every temporary file in `TemporaryFiles`' preallocated table;
/// 3. then, for a signal sent by a process (`kill`, `raise`: `si_code` ≤ 0), the default action
///    is put back and the signal re-raised, so the process ends by that signal (exit status
///    128 + n in a shell); for a fault of the running code (SIGSEGV, SIGBUS, SIGILL, SIGFPE,
///    SIGTRAP, SIGSYS raised by the kernel) the action found at startup (the Swift runtime's
///    crash reporter) is put back and the handler returns, so the faulting instruction runs
///    again and the reporter prints its backtrace (made non-interactive by
///    `ProcessSetup.makeCrashesNonInteractive`).
///
/// Everything the handler reads is allocated in `install()` before the first handler is set.
public enum Signals {
  /// 0: not installed, 1: installed.
  private static let state = Atomic<Int>(0)
  /// The hook, as the bit pattern of a C function pointer (0: none).
  private static let hook = Atomic<Int>(0)
  /// Actions in force before rwview's handler, by signal number.
  nonisolated(unsafe) private static let previous: UnsafeMutablePointer<Libc.SavedAction> = {
    let p = UnsafeMutablePointer<Libc.SavedAction>.allocate(capacity: Libc.signalLimit)
    p.initialize(repeating: Libc.SavedAction(), count: Libc.signalLimit)
    return p
  }()
  /// Whether the signal was ignored at startup (1) or is handled (0), by number.
  nonisolated(unsafe) private static let ignored: UnsafeMutablePointer<Int8> = {
    let p = UnsafeMutablePointer<Int8>.allocate(capacity: Libc.signalLimit)
    p.initialize(repeating: 0, count: Libc.signalLimit)
    return p
  }()
  private static let installLock = Mutex<Void>(())
  /// 1 while `catchingInterrupts` runs: SIGINT then only sets `interrupted`.
  private static let softInterrupt = Atomic<Int>(0)
  private static let interrupted = Atomic<Int>(0)

  /// A hook run first in the handler with the signal number; it must be async-signal-safe.
  public typealias Hook = @convention(c) (Int32) -> Void

  /// Installs the handler for every terminating signal not ignored now (once; later calls
  /// re-install it, e.g. after ncurses' `newterm` set its own SIGINT/SIGTERM handlers).
  public static func install() {
    installLock.withLock { _ in
      _ = previous
      _ = ignored
      TemporaryFiles.prepare()
      let first = state.load(ordering: .acquiring) == 0
      for sig in Libc.terminatingSignals where Int(sig) < Libc.signalLimit {
        if first {
          Libc.saveAction(sig, into: previous + Int(sig))
          ignored[Int(sig)] = Libc.isIgnored(previous + Int(sig)) ? 1 : 0
        }
        if ignored[Int(sig)] == 0 { Libc.install(sig, handler) }
      }
      state.store(1, ordering: .releasing)
    }
  }

  /// Sets (or clears) the hook run first on a signal.
  public static func setHook(_ h: Hook?) {
    hook.store(h.map { unsafeBitCast($0, to: Int.self) } ?? 0, ordering: .sequentiallyConsistent)
  }

  /// Whether `sig` was ignored when the handlers were installed (then rwview leaves it so).
  public static func wasIgnored(_ sig: Int32) -> Bool {
    Int(sig) < Libc.signalLimit && ignored[Int(sig)] != 0
  }

  /// Ends the process by `sig`'s default action (after the handler's work was done elsewhere).
  public static func endBy(_ sig: Int32) -> Never {
    Libc.setDefault(sig)
    Libc.unblock(sig)
    Libc.raise(sig)
    Libc.exitNow(128 + sig)
  }

  /// Runs `body` with SIGINT (Ctrl-C) turned into a request: instead of ending the process,
  /// it sets a flag that `body` polls through its argument (e.g. to stop a long run early and
  /// print what it has). Other signals keep their effect. Afterwards SIGINT ends the process
  /// again (removing temporary files, restoring the terminal).
  public static func catchingInterrupts<R>(
    _ body: (@escaping @Sendable () -> Bool) throws -> R
  ) rethrows
    -> R
  {
    install()
    interrupted.store(0, ordering: .sequentiallyConsistent)
    softInterrupt.store(1, ordering: .sequentiallyConsistent)
    defer { softInterrupt.store(0, ordering: .sequentiallyConsistent) }
    return try body { interrupted.load(ordering: .sequentiallyConsistent) != 0 }
  }

  /// The signals handled (every terminating signal, for tests and documentation).
  public static var terminatingSignals: [Int32] { Libc.terminatingSignals }

  /// A signal's name ("SIGTERM").
  public static func name(_ sig: Int32) -> String { Libc.signalName(sig) }

  /// The handler (async-signal-safe: atomics, preallocated tables, unlink, sigaction, raise).
  private static let handler: Libc.SignalHandler = { sig, info, _ in
    if sig == Libc.sigint && Signals.softInterrupt.load(ordering: .sequentiallyConsistent) == 1 {
      Signals.interrupted.store(1, ordering: .sequentiallyConsistent)
      return
    }
    let h = Signals.hook.load(ordering: .sequentiallyConsistent)
    if h != 0 { unsafeBitCast(h, to: Hook.self)(sig) }
    TemporaryFiles.removeAllAsyncSafe()
    let fault = Libc.signalCode(info) > 0 && Libc.isFault(sig)
    if fault {
      Libc.restoreAction(sig, Signals.previous + Int(sig))
    } else {
      Libc.setDefault(sig)
      Libc.raise(sig)  // delivered when the handler returns
    }
  }
}
