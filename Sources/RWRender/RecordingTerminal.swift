import Foundation

/// A terminal for tests: replays scripted events and records every frame drawn.
///
/// Resize events change `size` as they are delivered, like a real terminal. When the script is
/// exhausted `nextEvent` returns `.closed`, so a session loop always ends.
/// `@unchecked Sendable`: the script, position and recorded frames are touched only under
/// `lock`.
public final class RecordingTerminal: TerminalIO, @unchecked Sendable {
  private let lock = NSLock()
  private var script: [InputEvent]
  private var position = 0
  private var recorded: [CellGrid] = []
  private var currentSize: TerminalSize
  private var delivered: [InputEvent] = []
  public let caps: RenderCaps

  /// A terminal of `width × height` cells that will deliver `events` in order.
  public init(width: Int, height: Int, caps: RenderCaps = .full, events: [InputEvent] = []) {
    currentSize = TerminalSize(width: width, height: height)
    self.caps = caps
    script = events
  }

  /// Appends events to the script.
  public func send(_ events: InputEvent...) {
    lock.withLock { script += events }
  }

  /// Appends one `.key(.char(c))` per character of `text`.
  public func type(_ text: String) {
    lock.withLock { script += text.map { InputEvent.key(.char($0)) } }
  }

  public var size: TerminalSize { lock.withLock { currentSize } }

  public func draw(_ grid: CellGrid) {
    lock.withLock { recorded.append(grid) }
  }

  public func nextEvent(timeoutMs: Int) -> InputEvent? {
    lock.withLock {
      guard position < script.count else { return .closed }
      let e = script[position]
      position += 1
      if case .resize(let w, let h) = e { currentSize = TerminalSize(width: w, height: h) }
      delivered.append(e)
      return e
    }
  }

  /// Every frame drawn so far, oldest first.
  public var frames: [CellGrid] { lock.withLock { recorded } }
  /// The most recent frame.
  public var lastFrame: CellGrid? { lock.withLock { recorded.last } }
  /// The events delivered so far.
  public var deliveredEvents: [InputEvent] { lock.withLock { delivered } }
  /// Whether every scripted event has been delivered.
  public var isExhausted: Bool { lock.withLock { position >= script.count } }
}
