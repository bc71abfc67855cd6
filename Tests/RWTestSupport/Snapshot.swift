import Foundation
import Testing

/// Compares `text` with `__Snapshots__/<name>.txt` beside the calling test file.
///
/// Frame snapshots are text: content lines plus style runs (`CellGrid.snapshotText`).
/// `RECORD_SNAPSHOTS=1` (re)writes the file and passes; a missing file is written and the test
/// fails once, so a new snapshot is always looked at. A mismatch fails with a line diff.
public func assertSnapshot(
  _ text: String, named name: String, filePath: String = #filePath,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    .appendingPathComponent("__Snapshots__")
  let file = dir.appendingPathComponent(name + ".txt")
  let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
  let existing = try? String(contentsOf: file, encoding: .utf8)
  if record || existing == nil {
    do {
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      try text.write(to: file, atomically: true, encoding: .utf8)
    } catch {
      Issue.record(
        "could not write snapshot \(file.path): \(error)", sourceLocation: sourceLocation)
      return
    }
    if existing == nil && !record {
      Issue.record(
        "recorded new snapshot \(file.path); check it and re-run", sourceLocation: sourceLocation)
    }
    return
  }
  guard let expected = existing, expected != text else { return }
  let message =
    "snapshot \(name) differs (RECORD_SNAPSHOTS=1 re-records):\n" + lineDiff(expected, text)
  Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
}
