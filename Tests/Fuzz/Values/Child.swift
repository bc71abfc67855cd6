import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One run of the real `rwview` binary under a time limit: how it ended, its stderr and the
/// kernel's peak resident set (`wait4`'s `ru_maxrss`).
struct Child {
  /// How a run ended.
  enum End: Hashable {
    case exit(Int32)
    case signal(Int32)
    /// Killed after the time limit.
    case timeout
  }

  var end: End
  var stderr: String
  /// Peak RSS in KiB.
  var peakKB: Int
  var seconds: Double

  /// Runs `path args` with stdin and stdout on /dev/null and stderr in `errPath`; kills it
  /// (SIGKILL) after `limit` seconds. Nil when the spawn fails.
  static func run(_ path: String, _ args: [String], errPath: String, limit: Double) -> Child? {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv = ([path] + args).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    let t0 = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return nil }
    var status: Int32 = 0
    var usage = rusage()
    var timedOut = false
    var pause: UInt32 = 200
    while true {
      let r = wait4(pid, &status, WNOHANG, &usage)
      if r == pid { break }
      if r < 0 && errno != EINTR { break }
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
      if elapsed > limit && !timedOut {
        kill(pid, SIGKILL)
        timedOut = true
      }
      usleep(pause)
      pause = min(pause * 2, 5000)
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    let text = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "<stderr not UTF-8>"
    let end: End
    if timedOut {
      end = .timeout
    } else if status & 0x7f == 0 {
      end = .exit((status >> 8) & 0xff)
    } else {
      end = .signal(status & 0x7f)
    }
    return Child(end: end, stderr: text, peakKB: Int(usage.ru_maxrss), seconds: seconds)
  }
}
