import RWLoss

/// The one parser of `--pred-kind`, used by `view`, `render` and `stats`.
enum PredictionKindOption {
  /// Help text of `--pred-kind`.
  static let help: String =
    "How to read --pred: auto (one channel: a label map; several: probabilities when they are "
    + "in [0,1] and sum to 1, else logits), labels, probs or logits (one channel: a binary "
    + "problem's foreground)."

  /// The forced kind, or nil for `auto` (and when the option is absent).
  static func parse(_ text: String?) throws -> PredictionKind? {
    guard let t = text else { return nil }
    switch try OptionChoices.predKind.word(t) {
    case "labels": return .labels
    case "probs": return .probs
    case "logits": return .logits
    default: return nil
    }
  }
}
