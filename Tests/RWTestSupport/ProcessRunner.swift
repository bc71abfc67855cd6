import Foundation

/// What a finished child process left: its exit status, standard output and standard error.
public struct ProcessResult: Sendable {
  /// The exit code, or 128 + the signal number when a signal ended it; -1 when it never ran.
  public var status: Int32
  /// Everything written to standard output.
  public var out: String
  /// Everything written to standard error.
  public var err: String
}

/// Runs programs for tests and finds them on `PATH`.
public enum ProcessRunner {
  /// Runs `exe` (a path, or a name looked up on `PATH`) with `args`; stdin is /dev/null.
  ///
  /// posix_spawn + waitpid, with output in temporary files: Foundation's Process on Linux did
  /// not return from waitUntilExit for `tmux new-session -d`, whose server daemon inherits the
  /// client's descriptors. Children start with an empty signal mask and default actions (test
  /// threads block signals, and SIGWINCH/SIGTERM must reach the viewer).
  @discardableResult
  public static func run(_ exe: String, _ args: [String], env: [String: String]? = nil)
    -> ProcessResult
  {
    let program: String
    if exe.contains("/") {
      program = exe
    } else if let found = which(exe) {
      program = found
    } else {
      return ProcessResult(status: 127, out: "", err: "\(exe): not found on PATH")
    }
    let tmp = FileManager.default.temporaryDirectory
    let tag = "rwview-run-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    let outPath = tmp.appendingPathComponent(tag + ".out").path
    let errPath = tmp.appendingPathComponent(tag + ".err").path
    defer {
      unlink(outPath)
      unlink(errPath)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let environment = env ?? ProcessInfo.processInfo.environment
    let argv: [UnsafeMutablePointer<CChar>?] = ([program] + args).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] =
      environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for p in argv { free(p) }
      for p in envp { free(p) }
    }
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    defer { posix_spawnattr_destroy(&attr) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attr, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for sig in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGWINCH, SIGQUIT, SIGCHLD] {
      sigaddset(&defaults, sig)
    }
    posix_spawnattr_setsigdefault(&attr, &defaults)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, program, &actions, &attr, argv, envp)
    guard rc == 0 else {
      return ProcessResult(status: -1, out: "", err: "posix_spawn \(program) failed: \(rc)")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let o = FileManager.default.contents(atPath: outPath) ?? Data()
    let e = FileManager.default.contents(atPath: errPath) ?? Data()
    return ProcessResult(
      status: code, out: String(decoding: o, as: UTF8.self),
      err: String(decoding: e, as: UTF8.self))
  }

  /// The path of an executable `name` on `PATH`, or nil.
  public static func which(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
      let p = "\(dir)/\(name)"
      if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return nil
  }
}
