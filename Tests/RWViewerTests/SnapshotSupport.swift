import Foundation
import RWRender
import Testing

/// Compares a frame's snapshot text with `Snapshots/<name>.txt` beside this file.
/// `RECORD_SNAPSHOTS=1` (or a missing file) writes the snapshot instead; a missing file also
/// records a test issue so a new snapshot is never silently accepted.
func assertSnapshot(_ grid: CellGrid, named name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation) {
  let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
  let url = dir.appendingPathComponent(name + ".txt")
  let text = grid.snapshotText
  let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
  guard !record, let old = try? String(contentsOf: url, encoding: .utf8) else {
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try? text.write(to: url, atomically: true, encoding: .utf8)
    if !record { Issue.record("recorded a new snapshot \(name); check it and run again", sourceLocation: sourceLocation) }
    return
  }
  if old != text {
    let a = old.split(separator: "\n", omittingEmptySubsequences: false)
    let b = text.split(separator: "\n", omittingEmptySubsequences: false)
    let first = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
    let was = first < a.count ? String(a[first]) : "<end>"
    let now = first < b.count ? String(b[first]) : "<end>"
    Issue.record("snapshot \(name) differs at line \(first + 1):\n was: \(was)\n now: \(now)", sourceLocation: sourceLocation)
  }
}
