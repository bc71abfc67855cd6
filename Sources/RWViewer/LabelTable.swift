import Foundation
import RWRender

/// Names and colours of label values, from an ITK-SNAP label description file, a FreeSurfer
/// colour LUT or an nnU-Net dataset.json, or generated.
public struct LabelTable: Equatable, Sendable {
  /// One label: its name and colour.
  public struct Entry: Equatable, Sendable {
    public var name: String
    public var color: RGB
    public init(name: String, color: RGB) {
      self.name = name
      self.color = color
    }
  }

  public var entries: [Int32: Entry]
  /// Where the names came from ("generated", or the file).
  public var source: String

  public init(entries: [Int32: Entry] = [:], source: String = "generated") {
    self.entries = entries
    self.source = source
  }

  /// The name of label `l` ("background" for 0, "label N" when unknown).
  public func name(_ l: Int32) -> String {
    if let e = entries[l] { return e.name }
    return l == 0 ? "background" : "label \(l)"
  }

  /// The colour of label `l` (the file's, or the generated palette's).
  public func color(_ l: Int32) -> RGB { entries[l]?.color ?? Self.generatedColor(l) }

  /// The generated colour of a label (black for 0, which overlays leave transparent).
  public static func generatedColor(_ l: Int32) -> RGB { l == 0 ? RGB(0, 0, 0) : LabelPalette.generated(Int(l)) }

  /// Reads a label file; the format is recognised from the content.
  public static func load(path: String) throws -> LabelTable {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ViewerError("\(path): cannot read the label file")
    }
    guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
      throw ViewerError("\(path): the label file is not text")
    }
    return try parse(text, source: path)
  }

  /// Parses the text of a label file (JSON → dataset.json; otherwise ITK-SNAP or FreeSurfer lines).
  public static func parse(_ text: String, source: String) throws -> LabelTable {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if trimmed.hasPrefix("{") { return try parseDatasetJSON(trimmed, source: source) }
    var entries: [Int32: Entry] = [:]
    for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") { continue }
      if let q = line.firstIndex(of: "\"") {
        // ITK-SNAP: IDX R G B A VIS MSH "Label name"
        let nums = line[..<q].split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Double($0) }
        let rest = line[line.index(after: q)...]
        let name = String(rest.prefix { $0 != "\"" })
        guard nums.count >= 4, let idx = Int32(exactly: nums[0]) else { continue }
        entries[idx] = Entry(name: name, color: RGB(byte(nums[1]), byte(nums[2]), byte(nums[3])))
      } else {
        // FreeSurfer LUT: IDX NAME R G B A
        let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard f.count >= 5, let idx = Int32(f[0]), let r = Double(f[2]), let g = Double(f[3]), let b = Double(f[4])
        else { continue }
        entries[idx] = Entry(name: String(f[1]), color: RGB(byte(r), byte(g), byte(b)))
      }
    }
    if entries.isEmpty { throw ViewerError("\(source): no labels found (expected ITK-SNAP, FreeSurfer LUT or dataset.json)") }
    return LabelTable(entries: entries, source: source)
  }

  /// nnU-Net dataset.json: `"labels": {"background": 0, "liver": 1}` (v2) or `{"0": "background"}` (v1).
  static func parseDatasetJSON(_ text: String, source: String) throws -> LabelTable {
    guard let obj = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
      let labels = obj["labels"] as? [String: Any]
    else { throw ViewerError("\(source): no \"labels\" object in the JSON file") }
    var entries: [Int32: Entry] = [:]
    for (key, value) in labels {
      if let v = value as? NSNumber, let idx = Int32(exactly: v.doubleValue) {
        entries[idx] = Entry(name: key, color: Self.generatedColor(idx))
      } else if let arr = value as? [NSNumber], let first = arr.first, let idx = Int32(exactly: first.doubleValue) {
        // Region-based labels: name → [values]; name the first value.
        entries[idx] = Entry(name: key, color: Self.generatedColor(idx))
      } else if let idx = Int32(key), let name = value as? String {
        entries[idx] = Entry(name: name, color: Self.generatedColor(idx))
      }
    }
    if entries.isEmpty { throw ViewerError("\(source): the \"labels\" object has no usable entries") }
    return LabelTable(entries: entries, source: source)
  }

  private static func byte(_ x: Double) -> UInt8 { UInt8(max(0, min(255, x.rounded()))) }
}

/// One clear error line.
public struct ViewerError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
