import ArgumentParser
import Foundation
import RWNIfTI
import RWRender
import RWSystem
import RWViewer

/// `rwview render IMAGE [layer options] [--plane P] [--slice N] [--panels LIST] [--size COLSxROWS]
/// [--format F] [-o FILE]`: the viewer's frame without a terminal.
public struct RenderCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "render",
    abstract: "Draw the viewer's frame without a terminal (ANSI, text or PNG).")

  @OptionGroup public var options: ViewOptions
  @OptionGroup public var system: SystemOptions

  @Option(name: .customLong("size"), help: "Frame size in cells, COLSxROWS.")
  public var size: String = "120x40"

  @Option(
    name: .customLong("format"), help: "ansi, text or png (png needs -o).",
    completion: OptionChoices.format.completion)
  public var format: String = "ansi"

  @Option(
    name: .customLong("colors"), help: "Colours of ANSI output: 24bit, 256, 8 or mono.",
    completion: OptionChoices.colors.completion)
  public var colors: String = "24bit"

  @Option(
    name: .customLong("panels"),
    help: ArgumentHelp(
      "Debugging views drawn as their keys show them: any of loss,profile,instability,metrics.",
      valueName: "LIST"))
  public var panels: String?

  @Flag(name: .customLong("ascii"), help: "ASCII characters only.")
  public var ascii = false

  @Option(
    name: .shortAndLong,
    help: "Output file (written atomically; never one of the inputs). Default: standard output.",
    completion: FileCompletion.any)
  public var output: String?

  public init() {}

  public func run() throws {
    do {
      try system.apply()
      let bytes = try render()
      if let out = output {
        let inputs = [options.input, options.gt, options.pred, options.predB, options.labels]
          .compactMap { $0 }
        try AtomicFile.write(bytes, to: out, protecting: NIfTI.inputFiles(inputs))
      } else {
        try StandardOutput.write(bytes)
      }
    } catch let e as ExitCode {
      throw e
    } catch {
      printError(oneLine(error))
      throw ExitCode.failure
    }
  }

  /// The encoded frame.
  func render() throws -> [UInt8] {
    let fmt = try OptionChoices.format.word(format)
    if fmt == "png" && output == nil { throw ViewerError("--format png needs -o FILE") }
    let (cols, rows) = try RenderSetup.size(size)
    let caps = RenderCaps(colorMode: try RenderSetup.colorMode(colors), unicode: !ascii)
    var initial = try ViewSetup.initialState(options) { printError($0) }
    if let list = panels { try Self.show(try DebugPanel.parse(list), in: &initial) }
    let state = RenderSetup.settledState(initial, cols: cols, rows: rows, caps: caps)
    if let e = state.fatalError { throw ViewerError(e) }
    for notice in state.notices { printError("rwview: note: \(notice)") }
    let grid = view(state)
    switch fmt {
    case "png": return try FrameExport.png(grid)
    case "text": return Array(FrameExport.text(grid).utf8)
    default: return Array(FrameExport.ansi(grid, caps: caps).utf8)
    }
  }

  /// Switches `--panels` on as the viewer's keys do; a panel without the inputs it needs is an
  /// error rather than a picture of its "needs --gt" note.
  static func show(_ list: [DebugPanel], in s: inout ViewerState) throws {
    for p in list {
      if s.paths[.groundTruth] == nil {
        throw ViewerError("--panels \(p.rawValue) needs --gt LABELS")
      }
      if p == .metrics && s.paths[.prediction] == nil {
        throw ViewerError("--panels metrics needs --pred PREDICTION")
      }
    }
    s.showPanels(list)
  }
}
