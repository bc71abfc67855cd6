import RWSystem
import RWVolume

/// What `rwview info` prints for one file: a human-readable summary and a JSON object.
public struct NIfTIReport: Sendable {
  /// The header information.
  public var info: NIfTIFileInfo
  /// Per-channel statistics of the scaled data (nil unless requested).
  public var stats: [ValueStats]?

  public init(info: NIfTIFileInfo, stats: [ValueStats]? = nil) {
    self.info = info
    self.stats = stats
  }

  /// Reads `path` (header and size check only, or every voxel when `stats` is set).
  public static func make(path: String, stats: Bool) throws -> NIfTIReport {
    if stats {
      // Streamed in the stored type: a few MB whatever the volume's size.
      let o = try NIfTIReader.open(path)
      return NIfTIReport(info: o.info, stats: try NIfTIReader.channelStats(o))
    }
    return NIfTIReport(info: try NIfTI.readHeader(path: path))
  }

  /// The JSON object (keys: file, nifti_version, shape, datatype, dtype, zooms, affine, axcodes,
  /// scl_slope, scl_inter, qform_code, sform_code, and more; with statistics: min, max, mean,
  /// std, sum, nan_count). Non-finite numbers are written as null.
  public var json: String {
    let h = info.header
    let l = info.layout
    var o = JSONObject()
    o.add("file", .string(info.path))
    o.add("nifti_version", h.isAnalyze ? .null : .int(h.version))
    o.add("format", .string(h.isAnalyze ? "analyze" : "nifti\(h.version)"))
    o.add("byte_order", .string(h.bigEndian ? "big" : "little"))
    o.add("storage", .string(info.isPair ? "pair" : "single"))
    o.add("gzip", .bool(info.dataGzipped))
    o.add("shape", .array(l.shape.map { .int($0) }))
    o.add("datatype", .int(h.datatypeCode))
    o.add("dtype", .string(l.datatype.name))
    o.add("bitpix", .int(h.bitpix))
    o.add("zooms", .array(h.zooms.map { .double($0) }))
    o.add("xyzt_units", .array([.string(h.unitNames.space), .string(h.unitNames.time)]))
    o.add("affine", .array(h.affine.rows.map { .array($0.map { .double($0) }) }))
    o.add("affine_source", .string(h.affineSource.rawValue))
    o.add("nibabel_affine_source", .string(h.nibabelAffineSource.rawValue))
    o.add("axcodes", .string(h.axcodes))
    o.add("scl_slope", .double(info.scaling.slope))
    o.add("scl_inter", .double(info.scaling.inter))
    o.add("qform_code", .int(h.qformCode))
    o.add("sform_code", .int(h.sformCode))
    o.add("qfac", .double(h.qfac))
    o.add("intent_code", .int(h.intentCode))
    o.add("intent", .string(h.intentDecoded))
    o.add("intent_name", .string(h.intentName))
    o.add("descrip", .string(h.descrip))
    o.add("vox_offset", .int(l.voxOffset))
    o.add(
      "extensions", .array(info.extensions.items.map { .array([.int($0.ecode), .int($0.esize)]) }))
    if let stats {
      if stats.count == 1 {
        Self.addStats(stats[0], to: &o)
      } else {
        var ch = JSONObject()
        for (k, name) in l.datatype.channelNames.enumerated() {
          var c = JSONObject()
          Self.addStats(stats[k], to: &c)
          ch.add(name, .object(c))
        }
        o.add("channel_stats", .object(ch))
      }
    }
    return o.text
  }

  static func addStats(_ s: ValueStats, to o: inout JSONObject) {
    o.add("min", s.min.map { .double($0) } ?? .null)
    o.add("max", s.max.map { .double($0) } ?? .null)
    o.add("mean", s.mean.map { .double($0) } ?? .null)
    o.add("std", s.std.map { .double($0) } ?? .null)
    o.add("sum", s.sum.map { .double($0) } ?? .null)
    o.add("nan_count", .int(s.nanCount))
    o.add("count", .int(s.count))
  }

