import Foundation
import RWTestSupport
import Testing

/// The case browser in the real binary under tmux: open, sort, Enter, next case, back, quit.
@Suite(.serialized, .tags(.e2e), .enabled(if: Tmux.isAvailable, "tmux is not installed"))
struct E2EBrowserTmuxTests {
  @Test func openSortEnterNextCaseBackQuit() throws {
    let bin = try RWViewBinary.path()
    let root = Fixtures.path("nnunet")
    let t = try Tmux(cols: 100, rows: 20)
    try t.waitFor("$")
    t.type("\(bin) \(root)/Dataset001_Mini --pred \(root)/model_a; echo EXIT=$?")
    t.send("Enter")
    // The list, every case computed in the background.
    var s = try t.waitFor("all cases computed") {
      $0.contains("4 cases") && $0.contains("mini_003") && !$0.contains("…")
        && !$0.contains("computing")
    }
    #expect(s.contains("mini_004") && s.contains("no prediction"))
    t.send("s")
    s = try t.waitFor("rw_excess▼")
    let lines = s.split(separator: "\n").map(String.init)
    let header = try #require(lines.firstIndex { $0.hasPrefix("case") })
    let ranked = lines[(header + 1)...].prefix(3).compactMap {
      $0.split(separator: " ").first.map(String.init)
    }
    #expect(ranked.count == 3)
    let excess = lines[(header + 1)...].prefix(3).compactMap { l in
      l.split(separator: " ").dropFirst().first.flatMap { Double($0) }
    }
    #expect(excess == excess.sorted(by: >))
    t.send("g")
    t.send("Enter")
    try t.waitFor("\(ranked[0])_0000.nii.gz")
    t.send(")")
    try t.waitFor("\(ranked[1])_0000.nii.gz")
    t.send("q")
    s = try t.waitFor("the list again") {
      $0.contains("rw_excess▼") && !$0.contains("_0000.nii.gz")
    }
    t.send("q")
    try t.waitFor("EXIT=0")
    #expect(t.display("#{alternate_on}") == "0")
  }
}
