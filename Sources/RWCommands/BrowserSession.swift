import Foundation
import RWBrowser
import RWDataset
import RWLoss
import RWRender
import RWViewer

/// Runs the case browser on a terminal: the list (state, update, view), the background
/// computation of every case's numbers, and the viewer for the chosen case. `(`/`)` in the
/// viewer move to the previous/next case in the list's order; `q` returns to the list.
final class BrowserSession {
  let terminal: TerminalIO
  let dataset: Dataset
  let options: ViewOptions
  private(set) var state: BrowserState
  private let inbox = BrowserInbox()
  /// Stops the background computation when the session ends.
  private let stop = Interrupt()
  /// Cases opened, in order (for tests).
  private(set) var opened: [String] = []
  /// Runs the viewer for one case (replaced in tests).
  var viewer: (ViewerState, String?) -> ViewerState

  init(terminal: TerminalIO, dataset: Dataset, options: ViewOptions) {
    self.terminal = terminal
    self.dataset = dataset
    self.options = options
    state = BrowserState(title: dataset.source, cases: dataset.cases)
    viewer = { initial, reference in
      let runtime = ViewerRuntime(
        terminal: terminal, state: initial, loader: ViewSetup.loader(reference: reference),
        mapSource: LossMapSource())
      return runtime.run()
    }
  }

  /// Starts computing every case's numbers in the background.
  func startStats(
    options map: MapOptions, workers: Int = ProcessInfo.processInfo.activeProcessorCount
  ) {
    let cases = dataset.cases
    let inbox = inbox
    let stop = stop
    let settings = DatasetStatsRunner.Settings(
      options: map, budget: NPZ.defaultMaxBytes, workers: workers)
    Thread.detachNewThread {
      _ = DatasetStatsRunner.run(
        cases: cases, settings: settings, isCancelled: { stop.isSet },
        onResult: { id, r in
          switch r {
          case .success(let s): inbox.post(.caseDone(s))
          case .failure(let e): inbox.post(.caseFailed(id: id, error: "\(e)"))
          }
        })
    }
  }

  /// Waits until every case is computed (tests).
  func waitForStats(timeout: Double = 60) {
    let end = Date().addingTimeInterval(timeout)
    while Date() < end {
      for e in inbox.drain() { _ = updateBrowser(&state, e) }
      let p = state.progress
      if p.done >= p.total { return }
      Thread.sleep(forTimeInterval: 0.01)
    }
  }

  /// The list loop until `q`.
  func run() {
    let size = terminal.size
    _ = updateBrowser(&state, .resize(cols: size.width, rows: size.height))
    defer { stop.set() }
    terminal.draw(browserView(state))
    while !state.quitRequested {
      var changed = false
      for e in inbox.drain() {
        _ = updateBrowser(&state, e)
        changed = true
      }
      if changed { terminal.draw(browserView(state)) }
      guard let input = terminal.nextEvent(timeoutMs: 50) else { continue }
      let event: BrowserEvent
      switch input {
      case .key(let k): event = .key(k)
      case .resize(let w, let h): event = .resize(cols: w, rows: h)
      case .tick: continue
      case .closed: return
      }
      for effect in updateBrowser(&state, event) {
        switch effect {
        case .open(let id): openCases(from: id)
        case .quit: return
        }
      }
      terminal.draw(browserView(state))
    }
  }

  /// Opens `id` in the viewer, then its neighbours while the viewer asks for them.
  func openCases(from id: String) {
    var current = id
    while let c = dataset.case(current) {
      opened.append(current)
      let initial: ViewerState
      do {
        initial = try viewerState(for: c)
      } catch {
        state.message = "\(current): \(error)"
        break
      }
      let end = viewer(initial, c.predictionSegmentation ?? c.labels)
      if let e = end.fatalError {
        state.message = "\(current): \(e)"
        break
      }
      guard let step = end.caseStep else { break }
      // Numbers that arrived meanwhile may reorder the list: follow its current order.
      for e in inbox.drain() { _ = updateBrowser(&state, e) }
      guard let next = state.neighbour(of: current, step: step) else {
        state.message =
          step > 0
          ? "\(current) is the last case of the list" : "\(current) is the first case of the list"
        break
      }
      current = next
    }
    _ = updateBrowser(&state, .returned(id: current))
  }

  /// The viewer's state for a case: the view options with the case's files.
  func viewerState(for c: DatasetCase) throws -> ViewerState {
    var o = options
    o.input = c.images.first ?? c.labels
    o.gt = c.labels
    o.pred = c.prediction
    o.caseID = nil
    if o.labels == nil { o.labels = dataset.labelFile }
    var s = try ViewSetup.initialState(o) { _ in }
    s.caseNavigation = true
    return s
  }
}

/// Events posted by the background run for the list loop.
/// `@unchecked Sendable`: the event list is touched only under `lock`.
final class BrowserInbox: @unchecked Sendable {
  private let lock = NSLock()
  private var events: [BrowserEvent] = []
  func post(_ e: BrowserEvent) { lock.withLock { events.append(e) } }
  func drain() -> [BrowserEvent] {
    lock.withLock {
      defer { events = [] }
      return events
    }
  }
}
