import Foundation
import RWLoss

extension LabelTable {
  /// Parses the text of a label file, recognising the format from the content: JSON is a
  /// dataset.json; lines with a quoted name are ITK-SNAP; `IDX NAME R G B [A]` is a FreeSurfer
  /// LUT; lines with commas are CSV (a header naming an index and a name column, or index then
  /// name); anything else is `IDX NAME` (FSL, mricron). `#` starts a comment line.
  public static func parse(_ text: String, source: String) throws -> LabelTable {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if trimmed.hasPrefix("{") { return try parseDatasetJSON(trimmed, source: source) }
    let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    var table = LabelTable(source: source)
    if let first = lines.first, first.contains(","), !first.contains("\"") || first.contains("\",")
    {
      try parseCSV(lines, into: &table)
    } else {
      for line in lines { parseLine(line, into: &table) }
    }
    if table.entries.isEmpty {
      throw RWLossError(
        source,
        "no labels found (expected ITK-SNAP, FreeSurfer LUT, index-name text, CSV or dataset.json)")
    }
    return table
  }

  /// Adds a label (its first occurrence keeps its place in the order).
  mutating func add(_ value: Int32, _ entry: Entry) {
    if entries[value] == nil { order.append(value) }
    entries[value] = entry
  }

  /// One line of ITK-SNAP, FreeSurfer LUT or index-name text.
  static func parseLine(_ line: String, into t: inout LabelTable) {
    if let q = line.firstIndex(of: "\"") {
      // ITK-SNAP: IDX R G B A VIS MSH "Label name"
      let nums = line[..<q].split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap {
        Double($0)
      }
      let name = String(line[line.index(after: q)...].prefix { $0 != "\"" })
      guard nums.count >= 4, let idx = label(nums[0]) else { return }
      t.add(idx, Entry(name: name, rgb: RGBBytes(byte(nums[1]), byte(nums[2]), byte(nums[3]))))
      return
    }
    let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    guard f.count >= 2, let idx = Int32(f[0]), idx >= 0 else { return }
    // FreeSurfer LUT: IDX NAME R G B A (the name is one word).
    if f.count >= 5, let r = Double(f[2]), let g = Double(f[3]), let b = Double(f[4]) {
      t.add(idx, Entry(name: f[1], rgb: RGBBytes(byte(r), byte(g), byte(b))))
      return
    }
    // FSL / mricron: IDX NAME (the rest of the line).
    t.add(idx, Entry(name: f.dropFirst().joined(separator: " ")))
  }

  /// CSV: a header with an index-like and a name-like column, or rows of index, name.
  static func parseCSV(_ lines: [String], into t: inout LabelTable) throws {
    func cells(_ l: String) -> [String] {
      l.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(
          in: CharacterSet(charactersIn: "\""))
      }
    }
    var rows = lines.map(cells)
    var indexColumn = 0
    var nameColumn = 1
    if let head = rows.first, Int32(head.first ?? "") == nil {
      let lower = head.map { $0.lowercased() }
      guard
        let i = lower.firstIndex(where: {
          ["index", "idx", "value", "label", "id", "label_value"].contains($0)
        }),
        let n = lower.firstIndex(where: {
          $0 != lower[i] && ($0.contains("name") || $0 == "structure")
        })
      else {
        throw RWLossError(t.source, "the CSV header has no index and name columns: \(lines[0])")
      }
      indexColumn = i
      nameColumn = n
      rows.removeFirst()
    }
    for r in rows where r.count > max(indexColumn, nameColumn) {
      guard let idx = Int32(r[indexColumn]), idx >= 0 else { continue }
      t.add(idx, Entry(name: r[nameColumn]))
    }
  }

  /// nnU-Net dataset.json: `"labels": {"background": 0, "liver": 1}` (v2) or
  /// `{"0": "background"}` (v1); a region (name → [values]) names its first value.
  static func parseDatasetJSON(_ text: String, source: String) throws -> LabelTable {
    guard let obj = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
      let labels = obj["labels"] as? [String: Any]
    else { throw RWLossError(source, "no \"labels\" object in the JSON file") }
    var entries: [Int32: Entry] = [:]
    for (key, value) in labels {
      if let v = value as? NSNumber, let idx = label(v.doubleValue) {
        entries[idx] = Entry(name: key)
      } else if let arr = value as? [NSNumber], let first = arr.first,
        let idx = label(first.doubleValue)
      {
        entries[idx] = Entry(name: key)
      } else if let idx = Int32(key), idx >= 0, let name = value as? String {
        entries[idx] = Entry(name: name)
      }
    }
    if entries.isEmpty { throw RWLossError(source, "the \"labels\" object has no usable entries") }
    return LabelTable(entries: entries, source: source, definesClasses: true)
  }

  /// A non-negative whole number as a label value.
  static func label(_ x: Double) -> Int32? {
    guard x >= 0, x <= Double(LabelValues.maxLabel), x == x.rounded() else { return nil }
    return Int32(x)
  }

  static func byte(_ x: Double) -> UInt8 { x.isFinite ? UInt8(max(0, min(255, x.rounded()))) : 0 }
}
