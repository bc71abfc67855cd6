import Foundation
import Testing

/// The real binary in a private tmux server on Samples/phantom: the loss panel, switching maps,
/// two maps side by side, the instability view, the simulator, the worst slice and an export.
@Suite(.serialized) struct E2EDebugTmuxTests {
  static let root: URL = {
    var dir = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { dir.deleteLastPathComponent() }
    return dir
  }()
  static let binary = root.appendingPathComponent(".build/debug/rwview").path
  static let hasTmux = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
    || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")

  /// One tmux server with one session running the viewer.
  final class Session {
    let socket: String
    init(command: String, cols: Int = 160, rows: Int = 50, directory: String) throws {
      socket = "rwdbg-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
      try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(cols)", "-y", "\(rows)", "-c", directory,
                "TERM=tmux-256color " + command])
    }

    /// Runs a tmux command; only `capture` reads its output (the server that new-session forks
    /// would keep an output pipe open forever).
    @discardableResult
    func tmux(_ args: [String], capture: Bool = false) throws -> String {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      p.arguments = ["tmux", "-L", socket] + args
      p.standardInput = FileHandle.nullDevice
      p.standardError = FileHandle.nullDevice
      let out = Pipe()
      p.standardOutput = capture ? out : FileHandle.nullDevice
      try p.run()
      let data = capture ? out.fileHandleForReading.readDataToEndOfFile() : Data()
      p.waitUntilExit()
      return String(decoding: data, as: UTF8.self)
    }

    func screen() -> String { (try? tmux(["capture-pane", "-p"], capture: true)) ?? "" }

    func send(_ keys: String...) throws { try tmux(["send-keys"] + keys) }

    /// Polls the screen until `condition` holds (never a fixed sleep); the last screen otherwise.
    func wait(for what: String, timeout: Double = 90, _ condition: (String) -> Bool) -> (Bool, String) {
      let end = Date().addingTimeInterval(timeout)
      var last = ""
      while Date() < end {
        last = screen()
        if condition(last) { return (true, last) }
        usleep(100_000)
      }
      return (false, last)
    }

    func hasSession() -> Bool {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      p.arguments = ["tmux", "-L", socket, "has-session"]
      p.standardOutput = FileHandle.nullDevice
      p.standardError = FileHandle.nullDevice
      try? p.run()
      p.waitUntilExit()
      return p.terminationStatus == 0
    }

    deinit { _ = try? tmux(["kill-server"]) }
  }

  @Test(.enabled(if: hasTmux && FileManager.default.isExecutableFile(atPath: binary)))
  func debugFeaturesOnThePhantom() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rwview-e2e-debug-\(getpid())")
    try? FileManager.default.removeItem(at: dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let sample = Self.root.appendingPathComponent("Samples/phantom").path
    let s = try Session(command: "\(Self.binary) \(sample)", directory: dir.path)

    func expectScreen(_ what: String, timeout: Double = 90, _ condition: (String) -> Bool) -> String {
      let (ok, screen) = s.wait(for: what, timeout: timeout, condition)
      #expect(ok, "\(what); screen:\n\(screen)")
      return screen
    }

    _ = expectScreen("viewer up") { $0.contains("phantom.nii.gz") && $0.contains("voxel (i,j,k)") }
    // Loss panel from the loss core.
    try s.send("L")
    _ = expectScreen("loss panel") { $0.contains("LOSS") && $0.contains("RW loss") && $0.contains("rrw 2d/k voxel") }
    // Switch map kind (rrw → rw-ac) and back, recomputed live.
    try s.send("f")
    _ = expectScreen("rw-ac map") { $0.contains("rw-ac 2d/k voxel") && $0.contains("RW loss") }
    try s.send("F")
    _ = expectScreen("rrw again") { $0.contains("LOSS") && $0.contains("rrw 2d/k voxel") && $0.contains("RW loss") }
    // Two maps side by side and the instability view: boundary breaks B, rrw does not.
    try s.send("C", "I")
    let inst = expectScreen("instability, side by side") {
      $0.contains("INSTABILITY") && $0.contains("rrw slice A 0  B 0") && $0.contains("boundary slice A")
    }
    #expect(inst.contains("boundary 2d/k"))
    if let line = inst.split(separator: "\n").first(where: { $0.contains("boundary slice A") }) {
      #expect(!line.contains("B 0 "), "boundary shows no B violation: \(line)")
    }
    // The simulator on both maps.
    try s.send("s")
    let sim = expectScreen("simulator finished") { $0.contains("DESCENT") && $0.contains("50/50 done") }
    #expect(sim.contains("raised wrong"))
    try s.send("s")
    // Profile strip, then the worst slice.
    try s.send("P")
    _ = expectScreen("profile") { $0.contains("PROFILE k") && $0.contains("highest k=") }
    try s.send("w")
    let worst = expectScreen("worst slice") { $0.contains("worst slice 1/32: k=") }
    if let r = worst.range(of: "worst slice 1/32: k=") {
      let n = worst[r.upperBound...].prefix { $0.isNumber }
      #expect(worst.contains("axial k=\(n)/31"))
    }
    // Export the frame as PNG into the working folder.
    try s.send("X")
    _ = expectScreen("exported") { $0.contains("frame written to rwview-phantom-axial-") }
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    let png = files.first { $0.hasPrefix("rwview-phantom-axial-") && $0.hasSuffix(".png") }
    #expect(png != nil)
    if let png {
      let bytes = try Data(contentsOf: dir.appendingPathComponent(png))
      #expect(bytes.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }
    // Quit: the session ends.
    try s.send("q")
    let end = Date().addingTimeInterval(20)
    while s.hasSession() && Date() < end { usleep(100_000) }
    #expect(!s.hasSession())
  }
}
