import RWSystem

/// Every line the benchmarks print goes to stdout at once, through RWSystem's one stdout
/// writer (`write(2)`, no stdio buffer): a redirected stdout is otherwise block-buffered, so a
/// run that is stopped (or still measuring) leaves an empty file. This shadows `Swift.print`
/// in the whole module.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
  let text = items.map { "\($0)" }.joined(separator: separator) + terminator
  try? StandardOutput.write(text)
}
