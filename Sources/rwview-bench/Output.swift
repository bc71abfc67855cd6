import Foundation

/// Every line the benchmarks print goes to stdout at once, unbuffered: a redirected stdout is
/// otherwise block-buffered, so a run that is stopped (or still measuring) leaves an empty
/// file. This shadows `Swift.print` in the whole module.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
  let text = items.map { "\($0)" }.joined(separator: separator) + terminator
  FileHandle.standardOutput.write(Data(text.utf8))
}
