import Foundation
import RWNIfTI
import RWVolume

/// Files and processes for the command-line tests.
enum E2ESupport {
  /// The package root (three levels above this file).
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The shared folder: `$RWVIEW_SHARED`, else `<package root>/../shared` (or one level up).
  static var shared: URL? {
    if let s = ProcessInfo.processInfo.environment["RWVIEW_SHARED"] { return URL(fileURLWithPath: s) }
    for up in [packageRoot.deletingLastPathComponent(), packageRoot.deletingLastPathComponent().deletingLastPathComponent()] {
      let c = up.appendingPathComponent("shared")
      if FileManager.default.fileExists(atPath: c.appendingPathComponent("SPEC.md").path) { return c }
    }
    return nil
  }

  /// Runs a program; returns exit status, stdout and stderr.
  ///
  /// posix_spawn + waitpid, with output in temporary files: Foundation's Process on Linux did not
  /// return from waitUntilExit for `tmux new-session -d`, whose server daemon inherits the
  /// client's descriptors.
  @discardableResult
  static func run(_ exe: String, _ args: [String], env: [String: String]? = nil, cwd: URL? = nil) -> (status: Int32, out: String, err: String) {
    let tmp = FileManager.default.temporaryDirectory
    let tag = "rwview-run-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    let outPath = tmp.appendingPathComponent(tag + ".out").path, errPath = tmp.appendingPathComponent(tag + ".err").path
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
    precondition(cwd == nil, "cwd is not supported")
    let environment = env ?? ProcessInfo.processInfo.environment
    let argv: [UnsafeMutablePointer<CChar>?] = ([exe] + args).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    // Test threads block signals and the child would inherit that mask (then neither SIGWINCH
    // nor SIGTERM would reach the viewer): start children with an empty mask and default actions.
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    defer { posix_spawnattr_destroy(&attr) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attr, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for sig in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGWINCH, SIGQUIT, SIGCHLD] { sigaddset(&defaults, sig) }
    posix_spawnattr_setsigdefault(&attr, &defaults)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, exe, &actions, &attr, argv, envp)
    guard rc == 0 else { return (-1, "", "posix_spawn \(exe) failed: \(rc)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let o = FileManager.default.contents(atPath: outPath) ?? Data()
    let e = FileManager.default.contents(atPath: errPath) ?? Data()
    return (code, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
  }

  /// Finds a program on PATH.
  static func which(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
      let p = "\(dir)/\(name)"
      if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return nil
  }

  /// The built `rwview` binary: beside the test bundle, else built with `swift build`.
  static let binary: String? = {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
      let c = dir.appendingPathComponent("rwview").path
      if FileManager.default.isExecutableFile(atPath: c) { return c }
      dir = dir.deletingLastPathComponent()
    }
    guard let swift = which("swift") else { return nil }
    let r = run(swift, ["build", "--product", "rwview", "--package-path", packageRoot.path])
    guard r.status == 0 else { return nil }
    let bin = run(swift, ["build", "--show-bin-path", "--package-path", packageRoot.path]).out
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let p = bin + "/rwview"
    return FileManager.default.isExecutableFile(atPath: p) ? p : nil
  }()

  /// A fresh temporary folder.
  static func tempDir(_ tag: String) -> URL {
    let u = FileManager.default.temporaryDirectory.appendingPathComponent("rwview-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
  }

  /// Writes a phantom case: 40×32×12 voxels of 1×1×2 mm, LAS-stored (i flipped); a class-1
  /// box (i 8..<24, j 8..<24, k 2..<10) and a class-2 box; 3-class probabilities agreeing with the labels except one column.
  /// Returns (image, labels, prediction) paths.
  static func writePhantom(in dir: URL, prefix: String = "case") throws -> (String, String, String) {
    let dims = [40, 32, 12]
    let affine = Affine(rowMajor: [-1, 0, 0, 39, 0, 1, 0, -10, 0, 0, 2, 5, 0, 0, 0, 1])
    let grid = VoxelGrid(dims: dims, spacing: [1, 1, 2], affine: affine)
    let n = grid.voxelCount
    var img = [Float](repeating: 0, count: n), lab = [Float](repeating: 0, count: n)
    var prob = [Float](repeating: 0, count: 3 * n)
    for k in 0..<dims[2] { for j in 0..<dims[1] { for i in 0..<dims[0] {
      let v = (k * dims[1] + j) * dims[0] + i
      var l = 0
      if (8..<24).contains(i) && (8..<24).contains(j) && (2..<10).contains(k) { l = 1 }
      if (26..<34).contains(i) && (10..<18).contains(j) && (3..<9).contains(k) { l = 2 }
      lab[v] = Float(l)
      img[v] = Float(100 + 50 * l + (i + j) % 7)
      let p = (i == 12) ? 0 : l
      for c in 0..<3 { prob[c * n + v] = c == p ? 0.8 : 0.1 }
    } } }
    let ip = dir.appendingPathComponent("\(prefix)_0000.nii.gz").path
    let gp = dir.appendingPathComponent("\(prefix)_gt.nii.gz").path
    let pp = dir.appendingPathComponent("\(prefix)_prob.nii.gz").path
    try NIfTI.writeVolume(Volume(grid: grid, shape: dims, data: img), to: ip)
    try NIfTI.writeVolume(Volume(grid: grid, shape: dims, data: lab), to: gp, datatype: .uint8)
    try NIfTI.writeVolume(Volume(grid: grid, shape: dims + [1, 3], data: prob), to: pp)
    return (ip, gp, pp)
  }
}
