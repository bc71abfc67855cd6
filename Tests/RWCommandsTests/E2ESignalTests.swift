import Foundation
import RWSystem
import RWTestSupport
import Testing

/// Issue 13.7 with the real binary: every signal that would end the viewer leaves a usable
/// shell (the same `stty` modes, the cursor shown, the main screen), the process still ends by
/// that signal, and crash reports are non-interactive because the program says so itself.
extension E2ETmuxTests {
  /// The pid of the program the pane's shell is running (its only child).
  func childOfPane(_ t: Tmux) -> Int32? {
    guard let shell = Int32(t.display("#{pane_pid}")) else { return nil }
    let path = "/proc/\(shell)/task/\(shell)/children"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    return text.split(separator: " ").compactMap { Int32($0) }.first
  }

  /// Every catchable signal whose default action ends a process (SIGTERM, SIGHUP, SIGINT,
  /// SIGQUIT, SIGUSR1/2, SIGPIPE, SIGALRM, SIGABRT, SIGSEGV/SIGBUS/SIGILL/SIGFPE/SIGTRAP/SIGSYS
  /// sent by another process, SIGXCPU, SIGVTALRM, SIGPROF, SIGSTKFLT, SIGIO, SIGPWR) and the
  /// first and last real-time signal. Not SIGXFSZ: rwview ignores it on purpose
  /// (`ProcessSetup`), so a write past a file-size limit is a one-line error instead.
  static let fatalSignals: [Int32] = {
    let all = Signals.terminatingSignals.filter { $0 != SIGXFSZ }
    let rtmin = __libc_current_sigrtmin()
    let rt = all.filter { $0 >= rtmin }
    return all.filter { $0 < rtmin } + [rt.first, rt.last].compactMap { $0 }
  }()

  @Test func theSignalListHoldsEveryCatchableFatalSignal() {
    for s in [
      SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGABRT, SIGSEGV,
      SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS, SIGXCPU, SIGVTALRM, SIGPROF,
    ] {
      #expect(Self.fatalSignals.contains(s), "\(Signals.name(s))")
    }
  }

  @Test(arguments: fatalSignals)
  func aSignalToTheViewerLeavesAUsableShell(_ sig: Int32) throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("e2e-sig")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (img, _, _) = try E2ESupport.writePhantom(in: dir)
    let t = try Tmux(cols: 120, rows: 30)
    try t.waitFor("$")
    // The shell's modes before (all of them, as `stty -g` prints them).
    t.type("BEFORE=$(stty -g); \(bin) \(img)")
    t.send("Enter")
    try t.waitFor("axial k=6/11")
    #expect(t.display("#{alternate_on}") == "1")
    let pid = try #require(childOfPane(t))
    // Crash reports are non-interactive: the program re-executed itself with the setting.
    let environ = try String(contentsOfFile: "/proc/\(pid)/environ", encoding: .isoLatin1)
    #expect(environ.split(separator: "\0").contains("SWIFT_BACKTRACE=interactive=no"))
    kill(pid, sig)
    // The process ends (and the shell reaps it)...
    let deadline = Date().addingTimeInterval(20)
    while FileManager.default.fileExists(atPath: "/proc/\(pid)") && Date() < deadline {
      usleep(20_000)
    }
    #expect(!FileManager.default.fileExists(atPath: "/proc/\(pid)"), "\(Signals.name(sig))")
    // ...by the signal: the shell reports 128 + n. (Asked in a second command line: an
    // interactive bash drops the rest of a line whose command died of SIGINT.)
    t.type("echo EXIT=$?")
    t.send("Enter")
    try t.waitFor("EXIT=\(128 + sig)", timeout: 20)
    #expect(t.display("#{alternate_on}") == "0", "\(Signals.name(sig)): alternate screen")
    #expect(t.display("#{cursor_flag}") == "1", "\(Signals.name(sig)): cursor hidden")
    // (The typed line does not contain the answer, so polling cannot match the echo.)
    t.type("[ \"$(stty -g)\" = \"$BEFORE\" ] && R=SAME || R=CHANGED; echo MODES-$R-")
    t.send("Enter")
    let s = try t.waitFor("MODES-") { $0.contains("MODES-SAME-") || $0.contains("MODES-CHANGED-") }
    #expect(s.contains("MODES-SAME-"), "\(Signals.name(sig)): stty modes changed")
  }
}
