import Foundation
import RWLoss
import RWRender
import RWVolume

/// Reads a volume file: the scaled data and human-readable warnings (NIfTI in the program).
public typealias VolumeLoader = @Sendable (String) throws -> (volume: Volume, warnings: [String])

/// The viewer's loop: reads terminal events with a timeout, applies `update`, runs effects on
/// background queues and feeds their results back as events, and redraws with `view`.
///
/// Heavy work (reading files, preparing layers, computing maps) never runs on the loop, so keys
/// are handled while files load; the image is drawn as soon as it is ready and overlays join
/// as they arrive.
public final class ViewerRuntime {
  public private(set) var state: ViewerState
  private let terminal: TerminalIO
  private let loader: VolumeLoader
  private let mapSource: MapSource?
  private let keyMap: KeyMap
  private let inbox = EventInbox()
  private var mapWorker: MapWorker?
  private lazy var debugRunner = DebugRunner(inbox: inbox, mapSource: mapSource)
  /// Threads computing maps (one per core).
  public var mapThreads = max(1, ProcessInfo.processInfo.activeProcessorCount)
  /// Wait for background work to finish before reading each input event (for tests:
  /// recorded sessions then do not depend on timing).
  public var deterministic = false
  /// How long to wait for input before checking background results again.
  public var pollMs = 30
  /// Suspends the process with the terminal restored (the ncurses backend's `suspend`); nil
  /// ignores Ctrl-Z.
  public var suspendHandler: (() -> Void)?
  /// Called after every frame drawn.
  public var onFrame: ((ViewerState, CellGrid) -> Void)?

  public init(
    terminal: TerminalIO, state: ViewerState, loader: @escaping VolumeLoader, mapSource: MapSource?,
    keyMap: KeyMap = .standard
  ) {
    self.terminal = terminal
    self.state = state
    self.loader = loader
    self.mapSource = mapSource
    self.keyMap = keyMap
  }

  /// Runs until the user quits, input closes, or a file fails; returns the final state
  /// (`fatalError` holds the one-line message of a failure).
  @discardableResult
  public func run() -> ViewerState {
    let size = terminal.size
    state.termCols = size.width
    state.termRows = size.height
    state.caps = terminal.caps
    execute(startEffects(&state))
    draw()
    while !state.quitRequested {
      var changed = false
      if deterministic { inbox.waitForEventOrIdle() }
      for e in inbox.drain() {
        execute(update(&state, e, keyMap: keyMap))
        changed = true
      }
      if state.quitRequested { break }
      if deterministic && !inbox.isIdle {
        if changed { draw() }
        continue
      }
      if changed { draw() }
      guard let input = terminal.nextEvent(timeoutMs: pollMs) else { continue }
      switch input {
      case .key(let k):
        execute(update(&state, .key(k), keyMap: keyMap))
      case .resize(let w, let h):
        execute(update(&state, .resize(cols: w, rows: h), keyMap: keyMap))
      case .tick:
        continue
      case .closed:
        state.quitRequested = true
      }
      if !state.quitRequested { draw() }
    }
    mapWorker?.cancel()
    debugRunner.cancelAll()
    return state
  }

  private func draw() {
    let size = terminal.size
    if size.width != state.termCols || size.height != state.termRows {
      _ = update(&state, .resize(cols: size.width, rows: size.height), keyMap: keyMap)
    }
    let frame = view(state, keyMap: keyMap)
    terminal.draw(frame)
    onFrame?(state, frame)
  }

  /// Starts the work effects ask for.
  private func execute(_ effects: [Effect]) {
    for e in effects { execute(e) }
  }

  private func execute(_ effect: Effect) {
    let inbox = self.inbox
    switch effect {
    case .load(let role, let path):
      let loader = self.loader
      inbox.begin()
      DispatchQueue.global(qos: .userInitiated).async {
        defer { inbox.end() }
        do {
          let (volume, warnings) = try loader(path)
          inbox.push(.fileRead(role, path: path, volume: volume, warnings: warnings))
        } catch {
          inbox.push(.loadFailed(role, message: "\(error)"))
        }
      }
    case .prepare(let role, let path, let volume, let target, let kind):
      inbox.begin()
      DispatchQueue.global(qos: .userInitiated).async {
        defer { inbox.end() }
        for e in Self.prepare(role, path: path, volume: volume, target: target, kind: kind) {
          inbox.push(e)
        }
      }
    case .computeMaps(let job):
      mapWorker?.cancel()
      guard let source = mapSource else {
        inbox.push(
          .mapFailed(generation: job.generation, message: "RW maps are not available in this build")
        )
        return
      }
      let worker = MapWorker(job: job)
      mapWorker = worker
      let gen = job.generation
      worker.start(
        threads: mapThreads, source: source, inbox: inbox,
        done: { .mapUnit(generation: gen, unit: $0, values: $1) },
        failed: { .mapFailed(generation: gen, message: $0) })
    case .prioritizeMaps(let gen, let units):
      if let w = mapWorker, w.job.generation == gen { w.prioritize(units) }
    case .suspend:
      suspendHandler?()
    case .debug(let job):
      debugRunner.execute(job)
    case .quit:
      break
    }
  }

  /// Aligns a read volume onto `target` (if given) and turns it into a layer.
  static func prepare(
    _ role: LayerRole, path: String, volume: Volume, target: VoxelGrid?, kind: PredictionKind?
  )
    -> [ViewerEvent]
  {
    var vol = volume
    var events: [ViewerEvent] = []
    if let t = target, role != .image {
      do {
        let aligned = try volume.aligned(to: t, path: path, role: role.noun, referenceRole: "image")
        vol = aligned.volume
        if let notice = aligned.notice { events.append(.notice(notice)) }
      } catch {
        return [.loadFailed(role, message: error.description)]
      }
    }
    do {
      switch role {
      case .image:
        events.append(.layerReady(role, .image(LayerPreparation.image(path: path, volume: vol))))
      case .groundTruth:
        events.append(
          .layerReady(role, .labels(try LayerPreparation.labels(path: path, volume: vol))))
      case .prediction, .predictionB:
        events.append(
          .layerReady(
            role, .prediction(try LayerPreparation.prediction(path: path, volume: vol, kind: kind)))
        )
      }
    } catch {
      return [.loadFailed(role, message: "\(error)")]
    }
    return events
  }
}
