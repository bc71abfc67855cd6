import Foundation
import RWLoss

/// Names (and colours, when the file has them) of label values, in the order of a label file:
/// an ITK-SNAP label description, a FreeSurfer colour LUT, FSL/mricron "index name" text, a CSV
/// with index and name columns, or an nnU-Net dataset.json.
///
/// Parsing text is not I/O: reading the file is the commands' business.
public struct LabelTable: Equatable, Sendable {
  /// A colour given by the file.
  public struct RGBBytes: Equatable, Sendable {
    /// Red, green, blue.
    public var r: UInt8, g: UInt8, b: UInt8
    /// A colour.
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
      self.r = r
      self.g = g
      self.b = b
    }
  }

  /// One label: its name and the file's colour, if any.
  public struct Entry: Equatable, Sendable {
    /// The label's name.
    public var name: String
    /// The file's colour (nil: none given).
    public var rgb: RGBBytes?
    /// An entry.
    public init(name: String, rgb: RGBBytes? = nil) {
      self.name = name
      self.rgb = rgb
    }
  }

  /// Entries by label value.
  public var entries: [Int32: Entry]
  /// Label values in the file's order (each once).
  public var order: [Int32]
  /// Where the names came from ("generated", or the file).
  public var source: String
  /// Whether the table defines the classes themselves (nnU-Net's dataset.json: every label is
  /// a class, by value); other tables name values, and only those present become classes.
  public var definesClasses: Bool

  /// A table; `order` defaults to the values ascending.
  public init(
    entries: [Int32: Entry] = [:], order: [Int32]? = nil, source: String = "generated",
    definesClasses: Bool = false
  ) {
    self.entries = entries
    self.order = order ?? entries.keys.sorted()
    self.source = source
    self.definesClasses = definesClasses
  }

  /// The name of label `l` ("background" for 0, "label N" when unknown).
  public func name(_ l: Int32) -> String {
    if let e = entries[l] { return e.name }
    return l == 0 ? "background" : "label \(l)"
  }

  /// The classes of labels whose distinct values are `present`: a table that defines classes
  /// (dataset.json) gives all its values in value order; another gives its values that are
  /// present, in the table's order. A present value the table lacks is an error naming it.
  public func mapping(present: [Int32]) throws -> LabelMapping {
    if let missing = present.first(where: { entries[$0] == nil }) {
      throw RWLossError(
        source, "label value \(missing) is not in the label table (\(entries.count) labels)")
    }
    if definesClasses { return try LabelMapping(values: entries.keys.sorted()) }
    let have = Set(present)
    return try LabelMapping(values: order.filter { have.contains($0) })
  }
}
