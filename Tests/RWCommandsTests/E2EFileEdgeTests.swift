import Foundation
import RWNIfTI
import RWTestSupport
import RWVolume
import Testing

/// Issues 13.1–13.6, 13.8 and 13.11 (files and paths), through the real binary: what a
/// command reads, where it writes, and what it prints.
@Suite struct E2EFileEdgeTests {
  /// Where the child's standard output goes.
  enum Output {
    case file(String)
    case closed
  }

  /// Runs `exe` with stdout sent to `output`; returns the exit status and stderr.
  static func run(_ exe: String, _ args: [String], stdout output: Output) -> (
    status: Int32, err: String
  ) {
    let errPath = FileManager.default.temporaryDirectory
      .appendingPathComponent("rwview-edge-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).err")
      .path
    defer { unlink(errPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    switch output {
    case .file(let p):
      posix_spawn_file_actions_addopen(&actions, 1, p, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    case .closed: posix_spawn_file_actions_addclose(&actions, 1)
    }
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv: [UnsafeMutablePointer<CChar>?] = ([exe] + args).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, exe, &actions, nil, argv, environ) == 0 else {
      return (-1, "spawn failed")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    return (code, err)
  }

  static func names(_ dir: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
  }

  /// 13.5: output that cannot be written is an error, not a success or a trap.
  @Test func lostOutputIsOneLineAndExitOne() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("edge-out")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (img, gt, pred) = try E2ESupport.writePhantom(in: dir)
    let commands: [[String]] = [
      ["info", img], ["info", "--json", img],
      ["render", img, "--format", "text", "--size", "80x24"],
      ["stats", "--gt", gt, "--pred", pred],
    ]
    for args in commands {
      let full = Self.run(bin, args, stdout: .file("/dev/full"))
      #expect(full.status == 1, "\(args) > /dev/full")
      #expect(
        full.err.hasSuffix("rwview: standard output: cannot write: No space left on device\n"),
        "\(full.err)")
      let closed = Self.run(bin, args, stdout: .closed)
      #expect(closed.status == 1, "\(args) >&-")
      #expect(
        closed.err.hasSuffix("rwview: standard output: cannot write: Bad file descriptor\n"),
        "\(closed.err)")
    }
  }

