import Foundation
import RWReport
import RWSystem

/// Reading a label file for `view`, `render`, `stats` and `maps`.
enum LabelTableFile {
  /// The table in `path`, or nil with a one-line warning when it cannot be read or parsed: a
  /// label file only names labels, so a bad one does not fail the command.
  static func load(_ path: String) -> (table: LabelTable?, warning: String?) {
    // ReadableFile refuses FIFOs and devices without blocking.
    let data: Data
    do { data = Data(try ReadableFile.contents(of: path)) } catch {
      return (nil, "\(path): cannot read the label file; labels are unnamed")
    }
    guard
      let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1)
    else {
      return (nil, "\(path): the label file is not text; labels are unnamed")
    }
    do {
      return (try LabelTable.parse(text, source: path), nil)
    } catch {
      return (nil, "\(error); labels are unnamed")
    }
  }

  /// dataset.json beside `file` (in its folder or the folder above, as nnU-Net's
  /// `labelsTr/CASE.nii.gz` has it), if any.
  static func datasetJSON(near file: String) -> String? {
    var dir = URL(fileURLWithPath: file).deletingLastPathComponent()
    for _ in 0..<2 {
      let candidate = dir.appendingPathComponent("dataset.json").path
      if FileManager.default.isReadableFile(atPath: candidate) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return nil
  }
}

/// The label table a command uses.
enum LabelCommandSetup {
  /// `--labels FILE` if given, else a dataset.json beside `labels` (nnU-Net), with a warning
  /// line when the file cannot be used (a label table only names labels: never fatal).
  static func table(_ explicit: String?, near labels: String) -> (LabelTable?, String?) {
    guard let path = explicit ?? LabelTableFile.datasetJSON(near: labels) else { return (nil, nil) }
    return LabelTableFile.load(path)
  }
}
