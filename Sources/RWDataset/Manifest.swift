import Foundation
import RWSystem

/// An explicit list of cases, for layouts discovery does not know.
///
/// CSV: a header row naming the columns `case`, `image`, `labels`, `prediction` (any order;
/// only `case` is required; `images` and `gt`/`label` are accepted too), then one row per case;
/// several image channels are separated by `;`. JSON: `[{"case": …, "image": … or […],
/// "labels": …, "prediction": …}, …]` or `{"cases": [...]}`. Relative paths are relative to
/// the manifest's folder. Missing files and repeated ids are listed as problems.
public enum Manifest {
  /// A manifest row before its paths are checked.
  struct Row {
    var id: String
    var images: [String] = []
    var labels: String?
    var prediction: String?
  }

  /// Reads a manifest (.csv or .json).
  public static func load(_ path: String) throws(DatasetError) -> Dataset {
    let data: Data
    do {
      data = Data(try ReadableFile.contents(of: path))  // recorded as an input: never overwritten
    } catch {
      throw DatasetError(path, FolderListing.exists(path) ? error.problem : "no such file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw DatasetError(path, "is not UTF-8 text")
    }
    let rows =
      path.lowercased().hasSuffix(".json") ? try json(text, path: path) : try csv(text, path: path)
    let base = FileNames.folder(path)
    func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : FileNames.join(base, p) }
    var problems: [DatasetProblem] = []
    var seen: Set<String> = []
    var cases: [DatasetCase] = []
    for r in rows {
      guard seen.insert(r.id).inserted else {
        problems.append(DatasetProblem(.ambiguous, r.id, "listed more than once in \(path)"))
        continue
      }
      var c = DatasetCase(id: r.id)
      func check(_ p: String?, _ what: String) -> String? {
        guard let p, !p.isEmpty else { return nil }
        let full = resolve(p)
        guard FolderListing.exists(full) else {
          problems.append(DatasetProblem(.missingFile, r.id, "\(what) \(full) does not exist"))
          return nil
        }
        return full
      }
      c.images = r.images.compactMap { check($0, "image") }
      c.labels = check(r.labels, "labels")
      c.prediction = check(r.prediction, "prediction")
      if let p = c.prediction {
        c.predictionSegmentation = NNUNetProbabilities.segmentationBeside(p)
      }
      cases.append(c)
    }
    return Dataset(source: "manifest \(path)", cases: cases, problems: problems)
  }

  static func json(_ text: String, path: String) throws(DatasetError) -> [Row] {
    guard let obj = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else {
      throw DatasetError(path, "is not valid JSON")
    }
    guard let list = (obj as? [Any]) ?? ((obj as? [String: Any])?["cases"] as? [Any]) else {
      throw DatasetError(path, "expected a list of cases or {\"cases\": [...]}")
    }
    var rows: [Row] = []
    for (n, item) in list.enumerated() {
      guard let d = item as? [String: Any], let id = (d["case"] ?? d["id"]).map({ "\($0)" }),
        !id.isEmpty
      else {
        throw DatasetError(path, "case \(n + 1): expected an object with a \"case\" id")
      }
      var r = Row(id: id)
      let img = d["image"] ?? d["images"]
      r.images = (img as? [Any])?.map { "\($0)" } ?? (img as? String).map { [$0] } ?? []
      r.labels = (d["labels"] ?? d["label"] ?? d["gt"]) as? String
      r.prediction = (d["prediction"] ?? d["pred"]) as? String
      rows.append(r)
    }
    return rows
  }

  static func csv(_ text: String, path: String) throws(DatasetError) -> [Row] {
    let records = try CSV.parse(text, path: path).filter { !($0.count == 1 && $0[0].isEmpty) }
    guard let header = records.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() })
    else {
      throw DatasetError(path, "is empty (expected a header row: case,image,labels,prediction)")
    }
    func col(_ names: [String]) -> Int? { header.firstIndex { names.contains($0) } }
    guard let ci = col(["case", "id", "case_id"]) else {
      throw DatasetError(path, "has no 'case' column (header: \(header.joined(separator: ",")))")
    }
    let ii = col(["image", "images"])
    let li = col(["labels", "label", "gt"])
    let pi = col(["prediction", "pred"])
    var rows: [Row] = []
    for (n, rec) in records.dropFirst().enumerated() {
      guard rec.count == header.count else {
        throw DatasetError(path, "row \(n + 2) has \(rec.count) fields, the header \(header.count)")
      }
      let id = rec[ci].trimmingCharacters(in: .whitespaces)
      guard !id.isEmpty else { throw DatasetError(path, "row \(n + 2) has an empty case id") }
      var r = Row(id: id)
      if let ii {
        r.images = rec[ii].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
      }
      r.labels = li.map { rec[$0].trimmingCharacters(in: .whitespaces) }
      r.prediction = pi.map { rec[$0].trimmingCharacters(in: .whitespaces) }
      rows.append(r)
    }
    return rows
  }
}

/// RFC 4180 CSV: quoted fields with doubled quotes, CRLF or LF line ends.
enum CSV {
  static func parse(_ text: String, path: String) throws(DatasetError) -> [[String]] {
    var records: [[String]] = []
    var field = ""
    var record: [String] = []
    var quoted = false
    var afterQuote = false
    var chars = Array(text)
    if chars.last != "\n" { chars.append("\n") }
    for ch in chars {
      if quoted {
        if ch == "\"" {
          quoted = false
          afterQuote = true
        } else {
          field.append(ch)
        }
        continue
      }
      switch ch {
      case "\"":
        if afterQuote { field.append("\"") }  // a doubled quote
        quoted = true
        afterQuote = false
      case ",":
        record.append(field)
        field = ""
        afterQuote = false
      case "\n", "\r\n":
        record.append(field)
        records.append(record)
        field = ""
        record = []
        afterQuote = false
      case "\r":
        continue
      default:
        field.append(ch)
        afterQuote = false
      }
    }
    guard !quoted else { throw DatasetError(path, "has an unterminated quoted field") }
    return records
  }
}