  /// 13.6: header text and file names are printed with control characters escaped.
  @Test func headerTextAndPathsAreEscaped() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("edge-esc")
    defer { try? FileManager.default.removeItem(at: dir) }
    var o = NIfTI.WriteOptions()
    o.description = "\u{1B}]2;pwned\u{07}"
    let grid = VoxelGrid(dims: [4, 4, 4], spacing: [1, 1, 1], affine: .identity)
    let evil = dir.appendingPathComponent("a\u{1B}[31mb.nii").path
    try NIfTI.writeVolume(
      Volume(grid: grid, shape: [4, 4, 4], data: [Float](repeating: 1, count: 64)), to: evil,
      datatype: .uint8, options: o)
    let info = ProcessRunner.run(bin, ["info", evil])
    #expect(info.status == 0, "\(info.err)")
    #expect(!info.out.contains("\u{1B}") && !info.out.contains("\u{07}"))
    #expect(info.out.contains("description: \"\\e]2;pwned\\u{7}\""))
    #expect(info.out.hasPrefix(dir.path + "/a\\e[31mb.nii\n"))
    let json = ProcessRunner.run(bin, ["info", "--json", evil])
    #expect(json.out.contains("\\u001b]2;pwned\\u0007") && !json.out.contains("\u{1B}"))
    let text = ProcessRunner.run(bin, ["render", evil, "--format", "text", "--size", "80x24"])
    #expect(text.status == 0, "\(text.err)")
    #expect(!text.out.contains("\u{1B}") && text.out.contains("a\\e[31mb.nii"))
    // An error line about a path with a newline stays one line.
    let missing = dir.appendingPathComponent("x\ny\u{1B}[2J.nii").path
    let r = ProcessRunner.run(bin, ["info", missing])
    #expect(r.status == 1)
    #expect(
      r.err == "rwview: \(dir.path)/x\\ny\\e[2J.nii: cannot open: No such file or directory\n")
  }

  /// 13.4: FIFOs and devices are refused at once, never waited on.
  @Test func fifosAndDevicesAsInputsAreRefused() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("edge-fifo")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (img, gt, _) = try E2ESupport.writePhantom(in: dir)
    let fifo = dir.appendingPathComponent("fifo.nii").path
    #expect(mkfifo(fifo, 0o644) == 0)
    let info = ProcessRunner.run(bin, ["info", fifo, "/dev/zero"])
    #expect(info.status == 1)
    #expect(
      info.err == """
        rwview: \(fifo): is a FIFO (named pipe), not a regular file
        rwview: /dev/zero: is a character device, not a regular file

        """)
    let stats = ProcessRunner.run(bin, ["stats", "--gt", gt, "--pred", fifo])
    #expect(
      stats.status == 1
        && stats.err.hasSuffix("rwview: \(fifo): is a FIFO (named pipe), not a regular file\n"))
    // Case discovery picks the FIFO as the prediction: refused with one line, no hang.
    let pred = dir.appendingPathComponent("case_pred.nii.gz").path
    #expect(mkfifo(pred, 0o644) == 0)
    let render = ProcessRunner.run(
      bin, ["render", dir.path, "--format", "text", "--size", "80x24"])
    #expect(render.status == 1, "\(render.err)")
    #expect(
      render.err.contains("\(pred): is a FIFO (named pipe), not a regular file"), "\(render.err)")
    _ = (img)
  }

  /// 13.1, 13.2 and issue 8.1: no writer replaces an input however it was found, nor a
  /// device, FIFO or folder.
  @Test func writersRefuseInputsAndSpecialFiles() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("edge-guard")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (img, gt, pred) = try E2ESupport.writePhantom(in: dir)
    let before = try Data(contentsOf: URL(fileURLWithPath: pred))
    // The prediction was found by case discovery, not named.
    let r1 = ProcessRunner.run(bin, ["render", dir.path, "--format", "png", "-o", pred])
    #expect(r1.status == 1)
    #expect(r1.err.hasSuffix("rwview: \(pred): refusing to overwrite an input file\n"), "\(r1.err)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: pred)) == before)
    // A pair's data file, named through the header.
    let vol = try NIfTI.loadVolume(path: gt).volume
    let hdr = dir.appendingPathComponent("pair.hdr").path
    let imgFile = dir.appendingPathComponent("pair.img").path
    try writePair(vol, hdr: hdr)
    let pairBefore = try Data(contentsOf: URL(fileURLWithPath: imgFile))
    let r2 = ProcessRunner.run(bin, ["render", hdr, "--format", "png", "-o", imgFile])
    #expect(
      r2.status == 1 && r2.err.contains("\(imgFile): refusing to overwrite an input file"),
      "\(r2.err)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: imgFile)) == pairBefore)
    let r3 = ProcessRunner.run(
      bin, ["maps", hdr, "-o", dir.appendingPathComponent("pair.img").path])
    #expect(r3.status == 1 && r3.err.contains("refusing to overwrite an input file"), "\(r3.err)")
    // Special files are refused, never replaced.
    let fifo = dir.appendingPathComponent("out.png").path
    #expect(mkfifo(fifo, 0o644) == 0)
    try FileManager.default.createSymbolicLink(
      atPath: dir.appendingPathComponent("null.nii").path, withDestinationPath: "/dev/null")
    let special: [([String], String)] = [
      (["render", img, "--format", "png", "-o", "/dev/full"], "/dev/full: is a character device"),
      (["render", img, "--format", "png", "-o", fifo], "\(fifo): is a FIFO (named pipe)"),
      (
        ["maps", gt, "-o", dir.appendingPathComponent("null.nii").path],
        "null.nii: is a character device"
      ),
      (["render", img, "--format", "png", "-o", dir.path], "\(dir.path): is a folder"),
    ]
    for (args, message) in special {
      let r = ProcessRunner.run(bin, args)
      #expect(r.status == 1, "\(args)")
      #expect(r.err.contains(message) && r.err.components(separatedBy: "\n").count == 2, "\(r.err)")
    }
    #expect(FileManager.default.fileExists(atPath: "/dev/full"))
    #expect(Self.names(dir).allSatisfy { !$0.contains("rwview-tmp") })
    _ = (img)
  }

  /// An Analyze-style pair: header `hdr` (vox_offset 0) and the voxels in the `.img` beside it.
  func writePair(_ v: Volume, hdr: String) throws {
    let single = hdr + ".tmp.nii"
    try NIfTI.writeVolume(v, to: single, datatype: .uint8)
    var bytes = try Data(contentsOf: URL(fileURLWithPath: single))
    try? FileManager.default.removeItem(atPath: single)
    var head = Data(bytes.prefix(348))
    // vox_offset 0 (float at byte 108) and magic "ni1\0" for a pair.
    head.replaceSubrange(108..<112, with: Data(count: 4))
    head.replaceSubrange(344..<348, with: Data("ni1\0".utf8))
    bytes.removeFirst(352)
    try head.write(to: URL(fileURLWithPath: hdr))
    try bytes.write(to: URL(fileURLWithPath: String(hdr.dropLast(4)) + ".img"))
  }

  /// 13.11: a file name starting with '-' is not read as options (nor as --help).
  @Test func aDashFileNameIsAnErrorNotHelp() throws {
    let bin = try RWViewBinary.path()
    let r = ProcessRunner.run(bin, ["maps", "-dash.nii.gz", "-o", "./-o.nii.gz"])
    #expect(r.status == 64)
    #expect(r.out.isEmpty)
    #expect(
      r.err
        == "rwview: -dash.nii.gz: not an option; to name a file that starts with '-', write ./-dash.nii.gz\n"
    )
    let ok = ProcessRunner.run(bin, ["render", "--slice", "-1", "x.nii"])
    #expect(!ok.err.contains("not an option"))
  }

  /// 13.11: an unreadable .img is "Permission denied", not "missing".
  @Test(
    .enabled(
      if: Unreadable.possible,
      "no file here refuses to be read (root, and no write-only /proc/sys file)"))
  func anUnreadablePairImageIsNotMissing() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("edge-perm")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (_, gt, _) = try E2ESupport.writePhantom(in: dir)
    let hdr = dir.appendingPathComponent("p.hdr").path
    try writePair(try NIfTI.loadVolume(path: gt).volume, hdr: hdr)
    Unreadable.make(dir.appendingPathComponent("p.img").path)
    let r = ProcessRunner.run(bin, ["info", hdr])
    #expect(r.status == 1)
    #expect(r.err == "rwview: \(dir.path)/p.img: cannot open: Permission denied\n")
  }

  /// 13.11: a label of 2147483646 (int32) is too large for a class label, not "not an
  /// integer"; the voxel is named, in one line, by `stats` and `maps`.
  @Test func aHugeIntegerLabelIsTooLargeNotNonInteger() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("edge-biglabel")
    defer { try? FileManager.default.removeItem(at: dir) }
    var h = NIfTIHeader.blank(shape: [4, 3, 2], datatype: .int32)
    h.pixdim = [1, 1, 1, 1, 1, 1, 1, 1]
    var labels = [Int32](repeating: 0, count: 24)
    labels[1] = 1
    labels[13] = 2_147_483_646  // voxel (1,0,1)
    let data = labels.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) }
    let gt = dir.appendingPathComponent("big.nii").path
    FileManager.default.createFile(atPath: gt, contents: Data(h.encoded() + [0, 0, 0, 0] + data))
    let out = dir.appendingPathComponent("maps.nii").path
    for args in [["stats", "--gt", gt, "--pred", gt], ["maps", gt, "-o", out]] {
      let r = ProcessRunner.run(bin, args)
      #expect(r.status == 1, "\(args): \(r.err)")
      #expect(
        r.err.hasPrefix(
          "rwview: \(gt): value 2.1474836e+09 at voxel (1,0,1) is too large for a "
            + "class label (at most 2147483520)") && r.err.split(separator: "\n").count == 1,
        "\(args): \(r.err)")
      #expect(!r.err.contains("not a class label") && !r.err.contains("integer"), "\(r.err)")
    }
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  /// 13.11: a malformed dataset.json found in a case folder is a warning, not a failure.
  @Test func aMalformedFoundDatasetJSONIsAWarning() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("edge-json")
    defer { try? FileManager.default.removeItem(at: dir) }
    _ = try E2ESupport.writePhantom(in: dir)
    try Data("{ \"labels\": [oops".utf8).write(to: dir.appendingPathComponent("dataset.json"))
    let r = ProcessRunner.run(bin, ["render", dir.path, "--format", "text", "--size", "80x24"])
    #expect(r.status == 0, "\(r.err)")
    #expect(r.err.contains("rwview: warning: ") && r.err.contains("dataset.json"), "\(r.err)")
    #expect(r.out.contains("axial"))
    // Named by the user, it is a warning too (issue 12.10: a label file only names labels).
    let named = ProcessRunner.run(
      bin,
      [
        "render", dir.path, "--labels", dir.appendingPathComponent("dataset.json").path, "--format",
        "text",
      ])
    #expect(named.status == 0, "\(named.err)")
    #expect(named.err.contains("rwview: warning: ") && named.err.contains("dataset.json"))
  }

  /// The signals sent to a running `maps` (each run computes maps first, so the rest of the
  /// catchable fatal signals are sent to a write in `SignalCleanupTests`).
  static let signalsDuringMaps: [Int32] = [
    SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGABRT, SIGSEGV,
  ]

  /// 13.8: no catchable signal that ends `maps` while it writes (SIGTERM, SIGHUP, SIGINT,
  /// SIGQUIT, SIGUSR1/2, SIGPIPE, SIGALRM, SIGABRT, SIGSEGV sent by another process) leaves its
  /// temporary file behind; the temporary is named as rwview's (`.rwview-tmp-…-maps.nii.gz`).
  @Test(arguments: signalsDuringMaps)
  func aSignalDuringMapsLeavesNoTemporary(_ sig: Int32) throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("edge-sig")
    defer { try? FileManager.default.removeItem(at: dir) }
    // Large enough that compressing the output takes a while.
    let dims = [96, 96, 64]
    let n = dims.reduce(1, *)
    var lab = [Float](repeating: 0, count: n)
    for v in 0..<n where (v / 7) % 5 == 0 { lab[v] = Float(1 + v % 3) }
    let grid = VoxelGrid(dims: dims, spacing: [1, 1, 1], affine: .identity)
    let labels = dir.appendingPathComponent("labels.nii.gz").path
    try NIfTI.writeVolume(Volume(grid: grid, shape: dims, data: lab), to: labels, datatype: .uint8)
    let out = dir.appendingPathComponent("maps.nii.gz").path
    var pid: pid_t = 0
    let argv: [UnsafeMutablePointer<CChar>?] =
      [bin, "maps", labels, "-o", out].map { (s: String) in strdup(s) } + [nil]
    defer { for p in argv { free(p) } }
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    defer { posix_spawnattr_destroy(&attr) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attr, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    // The child starts with default actions (a test runner may ignore SIGPIPE) and no core
    // file (a signal like SIGQUIT or SIGSEGV would write one into the current folder).
    for s in E2ETmuxTests.fatalSignals { sigaddset(&defaults, s) }
    var noCore = rlimit()
    getrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)
    noCore.rlim_cur = 0
    setrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)
    posix_spawnattr_setsigdefault(&attr, &defaults)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    #expect(posix_spawn(&pid, bin, nil, &attr, argv, environ) == 0)
    // Wait for the temporary file, then send the signal while it is being written.
    let deadline = Date().addingTimeInterval(60)
    var seen = false
    while Date() < deadline {
      if Self.names(dir).contains(where: {
        $0.hasPrefix(".rwview-tmp-") && $0.hasSuffix("-maps.nii.gz")
      }) {
        seen = true
        break
      }
      usleep(2_000)
    }
    kill(pid, sig)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    #expect(seen, "the temporary file never appeared")
    #expect(status & 0x7f == sig, "ended by signal \(status & 0x7f)")
    #expect(Self.names(dir) == ["labels.nii.gz"])
  }
}
