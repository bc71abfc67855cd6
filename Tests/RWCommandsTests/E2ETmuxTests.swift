import Foundation
import RWTestSupport
import Testing

/// The real binary in a private tmux server: keys in with send-keys, screens out with
/// capture-pane, polling for expected text (never fixed sleeps).
@Suite(.serialized, .tags(.e2e), .enabled(if: Tmux.isAvailable, "tmux is not installed"))
struct E2ETmuxTests {
  @Test func viewerSessionStepsSwitchesTogglesResizesAndQuitsCleanly() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("e2e")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (img, gt, pred) = try E2ESupport.writePhantom(in: dir)
    let t = try Tmux()
    try t.waitFor("$")
    t.type("echo BEFORE-VIEWER; \(bin) \(img) --gt \(gt) --pred \(pred); echo EXIT=$?")
    t.send("Enter")
    // The image appears, with the slice in the header and the orientation letters.
    var s = try t.waitFor("axial k=6/11")
    #expect(s.contains("radiological"))
    s = try t.waitFor("pred 1 label 1 p=[0.10 0.80 0.10]")
    #expect(s.contains("voxel (i,j,k)=(20,16,6)"))
    // World of voxel (20,16,6) under the affine: x = -20 + 39 = 19, y = 16 - 10 = 6, z = 12 + 5 = 17.
    #expect(s.contains("world (x,y,z)=(19.0,6.0,17.0) mm  LAS"))
    // Step slices: k, K (×10, clamped), J, go to slice 3.
    t.send("k")
    try t.waitFor("axial k=7/11")
    t.send("K")
    try t.waitFor("axial k=11/11")
    t.send("J")
    try t.waitFor("axial k=1/11")
    t.send("g", "3", "Enter")
    try t.waitFor("axial k=3/11")
    // Switch planes: coronal, sagittal, three-plane.
    t.send("2")
    try t.waitFor("coronal with S and I letters") {
      $0.contains("coronal j=16/31") && $0.contains("S") && $0.contains("I")
    }
    t.send("3")
    try t.waitFor("sagittal i=20/39")
    t.send("4")
    try t.waitFor("three panes") {
      $0.contains(" k=3") && $0.contains("cor j=16") && $0.contains("sag i=20")
    }
    t.send("4", "1")
    try t.waitFor("axial k=3/11")
    // Toggle layers: the error legend, then the map with its legend and values.
    t.send("e")
    try t.waitFor("errors, class 1")
    t.send("m")
    s = try t.waitFor("map rrw c1")
    try t.waitFor("map values") { $0.contains("rrw Z=[") && $0.contains("P·Z=") }
    // Colours reach the terminal as 256-colour SGR sequences.
    #expect(t.capture(escapes: true).contains("38;5;"))
    // Help from the key map: at 120x40 it scrolls (End shows the last group), q closes it
    // without quitting, and Esc closes it too.
    t.send("?")
    try t.waitFor("rwview keys") { $0.contains("rwview keys") && $0.contains("lines 1–") }
    t.send("End")
    try t.waitFor("help at its end") {
      $0.contains("suspend to the shell") && !$0.contains("lines 1–")
    }
    t.send("Home")
    try t.waitFor("help back at the top") { $0.contains("lines 1–") && $0.contains("rwview keys") }
    t.send("End")
    try t.waitFor("help at its end again") {
      $0.contains("suspend to the shell") && !$0.contains("lines 1–")
    }
    t.send("q")
    try t.waitFor("help closed by q, viewer still running") {
      !$0.contains("rwview keys") && $0.contains("axial k=3/11")
    }
    t.send("?")
    try t.waitFor("rwview keys")
    t.send("Escape")
    try t.waitFor("help closed") { !$0.contains("rwview keys") }
    // Resize: the frame follows the window; a tiny window shows a message instead.
    t.resize(90, 30)
    s = try t.waitFor("status at row 27 of 30") { screen in
      let lines = screen.components(separatedBy: "\n")
      return lines.count >= 28 && lines[27].hasPrefix("axial k=3/11  voxel (i,j,k)")
    }
    t.resize(30, 8)
    try t.waitFor("terminal too small")
    t.resize(120, 40)
    try t.waitFor("axial k=3/11")
    // Quit: the shell gets the terminal back (alternate screen left, prompt output visible).
    t.send("q")
    s = try t.waitFor("EXIT=0")
    #expect(s.contains("BEFORE-VIEWER"))
    #expect(!s.contains("axial k="))
    #expect(t.display("#{alternate_on}") == "0")
    // The shell is usable: typed text echoes (the tty is not left in raw/no-echo mode).
    t.type("echo AFTER-$((1+2))")
    t.send("Enter")
    try t.waitFor("AFTER-3")
  }

  /// The phantom sample: names from its dataset.json, the RW map per class and the loss P·Z.
  @Test func samplePhantomWithMapsAndNames() throws {
    let bin = try RWViewBinary.path()
    let sample = Fixtures.packageRoot.appendingPathComponent("Samples/phantom").path
    try #require(FileManager.default.fileExists(atPath: sample), "\(sample) is missing")
    let t = try Tmux(cols: 140, rows: 40)
    try t.waitFor("$")
    t.type("\(bin) \(sample) --map rrw; echo EXIT=$?")
    t.send("Enter")
    try t.waitFor("names and the map legend") {
      $0.contains("gt 1 organ") && $0.contains("lesion") && $0.contains("map rrw c1")
    }
    try t.waitFor("map values at the cursor") { $0.contains("rrw Z=[") }
    t.send("n")
    try t.waitFor("map rrw c2")
    t.send("M")
    let s = try t.waitFor("loss P·Z")
    // The legend's colour bar has numeric ticks centred at 0.
    #expect(s.contains(" 0 "))
    t.send("q")
    try t.waitFor("EXIT=0")
  }

  @Test func ctrlCQuitsAndRestores() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("e2e-c")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (img, gt, pred) = try E2ESupport.writePhantom(in: dir)
    let t = try Tmux(cols: 250, rows: 30)
    try t.waitFor("$")
    // Opened as a case folder: the chosen files are announced (visible again after quitting).
    t.type("\(bin) \(dir.path); echo EXIT=$?")
    t.send("Enter")
    try t.waitFor("axial k=6/11")
    try t.waitFor("prediction joined") { $0.contains("pred 1 label 1") }
    t.send("C-c")
    try t.waitFor("EXIT=0")
    let s = t.capture(joined: true)
    #expect(s.contains("rwview: \(dir.path): image \(img), labels \(gt), prediction \(pred)"))
    #expect(t.display("#{alternate_on}") == "0")
    t.type("echo OK-$((2*3))")
    t.send("Enter")
    try t.waitFor("OK-6")
  }

  @Test func unknownTermIsOneLineError() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("e2e-err")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (img, _, _) = try E2ESupport.writePhantom(in: dir)
    let t = try Tmux(cols: 160, rows: 30)
    try t.waitFor("$")
    t.type("TERM=nonexistent-term \(bin) \(img); echo EXIT=$?")
    t.send("Enter")
    let s = try t.waitFor("EXIT=1")
    #expect(s.contains("rwview: terminal type 'nonexistent-term' is unknown"))
    #expect(t.display("#{alternate_on}") == "0")
  }

  /// A load error while the viewer runs: the terminal is given back, then one line, exit 1.
  @Test func mismatchedGridsStopTheViewerCleanly() throws {
    let bin = try RWViewBinary.path()
    let real = Fixtures.url("real")
    let t1 = real.appendingPathComponent("itk_kmeans_t1/KmeansTest_T1UCharRaw.nii.gz").path
    let gm = real.appendingPathComponent(
      "mni152_2009a_nilearn/mni_icbm152_gm_tal_nlin_sym_09a_converted.nii.gz"
    ).path
    let t = try Tmux(cols: 200, rows: 30)
    try t.waitFor("$")
    t.type("echo BEFORE; \(bin) \(t1) --gt \(gm); echo EXIT=$?")
    t.send("Enter")
    try t.waitFor("EXIT=1")
    let s = t.capture(joined: true)
    #expect(
      s.contains(
        "rwview: \(gm): labels grid differs from the image: shape 197x233x189 vs 128x128x62"))
    #expect(s.contains("BEFORE"))
    #expect(t.display("#{alternate_on}") == "0")
    t.type("echo AFTER-$((4+4))")
    t.send("Enter")
    try t.waitFor("AFTER-8")
  }

  @Test func notATerminalIsOneLineError() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("e2e-pipe")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (img, _, _) = try E2ESupport.writePhantom(in: dir)
    let r = ProcessRunner.run(bin, [img], env: ["TERM": "xterm-256color", "PATH": "/usr/bin:/bin"])
    #expect(r.status != 0)
    #expect(
      r.err
        == "rwview: standard output is not a terminal (use `rwview render` for files and pipes)\n")
    let missing = ProcessRunner.run(bin, [dir.appendingPathComponent("nope.nii").path])
    #expect(missing.status != 0)
    #expect(
      missing.err.hasSuffix("nope.nii: no such file (image)\n") && missing.err.hasPrefix("rwview: ")
    )
  }
}
