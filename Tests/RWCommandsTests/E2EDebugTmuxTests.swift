import Foundation
import RWTestSupport
import Testing

/// The real binary in a private tmux server on Samples/phantom (RWTestSupport's Tmux): the loss
/// panel, switching maps, two maps side by side, the instability view, the simulator, the worst
/// slice and an export.
@Suite(.serialized, .tags(.e2e), .enabled(if: Tmux.isAvailable, "tmux is not installed"))
struct E2EDebugTmuxTests {
  @Test func debugFeaturesOnThePhantom() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("e2e-debug")
    defer { try? FileManager.default.removeItem(at: dir) }
    let sample = Fixtures.packageRoot.appendingPathComponent("Samples/phantom").path
    let t = try Tmux(cols: 160, rows: 50)
    try t.waitFor("$")
    t.type("cd \(dir.path) && \(bin) \(sample); echo EXIT=$?")
    t.send("Enter")
    try t.waitFor("viewer up", timeout: 60) {
      $0.contains("phantom.nii.gz") && $0.contains("voxel (i,j,k)")
    }
    // Loss panel from the loss core (a debug build evaluates the phantom in a few seconds).
    t.send("L")
    try t.waitFor("loss panel", timeout: 120) {
      $0.contains("LOSS") && $0.contains("RW loss") && $0.contains("rrw 2d/k voxel")
    }
    // Switch map kind (rrw -> rw-ac) and back, recomputed live.
    t.send("f")
    try t.waitFor("rw-ac map", timeout: 120) {
      $0.contains("rw-ac 2d/k voxel") && $0.contains("RW loss")
    }
    t.send("F")
    try t.waitFor("rrw again", timeout: 120) {
      $0.contains("rrw 2d/k voxel") && $0.contains("RW loss")
    }
    // Two maps side by side and the instability view: boundary breaks B, rrw does not.
    t.send("C")
    t.send("I")
    let inst = try t.waitFor("instability side by side", timeout: 180) {
      $0.contains("INSTABILITY") && $0.contains("rrw slice A 0  B 0")
        && $0.contains("boundary slice A")
    }
    #expect(inst.contains("boundary 2d/k"))
    let line =
      inst.split(separator: "\n").first { $0.contains("boundary slice A") }.map(String.init) ?? ""
    #expect(!line.contains("B 0 "), "boundary shows no B violation: \(line)")
    // The descent simulator on both maps.
    t.send("s")
    let sim = try t.waitFor("simulator finished", timeout: 120) {
      $0.contains("DESCENT") && $0.contains("50/50 done")
    }
    #expect(sim.contains("raised wrong"))
    t.send("s")
    // Profile strip, then the worst slice.
    t.send("P")
    try t.waitFor("profile", timeout: 60) { $0.contains("PROFILE k") && $0.contains("highest k=") }
    t.send("w")
    let worst = try t.waitFor("worst slice 1/32: k=")
    if let r = worst.range(of: "worst slice 1/32: k=") {
      let n = worst[r.upperBound...].prefix { $0.isNumber }
      #expect(worst.contains("axial k=\(n)/31"))
    }
    // Export the frame as PNG into the working folder, twice: the second keeps the first.
    t.send("X")
    try t.waitFor("frame written to rwview-phantom-axial-", timeout: 60) { $0.contains("-1.png") }
    t.send("X")
    try t.waitFor("second export", timeout: 60) {
      $0.contains("frame written to") && $0.contains("-2.png")
    }
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    let pngs = files.filter { $0.hasPrefix("rwview-phantom-axial-") && $0.hasSuffix(".png") }
    #expect(pngs.count == 2, "\(files)")
    for png in pngs {
      let bytes = try Data(contentsOf: dir.appendingPathComponent(png))
      #expect(bytes.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
      // zlib-compressed: far below the raw 3 bytes a pixel.
      #expect(bytes.count < 200_000, "\(png): \(bytes.count) bytes")
    }
    // Quit: the shell is back and the viewer exited cleanly.
    t.send("q")
    try t.waitFor("EXIT=0")
  }
}