  /// A few lines for people.
  public var text: String {
    let h = info.header
    let l = info.layout
    // Text from the file or its path is escaped: a crafted descrip must not reach the terminal.
    let e = Escape.controls
    var lines: [String] = [e(info.path)]
    let storage = info.isPair ? "pair (\(e(info.dataPath)))" : "single file"
    lines.append(
      "  format:      \(h.isAnalyze ? "Analyze 7.5" : "NIfTI-\(h.version)"), \(storage)\(info.dataGzipped ? ", gzip" : ""), \(h.bigEndian ? "big" : "little")-endian"
    )
    lines.append(
      "  shape:       \(l.shape.map(String.init).joined(separator: " × "))  (\(l.voxelCount) voxels)"
    )
    lines.append("  datatype:    \(l.datatype.name) (code \(h.datatypeCode), \(h.bitpix) bits)")
    let units = h.unitNames
    let spatial = h.zooms.prefix(3).map { Self.fmt($0) }.joined(separator: " × ")
    var spacing = "\(spatial) \(units.space)"
    if h.zooms.count > 3 {
      spacing +=
        "; " + h.zooms.dropFirst(3).map { Self.fmt($0) }.joined(separator: " × ") + " \(units.time)"
    }
    lines.append("  spacing:     \(spacing)")
    var source = h.affineSource.rawValue
    if h.nibabelAffineSource != h.affineSource {
      source += ", not the unusable \(h.nibabelAffineSource.rawValue)"
    }
    lines.append(
      "  affine:      from \(source) (qform_code \(h.qformCode), sform_code \(h.sformCode), qfac \(Self.fmt(h.qfac)))"
    )
    for r in h.affine.rows {
      lines.append(
        "               [" + r.map { Self.pad(Self.short($0), 11) }.joined(separator: " ") + " ]")
    }
    lines.append("  orientation: \(h.axcodes)")
    let inter = info.scaling.inter
    let sc =
      info.scalingApplies
      ? "value × \(Self.fmt(info.scaling.slope)) \(inter < 0 ? "−" : "+") \(Self.fmt(abs(inter)))"
      : "none"
    lines.append(
      "  scaling:     \(sc)  (stored scl_slope \(Self.fmt(h.sclSlope)), scl_inter \(Self.fmt(h.sclInter)))"
    )
    lines.append(
      "  intent:      \(h.intentDecoded)\(h.intentName.isEmpty ? "" : " \"\(e(h.intentName))\"")")
    lines.append("  description: \"\(e(h.descrip))\"")
    if !info.extensions.items.isEmpty {
      lines.append(
        "  extensions:  "
          + info.extensions.items.map { "code \($0.ecode) (\($0.esize) bytes)" }.joined(
            separator: ", "))
    }
    if let stats {
      let names = stats.count == 1 ? [""] : l.datatype.channelNames.map { " \($0)" }
      for (s, name) in zip(stats, names) {
        let f = { (v: Double?) in v.map { Self.fmt($0) } ?? "n/a" }
        lines.append(
          "  stats\(name): min \(f(s.min))  max \(f(s.max))  mean \(f(s.mean))  std \(f(s.std))  sum \(f(s.sum))  NaN \(s.nanCount)"
        )
      }
    }
    return lines.joined(separator: "\n")
  }

  /// Shortest round-trip text, `nan`/`inf` spelled out.
  static func fmt(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    if v == v.rounded() && abs(v) < 1e15 { return String(Int(v)) }
    return String(v)
  }

  /// At most 6 decimals, for the affine table.
  static func short(_ v: Double) -> String {
    guard v.isFinite else { return fmt(v) }
    let r = (v * 1e6).rounded() / 1e6
    return fmt(r == 0 ? 0 : r)
  }

  static func pad(_ s: String, _ n: Int) -> String {
    String(repeating: " ", count: Swift.max(0, n - s.count)) + s
  }
}

/// A tiny JSON writer with stable key order.
struct JSONObject {
  indirect enum Value {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([Value])
    case object(JSONObject)

    var text: String {
      switch self {
      case .string(let s): return JSONObject.quote(s)
      case .int(let i): return String(i)
      case .double(let d):
        guard d.isFinite else { return "null" }
        if d == d.rounded() && abs(d) < 1e15 { return String(Int(d)) + ".0" }
        return String(d)
      case .bool(let b): return b ? "true" : "false"
      case .null: return "null"
      case .array(let a): return "[" + a.map(\.text).joined(separator: ", ") + "]"
      case .object(let o): return o.text
      }
    }
  }

  private var pairs: [(String, Value)] = []

  mutating func add(_ key: String, _ value: Value) { pairs.append((key, value)) }

  var text: String {
    "{" + pairs.map { "\(JSONObject.quote($0.0)): \($0.1.text)" }.joined(separator: ", ") + "}"
  }

  /// A JSON string literal (`Escape.json`).
  static func quote(_ s: String) -> String { Escape.json(s) }
}
