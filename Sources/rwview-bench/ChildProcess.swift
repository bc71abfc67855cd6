import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One run of a child process, measured by the benchmark itself: wall time around spawn and
/// `wait4`, and the child's own CPU time and peak resident set from the kernel's rusage.
struct ChildRun {
  var wall: Double
  var cpu: Double
  /// Peak RSS in MB (`ru_maxrss`).
  var peakMB: Double
  var status: Int32
  /// What the child wrote to stdout when asked to keep it.
  var output: String

  /// Runs `path args`, stdout to a temporary file (kept when `keepOutput`) or /dev/null and
  /// stderr to /dev/null; nil when the spawn fails.
  static func run(_ path: String, _ args: [String], keepOutput: Bool = false) -> ChildRun? {
    let outPath =
      keepOutput
      ? NSTemporaryDirectory() + "rwbench-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).out"
      : "/dev/null"
    defer { if keepOutput { unlink(outPath) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([path] + args).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    let t0 = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return nil }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let wall = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    let cpu =
      Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    let text = keepOutput ? ((try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "") : ""
    return ChildRun(
      wall: wall, cpu: cpu, peakMB: Double(usage.ru_maxrss) / 1024, status: status, output: text)
  }

  /// The `RESULT {json}` records a peer script printed.
  var results: [[String: Any]] {
    output.split(separator: "\n").compactMap { line in
      guard line.hasPrefix("RESULT "), let d = line.dropFirst(7).data(using: .utf8) else {
        return nil
      }
      return (try? JSONSerialization.jsonObject(with: d)) as? [String: Any]
    }
  }
}

/// Medians of repeated measurements.
enum Median {
  static func of(_ v: [Double]) -> Double {
    guard !v.isEmpty else { return .nan }
    let s = v.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
  }
}
