import Foundation
import RWTestSupport
import Testing

/// Issue 13.7 with the real binary: signals to the viewer leave a usable shell, and the
/// process makes crash reports non-interactive for itself.
extension E2ETmuxTests {
  /// The pid of the program the pane's shell is running (its only child).
  func childOfPane(_ t: Tmux) -> Int32? {
    guard let shell = Int32(t.display("#{pane_pid}")) else { return nil }
    let path = "/proc/\(shell)/task/\(shell)/children"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    return text.split(separator: " ").compactMap { Int32($0) }.first
  }

  @Test(arguments: [SIGUSR1, SIGPIPE, SIGQUIT, SIGSEGV, SIGABRT, SIGTERM, SIGHUP])
  func aSignalToTheViewerLeavesAUsableShell(_ sig: Int32) throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("e2e-sig")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (img, _, _) = try E2ESupport.writePhantom(in: dir)
    let t = try Tmux(cols: 120, rows: 30)
    try t.waitFor("$")
    t.type("\(bin) \(img); echo EXIT=$?")
    t.send("Enter")
    try t.waitFor("axial k=6/11")
    let pid = try #require(childOfPane(t))
    // Crash reports are non-interactive: the program re-executed itself with the setting.
    let environ = try String(contentsOfFile: "/proc/\(pid)/environ", encoding: .isoLatin1)
    #expect(environ.split(separator: "\0").contains("SWIFT_BACKTRACE=interactive=no"))
    kill(pid, sig)
    try t.waitFor("EXIT=\(128 + sig)", timeout: 20)
    #expect(t.display("#{alternate_on}") == "0")
    #expect(t.display("#{cursor_flag}") == "1")
    t.type("echo SANE=$(stty -a | tr ' ;' '\\n\\n' | grep -cx -e -icanon -e -echo -e -isig)")
    t.send("Enter")
    try t.waitFor("SANE=0")
  }
}
