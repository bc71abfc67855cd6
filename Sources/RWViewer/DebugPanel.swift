import Foundation

/// A debugging view `rwview render --panels` can switch on: the same view its key shows, drawn
/// by the same code (the names are the option's values).
public enum DebugPanel: String, Sendable, CaseIterable {
  /// The loss panel (`L`): the slice's and the volume's RW loss, CE, Dice loss, excess.
  case loss
  /// The per-slice profile strip (`P`).
  case profile
  /// The instability view (`I`, first mode: principle A/B violations) and its panel.
  case instability
  /// The metrics panel (`T`): Dice, IoU, HD95 and volumes.
  case metrics

  /// The key action that shows this panel.
  var action: Action {
    switch self {
    case .loss: return .lossPanel
    case .profile: return .profileStrip
    case .instability: return .instability
    case .metrics: return .metricsPanel
    }
  }

  /// Parses a comma-separated list such as "loss,profile" (duplicates count once).
  public static func parse(_ list: String) throws -> [DebugPanel] {
    var out: [DebugPanel] = []
    for part in list.split(separator: ",", omittingEmptySubsequences: false) {
      let name = part.trimmingCharacters(in: .whitespaces).lowercased()
      guard let p = DebugPanel(rawValue: name) else {
        let all = allCases.map(\.rawValue).joined(separator: ", ")
        throw ViewerError("--panels: expected any of \(all), got \"\(part)\"")
      }
      if !out.contains(p) { out.append(p) }
    }
    return out
  }
}

extension ViewerState {
  /// Switches the panels on as their keys do (the state's debug views then draw them).
  public mutating func showPanels(_ panels: [DebugPanel]) {
    for p in panels where !isShown(p) { _ = performDebug(&self, p.action) }
  }

  /// Whether a panel is on.
  func isShown(_ p: DebugPanel) -> Bool {
    switch p {
    case .loss: return debug.lossPanel
    case .profile: return debug.profileVisible
    case .instability: return debug.instability != .off
    case .metrics: return debug.metricsPanel
    }
  }
}
