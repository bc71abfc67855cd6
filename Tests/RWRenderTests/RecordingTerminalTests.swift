import Testing

@testable import RWRender

@Suite struct RecordingTerminalTests {
  @Test func deliversScriptResizesAndRecordsFrames() {
    let t = RecordingTerminal(
      width: 80, height: 24, events: [.key(.char("j")), .resize(width: 100, height: 30)])
    t.type("q")
    #expect(t.size == TerminalSize(width: 80, height: 24))
    #expect(t.nextEvent(timeoutMs: 0) == .key(.char("j")))
    t.draw(CellGrid(width: 80, height: 24))
    #expect(t.nextEvent(timeoutMs: 50) == .resize(width: 100, height: 30))
    #expect(t.size == TerminalSize(width: 100, height: 30))
    t.draw(CellGrid(width: 100, height: 30))
    #expect(!t.isExhausted)
    #expect(t.nextEvent(timeoutMs: 50) == .key(.char("q")))
    #expect(t.isExhausted)
    #expect(t.nextEvent(timeoutMs: 50) == .closed)
    #expect(t.frames.map(\.width) == [80, 100])
    #expect(t.lastFrame?.height == 30)
    #expect(t.deliveredEvents.count == 3)
  }

  /// A bubbletea-style session: a counter driven by keys until q.
  @Test func drivesASessionLoop() {
    let t = RecordingTerminal(
      width: 10, height: 1, events: [.key(.up), .key(.up), .tick, .key(.down), .key(.char("q"))])
    var count = 0
    loop: while true {
      var g = CellGrid(width: t.size.width, height: t.size.height)
      g.put("n=\(count)", x: 0, y: 0)
      t.draw(g)
      switch t.nextEvent(timeoutMs: 100) {
      case .key(.up): count += 1
      case .key(.down): count -= 1
      case .key(.char("q")), .closed: break loop
      default: continue
      }
    }
    #expect(
      t.frames.map { $0.lines[0].trimmingCharacters(in: .whitespaces) } == [
        "n=0", "n=1", "n=2", "n=2", "n=1",
      ])
  }

  @Test func keyNames() {
    #expect(Key.ctrl("c").displayName == "Ctrl-C")
    #expect(Key.pageDown.displayName == "PgDn")
    #expect(Key.char(" ").displayName == "Space")
    #expect(Key.function(5).displayName == "F5")
    #expect(Key.left.asciiName == "Left")
  }
}
