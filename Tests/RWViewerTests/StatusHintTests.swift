import RWRender
import Testing

@testable import RWViewer

/// The bottom hint line: whole entries only, the debugging keys when there is room.
@Suite struct StatusHintTests {
  /// Every entry the hint can show with labels and a prediction loaded (selected class 1).
  static let allEntries: Set<String> = [
    "? help", "q quit", "j/k slice", "1/2/3/4 planes", "t gt", "p pred", "e errors", "m map",
    "n class 1",
    "f map kind", "L loss", "P profile", "I instability", "s simulate", "T metrics",
  ]

  static func entries(_ line: String) -> [String] {
    line.components(separatedBy: "  ").filter { !$0.isEmpty }
  }

  @Test func wideTerminalsShowTheDebuggingKeys() {
    let s = Phantom.state(cols: 200, rows: 24)
    let line = view(s).lines.last!
    #expect(
      line.hasPrefix(
        "? help  q quit  j/k slice  1/2/3/4 planes  t gt  p pred  e errors  m map  n class 1  "
          + "f map kind  L loss  P profile  I instability  s simulate  T metrics"))
  }

  @Test func at80ColumnsTheMostUsefulWholeEntriesFit() {
    let s = Phantom.state(cols: 80, rows: 24)
    let line = view(s).lines.last!
    #expect(
      line == "? help  q quit  j/k slice  t gt  p pred  m map  L loss  P profile  I instability")
  }

  @Test(arguments: Array(stride(from: 40, through: 200, by: 1)))
  func entriesAreNeverCut(cols: Int) {
    let s = Phantom.state(cols: cols, rows: 24)
    let hint = hintLine(s, width: cols)
    #expect(hint.count <= cols)
    let parts = Self.entries(hint)
    #expect(Set(parts).isSubset(of: Self.allEntries), "cut entry in \(hint)")
    #expect(Set(parts).count == parts.count)
    // The first three always fit (the viewer's minimum width is 40).
    #expect(parts.starts(with: ["? help", "q quit", "j/k slice"]))
    // What the frame shows is exactly the hint.
    #expect(view(s).lines.last! == hint.padding(to: cols))
  }

  @Test func withoutLabelsTheHintSkipsKeysThatNeedThem() {
    var s = Phantom.state(cols: 200, rows: 24)
    s.paths[.groundTruth] = nil
    s.groundTruth = nil
    let parts = Self.entries(view(s).lines.last!.trimmingCharacters(in: .whitespaces))
    #expect(parts == ["? help", "q quit", "j/k slice", "1/2/3/4 planes", "p pred", "n class 1"])
  }

  @Test func asciiTerminalsGetAnASCIIHint() {
    let s = Phantom.state(
      cols: 120, rows: 24, caps: RenderCaps(colorMode: .palette8, unicode: false))
    #expect(view(s).lines.last!.unicodeScalars.allSatisfy { $0.isASCII })
  }
}
