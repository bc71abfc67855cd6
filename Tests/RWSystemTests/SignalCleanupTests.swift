import Foundation
import Testing

@testable import RWSystem

/// Issue 13.8: a signal during a write removes the temporary file, then ends the process by
/// that signal.
@Suite struct SignalCleanupTests {
  /// Every terminating signal (with the first and last real-time signal), SIGSEGV and the
  /// other fault signals sent with kill as another process would.
  static let signals: [Int32] = {
    let all = Signals.terminatingSignals
    let rt = all.filter { $0 >= __libc_current_sigrtmin() }
    return all.filter { $0 < __libc_current_sigrtmin() } + [rt.first, rt.last].compactMap { $0 }
  }()

  @Test(arguments: signals)
  func aSignalDuringAWriteRemovesTheTemporary(_ sig: Int32) async throws {
    let d = try TempDir("sig")
    defer { d.remove() }
    try d.write("maps.nii.gz", "old")
    await #expect(processExitsWith: .signal(sig)) { [dir = d.path as String, sig = sig as Int32] in
      Signals.install()
      let f = try AtomicFile(path: dir + "/maps.nii.gz")
      try f.write([UInt8](repeating: 1, count: 1 << 20))
      Libc.signalSelf(sig)
      usleep(2_000_000)
    }
    #expect(d.names == ["maps.nii.gz"])
    #expect(d.contents("maps.nii.gz") == "old")
  }

  @Test func everyTerminatingSignalIsHandled() {
    let s = Set(Signals.terminatingSignals)
    for sig in [
      SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGUSR1, SIGSEGV,
      SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGSYS,
    ] {
      #expect(s.contains(sig), "\(Signals.name(sig))")
    }
    for sig in [SIGKILL, SIGSTOP, SIGCHLD, SIGCONT, SIGWINCH, SIGTSTP, SIGURG] {
      #expect(!s.contains(sig))
    }
  }
}

/// Ctrl-C as a request while a long run wants to stop early, then as a signal again.
@Suite struct InterruptTests {
  @Test func sigintIsARequestOnlyInsideCatchingInterrupts() async {
    await #expect(processExitsWith: .signal(SIGINT)) {
      let seen = Signals.catchingInterrupts { interrupted in
        Libc.signalSelf(SIGINT)
        for _ in 0..<200 where !interrupted() { usleep(5_000) }
        return interrupted()
      }
      #expect(seen)
      Libc.signalSelf(SIGINT)
      usleep(2_000_000)
    }
  }
}
