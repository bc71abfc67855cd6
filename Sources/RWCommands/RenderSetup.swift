import Foundation
import RWRender
import RWViewer

/// Helpers of `rwview render`: colour modes, sizes and the terminal-less session.
enum RenderSetup {
  static func colorMode(_ s: String) throws -> RenderCaps.ColorMode {
    switch try OptionChoices.colors.word(s) {
    case "256": return .palette256
    case "8": return .palette8
    case "mono": return .monochrome
    default: return .trueColor
    }
  }

  /// Parses "COLSxROWS".
  static func size(_ s: String) throws -> (cols: Int, rows: Int) {
    let parts = s.lowercased().split(separator: "x")
    guard parts.count == 2, let c = Int(parts[0]), let r = Int(parts[1]), c > 0, r > 0, c <= 2000,
      r <= 1000
    else {
      throw ViewerError("--size: expected COLSxROWS such as 120x40 (at most 2000x1000), got \(s)")
    }
    return (c, r)
  }

  /// Loads everything (maps included) with the viewer's own runtime and returns the settled state.
  static func settledState(_ initial: ViewerState, cols: Int, rows: Int, caps: RenderCaps)
    -> ViewerState
  {
    let terminal = HeadlessTerminal(width: cols, height: rows, caps: caps)
    let read = ViewSetup.loader(reference: initial.paths[.groundTruth])
    // A command's warnings go to stderr (the viewer shows them in its message line).
    let loader: VolumeLoader = { path in
      let r = try read(path)
      for w in r.warnings { printError("rwview: warning: \(path): \(w)") }
      return r
    }
    let runtime = ViewerRuntime(
      terminal: terminal, state: initial, loader: loader, mapSource: LossMapSource())
    runtime.deterministic = true
    var s = runtime.run()
    s.quitRequested = false
    return s
  }
}

/// A terminal with a fixed size and no input: the session ends once background work is done.
final class HeadlessTerminal: TerminalIO {
  let size: TerminalSize
  let caps: RenderCaps
  init(width: Int, height: Int, caps: RenderCaps) {
    size = TerminalSize(width: width, height: height)
    self.caps = caps
  }
  func draw(_ grid: CellGrid) {}
  func nextEvent(timeoutMs: Int) -> InputEvent? { .closed }
}
