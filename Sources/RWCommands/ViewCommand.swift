import ArgumentParser
import RWDataset
import RWLoss
import RWRender
import RWTerminal
import RWViewer

/// `rwview [view] IMAGE|CASE_DIR [--gt LABELS] [--pred PRED] [--map NAME] ...`: the terminal viewer.
public struct ViewCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "view",
    abstract: "Open the terminal viewer (the default command).",
    discussion: "Press ? in the viewer for the keys.")

  @OptionGroup public var options: ViewOptions
  @OptionGroup public var system: SystemOptions

  @Flag(name: .customLong("ascii"), help: "ASCII only, even in a UTF-8 locale.")
  public var ascii = false

  @Option(
    name: .customLong("colors"), help: "Most colours to use: 24bit, 256, 8 or mono.",
    completion: OptionChoices.colors.completion)
  public var colors: String = "24bit"

  public init() {}

  public func run() throws {
    let browse: RWDataset.Dataset?
    do {
      try system.apply()
      browse = try ViewSetup.browserDataset(options)
    } catch {
      printError(oneLine(error))
      throw ExitCode.failure
    }
    if let browse { return try runBrowser(browse) }
    let state: ViewerState
    let mode: RenderCaps.ColorMode
    do {
      state = try ViewSetup.initialState(options) { printError($0) }
      mode = try RenderSetup.colorMode(colors)
    } catch {
      printError(oneLine(error))
      throw ExitCode.failure
    }
    let backend = try openTerminal(mode)
    let runtime = ViewerRuntime(
      terminal: backend, state: state,
      loader: ViewSetup.loader(reference: state.paths[.groundTruth]), mapSource: LossMapSource())
    runtime.suspendHandler = { backend.suspend() }
    let end = runtime.run()
    backend.stop()
    if let message = end.fatalError {
      printError("rwview: " + message)
      throw ExitCode.failure
    }
  }

  /// The case browser on a dataset.
  func runBrowser(_ ds: RWDataset.Dataset) throws {
    let mode: RenderCaps.ColorMode
    let mapOptions: MapOptions
    do {
      mode = try RenderSetup.colorMode(colors)
      mapOptions = try options.mapOptions.mapOptions()
    } catch {
      printError(oneLine(error))
      throw ExitCode.failure
    }
    for line in ds.problemSummary { printError("rwview: \(line)") }
    let backend = try openTerminal(mode)
    let session = BrowserSession(terminal: backend, dataset: ds, options: options)
    session.viewer = { initial, reference in
      let runtime = ViewerRuntime(
        terminal: backend, state: initial, loader: ViewSetup.loader(reference: reference),
        mapSource: LossMapSource())
      runtime.suspendHandler = { backend.suspend() }
      return runtime.run()
    }
    session.startStats(options: mapOptions)
    session.run()
    backend.stop()
  }

  /// The ncurses backend in `mode`, or one error line and a failure exit.
  func openTerminal(_ mode: RenderCaps.ColorMode) throws -> TerminalBackend {
    do {
      return try TerminalBackend(options: TerminalOptions(maxColorMode: mode, forceASCII: ascii))
    } catch {
      printError(error.description)
      throw ExitCode.failure
    }
  }
}
