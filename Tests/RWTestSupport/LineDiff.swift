/// The lines that differ, as "-N: expected" / "+N: actual" pairs (N is 1-based), at most about
/// 80 lines, then "…".
public func lineDiff(_ expected: String, _ actual: String) -> String {
  let e = expected.components(separatedBy: "\n")
  let a = actual.components(separatedBy: "\n")
  var out: [String] = []
  for i in 0..<max(e.count, a.count) {
    let l = i < e.count ? e[i] : nil
    let r = i < a.count ? a[i] : nil
    if l == r { continue }
    if let l { out.append("-\(i + 1): \(l)") }
    if let r { out.append("+\(i + 1): \(r)") }
    if out.count > 80 {
      out.append("…")
      break
    }
  }
  return out.joined(separator: "\n")
}
