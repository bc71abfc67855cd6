import ArgumentParser
import RWDataset
import RWLoss
import RWRender
import RWViewer

/// The fixed words one option accepts: the one list its parser checks, its error names and
/// shell completion offers (`completion`), so the three can never disagree.
struct OptionChoices: Sendable {
  /// The option as typed, e.g. "--plane".
  var option: String
  /// The words offered and named in the error, in order.
  var words: [String]
  /// Other accepted spellings (lower case), each with the word it stands for.
  var aliases: [String: String] = [:]

  /// What shells offer as the option's value.
  var completion: CompletionKind { .list(words) }

  /// What shells offer for a comma-separated list of the words (`--layers image,gt`): the
  /// item being typed completes, the items before it stay (the shell asks rwview itself).
  var listCompletion: CompletionKind {
    let words = self.words
    return .custom { _, _, typed in OptionChoices.listCandidates(words, typed: typed) }
  }

  /// The completions of `typed`, a comma-separated list whose last item is being typed:
  /// each word not yet in the list that starts with that item, after the items before it.
  static func listCandidates(_ words: [String], typed: String) -> [String] {
    let items = typed.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let before = items.dropLast()
    let current = items.last ?? ""
    let head = before.isEmpty ? "" : before.joined(separator: ",") + ","
    return words.filter { !before.contains($0) && $0.hasPrefix(current) }.map { head + $0 }
  }

  /// "a, b or c".
  var expected: String {
    guard let last = words.last, words.count > 1 else { return words.first ?? "" }
    return words.dropLast().joined(separator: ", ") + " or " + last
  }

  /// The word `text` stands for (case-insensitive, aliases accepted); throws one line
  /// "--option: expected a, b or c, got TEXT".
  func word(_ text: String) throws -> String {
    let l = text.lowercased()
    if words.contains(l) { return l }
    if let w = aliases[l] { return w }
    throw OptionError(option, "expected \(expected), got \(text)")
  }

  /// The table entry for `text`: `make` of its word (the same error when `make` has none).
  func value<T>(_ text: String, _ make: (String) -> T?) throws -> T {
    guard let v = make(try word(text)) else {
      throw OptionError(option, "expected \(expected), got \(text)")
    }
    return v
  }
}

extension OptionChoices {
  /// `--map`: the listed kinds of the table of map kinds (unlisted ones are accepted by name,
  /// never offered).
  static let map = OptionChoices(option: "--map", words: MapKind.listed.map(\.name))
  /// `--geometry`.
  static let geometry = OptionChoices(option: "--geometry", words: ["2d", "3d"])
  /// `--axis`: the volume axes by name.
  static let axis = OptionChoices(option: "--axis", words: VolumeAxis.allCases.map(\.name))
  /// `--spacing`: the distance units.
  static let spacing = OptionChoices(
    option: "--spacing", words: DistanceUnits.allCases.map(\.rawValue))
  /// `--pred-kind`.
  static let predKind = OptionChoices(
    option: "--pred-kind", words: ["auto", "labels", "probs", "logits"],
    aliases: ["label": "labels", "probabilities": "probs", "prob": "probs"])
  /// `--remap`.
  static let remap = OptionChoices(option: "--remap", words: ["auto"])
  /// `--plane`: the viewer's planes.
  static let plane = OptionChoices(option: "--plane", words: Plane.allCases.map(\.rawValue))
  /// `--gt-style`.
  static let gtStyle = OptionChoices(
    option: "--gt-style", words: OverlayStyle.allCases.map(\.rawValue))
  /// `--pred-style`.
  static let predStyle = OptionChoices(
    option: "--pred-style", words: OverlayStyle.allCases.map(\.rawValue))
  /// `--colors` (view and render).
  static let colors = OptionChoices(
    option: "--colors", words: ["24bit", "256", "8", "mono"],
    aliases: ["truecolor": "24bit", "24": "24bit", "monochrome": "mono", "none": "mono"])
  /// `render --format`.
  static let format = OptionChoices(option: "--format", words: ["ansi", "text", "png"])
  /// `--layers`: the layer names of a comma-separated list (completion offers one name).
  static let layers = OptionChoices(
    option: "--layers", words: ["image", "gt", "pred", "error", "map"])
  /// `stats --sort`: the usual keys (any total, `METRIC:CLASS` and flat CSV keys are accepted
  /// too, see `CaseRanking`).
  static let sort = OptionChoices(option: "--sort", words: CaseRanking.offeredKeys)
}

/// File name endings shells complete for each kind of file argument (directories are always
/// offered too).
enum FileCompletion {
  /// NIfTI volumes: .nii, .nii.gz, .hdr, .hdr.gz.
  static let volume = CompletionKind.file(
    extensions: FileNames.niftiEndings.map { String($0.dropFirst()) })
  /// A volume, a case folder or a dataset (nnU-Net folder or a .csv/.json manifest).
  static let volumeOrDataset = CompletionKind.file(
    extensions: FileNames.niftiEndings.map { String($0.dropFirst()) } + ["csv", "json"])
  /// A prediction: a volume or nnU-Net's .npz probabilities.
  static let prediction = CompletionKind.file(
    extensions: FileNames.niftiEndings.map { String($0.dropFirst()) } + ["npz"])
  /// JSON documents (`stats --merge` shards).
  static let json = CompletionKind.file(extensions: ["json"])
  /// Any file (label tables, outputs).
  static let any = CompletionKind.file()
  /// A folder.
  static let folder = CompletionKind.directory
}
