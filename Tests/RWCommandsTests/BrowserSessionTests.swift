import Foundation
import RWBrowser
import RWDataset
import RWLoss
import RWRender
import RWTestSupport
import RWViewer
import Testing

@testable import RWCommands

/// The case browser session on the fixture dataset: real numbers computed in the background,
/// keys from a script, the viewer replaced by a recorder that asks for the next case.
@Suite struct BrowserSessionTests {
  final class ScriptedTerminal: TerminalIO {
    var keys: [Key]
    var frames: [CellGrid] = []
    let size = TerminalSize(width: 90, height: 12)
    let caps = RenderCaps.full
    init(_ keys: [Key]) { self.keys = keys }
    func draw(_ grid: CellGrid) { frames.append(grid) }
    func nextEvent(timeoutMs: Int) -> InputEvent? {
      keys.isEmpty ? .closed : .key(keys.removeFirst())
    }
  }

  static let root = Fixtures.path("nnunet")

  @Test func sortEnterNextCaseBackAndQuit() throws {
    let ds = try DatasetDiscovery.pairs(
      root: Self.root + "/Dataset001_Mini", labels: nil, images: nil,
      predictions: Self.root + "/model_a")
    let terminal = ScriptedTerminal([.char("s"), .home, .enter, .char("q")])
    let session = BrowserSession(
      terminal: terminal, dataset: ds, options: try ViewOptions.parse(["x"]))
    var seen: [ViewerState] = []
    session.viewer = { initial, reference in
      seen.append(initial)
      var end = initial
      if seen.count == 1 { end.caseStep = 1 }  // `)` in the first case, `q` in the second
      #expect(reference == initial.paths[.prediction].map { String($0.dropLast(4)) + ".nii.gz" })
      return end
    }
    session.startStats(options: MapOptions(kind: .rrw), workers: 2)
    session.waitForStats()
    session.run()
    let order = session.state.order.map { session.state.rows[$0].id }
    let excess = session.state.order.prefix(3).map { session.state.rows[$0].values[0]! }
    #expect(excess == excess.sorted(by: >))
    #expect(session.opened == Array(order.prefix(2)))
    #expect(session.state.selectedID == order[1])
    let first = try #require(seen.first)
    let id = order[0]
    #expect(first.paths[.image] == Self.root + "/Dataset001_Mini/imagesTr/\(id)_0000.nii.gz")
    #expect(first.paths[.groundTruth] == Self.root + "/Dataset001_Mini/labelsTr/\(id).nii.gz")
    #expect(first.paths[.prediction] == Self.root + "/model_a/\(id).npz")
    #expect(first.caseNavigation && first.labelTable.name(2) == "tumour")
    let last = try #require(terminal.frames.last)
    #expect(last.lines[1].contains("rw_excess▼"))
    #expect(last.lines[3].hasPrefix(order[1]) && last[0, 3].style == .reverse)
    #expect(last.lines[5].hasPrefix("mini_004") && last.lines[5].contains("no prediction"))
  }

  @Test func caseKeysNeedADataset() {
    var s = ViewerState()
    #expect(perform(&s, .nextCase).isEmpty && !s.quitRequested)
    #expect(s.message == "( and ) move between cases when a dataset is open (rwview DATASET)")
    s.caseNavigation = true
    _ = perform(&s, .previousCase)
    #expect(s.caseStep == -1 && s.quitRequested)
  }

  @Test func datasetsOpenTheBrowser() throws {
    let raw = Self.root + "/Dataset001_Mini"
    #expect(try ViewSetup.browserDataset(try ViewOptions.parse([raw]))?.cases.count == 4)
    #expect(
      try ViewSetup.browserDataset(try ViewOptions.parse([raw, "--case", "mini_001"])) == nil)
    let pairs = try ViewSetup.browserDataset(
      try ViewOptions.parse(["--gt", raw + "/labelsTr", "--pred", Self.root + "/model_a"]))
    #expect(pairs?.case("mini_002")?.prediction == Self.root + "/model_a/mini_002.npz")
    #expect(
      try ViewSetup.browserDataset(try ViewOptions.parse([raw + "/imagesTr/mini_001_0000.nii.gz"]))
        == nil)
  }
}
