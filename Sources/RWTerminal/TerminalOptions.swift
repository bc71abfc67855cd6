import RWRender

/// Options for opening the terminal.
public struct TerminalOptions: Sendable {
  /// Raw mode: Ctrl-C, Ctrl-Z and Ctrl-\ arrive as keys instead of signals.
  public var raw: Bool
  /// The most colour to use (the terminal may support less); e.g. `.monochrome` for `--no-color`.
  public var maxColorMode: RenderCaps.ColorMode
  /// Honour the NO_COLOR environment variable (https://no-color.org) by going monochrome.
  /// Off by default: colour is the content of an image viewer, not decoration, and `swift test`
  /// sets NO_COLOR=1 for everything it runs (which would silently make e2e runs monochrome).
  public var honourNoColor: Bool
  /// Force ASCII output even in a UTF-8 locale.
  public var forceASCII: Bool
  /// Descriptors to use instead of stdin/stdout (for tests on a pseudo-terminal).
  public var inputFD: Int32
  public var outputFD: Int32
  /// Terminal type instead of $TERM.
  public var term: String?

  public init(
    raw: Bool = true, maxColorMode: RenderCaps.ColorMode = .trueColor, honourNoColor: Bool = false,
    forceASCII: Bool = false, inputFD: Int32 = 0, outputFD: Int32 = 1, term: String? = nil
  ) {
    self.raw = raw
    self.maxColorMode = maxColorMode
    self.honourNoColor = honourNoColor
    self.forceASCII = forceASCII
    self.inputFD = inputFD
    self.outputFD = outputFD
    self.term = term
  }
}
