import Foundation
import Glibc
import RWRender
import RWSystem
import Testing

@testable import RWTerminal

/// Issue 13.7: every signal whose default action ends the process leaves the terminal as it
/// was (tty modes, cursor visible, main screen), and the process still ends by that signal.
@Suite(.serialized) struct PTYSignalTests {
  /// Every terminating signal, with only the first and last real-time signal.
  static let signals: [Int32] = {
    let all = Signals.terminatingSignals
    let rt = all.filter { $0 >= 34 }
    return all.filter { $0 < 34 } + [rt.first, rt.last].compactMap { $0 }
  }()

  @Test(arguments: signals)
  func signalRestoresTheTerminal(_ sig: Int32) async throws {
    let pty = try PTY(cols: 30, rows: 6)
    let before = pty.modes()
    let slave = try FileManager.default.destinationOfSymbolicLink(
      atPath: "/proc/self/fd/\(pty.slave)")
    await #expect(processExitsWith: .signal(sig)) { [slave = slave as String, sig = sig as Int32] in
      let fd = open(slave, O_RDWR | O_NOCTTY)
      let term = try TerminalBackend(
        options: TerminalOptions(inputFD: fd, outputFD: fd, term: "xterm-256color"))
      var g = CellGrid(width: 30, height: 6)
      g.put("drawn", x: 2, y: 2)
      term.draw(g)
      kill(getpid(), sig)
      sleep(10)  // the signal ends the process first
    }
    #expect(pty.waitFor("drawn"))
    #expect(pty.waitFor("\u{1B}[?1049l"))  // left the alternate screen...
    let text = pty.text
    let after =
      text.range(of: "drawn", options: .backwards).map { String(text[$0.upperBound...]) } ?? ""
    #expect(after.contains("\u{1B}[?1049l"), "\(Signals.name(sig))")
    #expect(after.contains("\u{1B}[?25h"), "cursor shown after \(Signals.name(sig))")
    #expect(sameModes(before, pty.modes()), "tty modes after \(Signals.name(sig))")
  }
}

/// A real crash (a fault of the running code, not a signal sent with kill): the terminal is
/// restored, the Swift runtime's crash reporter runs, and the process ends by the signal.
@Suite(.serialized) struct PTYCrashTests {
  @Test func aFaultRestoresTheTerminalAndStillCrashes() async throws {
    let pty = try PTY(cols: 30, rows: 6)
    let before = pty.modes()
    let slave = try FileManager.default.destinationOfSymbolicLink(
      atPath: "/proc/self/fd/\(pty.slave)")
    await #expect(processExitsWith: .signal(SIGSEGV)) { [slave = slave as String] in
      let fd = open(slave, O_RDWR | O_NOCTTY)
      let term = try TerminalBackend(
        options: TerminalOptions(inputFD: fd, outputFD: fd, term: "xterm-256color"))
      var g = CellGrid(width: 30, height: 6)
      g.put("drawn", x: 2, y: 2)
      term.draw(g)
      let p = UnsafeMutablePointer<Int>(bitPattern: 8)!
      p.pointee = 1
    }
    let text = pty.text
    let after =
      text.range(of: "drawn", options: .backwards).map { String(text[$0.upperBound...]) } ?? ""
    #expect(after.contains("\u{1B}[?1049l"))
    #expect(sameModes(before, pty.modes()))
  }
}
