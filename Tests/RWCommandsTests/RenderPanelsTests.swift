import Foundation
import RWRender
import RWTestSupport
import RWViewer
import Testing

@testable import RWCommands

/// Issue 12 item 8: `rwview render --panels loss,profile,instability,metrics` draws the views
/// the viewer's keys show (the same view code: the frames are equal cell for cell, colours
/// included), as text, ANSI and PNG, so a training job can write the picture a person would
/// look at.
@Suite struct RenderPanelsTests {
  static let dir = Fixtures.packageRoot.appendingPathComponent("Samples/nipype_tpm3mm").path + "/"
  static let inputs = [
    dir + "tpm.nii.gz", "--gt", dir + "tpm_gt.nii.gz", "--pred", dir + "tpm_prob.nii.gz",
    "--map", "boundary",
  ]

  /// The frame the viewer shows after `keys` on the same inputs, once its work is done.
  static func keyFrame(_ keys: String, cols: Int, rows: Int) throws -> CellGrid {
    let options = try ViewOptions.parse(inputs)
    let s = try ViewSetup.initialState(options) { _ in }
    let term = RecordingTerminal(width: cols, height: rows, events: keys.map { .key(.char($0)) })
    let rt = ViewerRuntime(
      terminal: term, state: s, loader: ViewSetup.loader(reference: s.paths[.groundTruth]),
      mapSource: LossMapSource())
    rt.deterministic = true
    _ = rt.run()
    return try #require(term.lastFrame)
  }

  /// render's output in process (the command's own code path).
  static func render(_ extra: [String]) throws -> [UInt8] {
    try RenderCommand.parse(inputs + extra).render()
  }

  @Test func panelsAreTheKeysViews() throws {
    let all = ["--panels", "loss,profile,instability,metrics", "--size", "160x50"]
    let keys = try Self.keyFrame("LPIT", cols: 160, rows: 50)
    let text = String(decoding: try Self.render(all + ["--format", "text"]), as: UTF8.self)
    #expect(text == FrameExport.text(keys))
    // Colours too: the ANSI frames are byte for byte the same.
    let ansi = String(decoding: try Self.render(all), as: UTF8.self)
    #expect(ansi == FrameExport.ansi(keys, caps: .full))
    // What a person looks for is on it: the loss panel, the profile strip, the metrics panel
    // and the instability panel with its violation counts.
    for word in ["LOSS", "PROFILE k", "METRICS", "INSTABILITY", "excess", "Dice loss"] {
      #expect(text.contains(word), "\(word) missing:\n\(text)")
    }
    // Without --panels none of them.
    let plain = String(
      decoding: try Self.render(["--size", "160x50", "--format", "text"]), as: UTF8.self)
    #expect(!plain.contains("PROFILE k") && !plain.contains("METRICS"))
    // One panel: the profile alone is the `P` frame.
    let profile = String(
      decoding: try Self.render(["--panels", "profile", "--size", "100x30", "--format", "text"]),
      as: UTF8.self)
    #expect(profile == FrameExport.text(try Self.keyFrame("P", cols: 100, rows: 30)))
  }

  @Test func binaryWritesPanelsAsPNGAndRefusesBadLists() throws {
    let bin = try RWViewBinary.path()
    let dir = TemporaryDirectory.make("render-panels")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("panels.png").path
    let r = ProcessRunner.run(
      bin,
      ["render"] + Self.inputs + [
        "--panels", "loss,metrics", "--size", "120x40", "--format", "png", "-o", out,
      ])
    #expect(r.status == 0, "\(r.err)")
    let png = try #require(FileManager.default.contents(atPath: out))
    #expect(Array(png) == (try FrameExport.png(try Self.keyFrame("LT", cols: 120, rows: 40))))
    let bad = ProcessRunner.run(bin, ["render"] + Self.inputs + ["--panels", "loss,nonsense"])
    #expect(bad.status != 0)
    #expect(
      bad.err
        == "rwview: --panels: expected any of loss, profile, instability, metrics, got \"nonsense\"\n"
    )
    let noGT = ProcessRunner.run(bin, ["render", Self.dir + "tpm.nii.gz", "--panels", "profile"])
    #expect(noGT.status != 0 && noGT.err == "rwview: --panels profile needs --gt LABELS\n")
  }
}
