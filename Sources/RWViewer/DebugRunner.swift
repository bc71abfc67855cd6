import Foundation
import RWLoss
import RWRender
import RWSystem

/// Runs the debugging features' jobs on background queues for `ViewerRuntime` and posts their
/// results as `.debug` events. A newer job of a kind supersedes the older one.
/// `@unchecked Sendable`: its job state is touched only under `lock` (`buildLock` serialises
/// building the shared `DebugContext`).
final class DebugRunner: @unchecked Sendable {
  private let lock = NSLock()
  private let buildLock = NSLock()
  private var context: DebugContext?
  private var analysisGeneration = 0
  private var pendingSlice: SliceJob?
  private var sliceBusy = false
  private var simulationGeneration = 0
  private var compareWorker: MapWorker?
  private let inbox: EventInbox
  private let mapSource: MapSource?
  /// Threads computing the compare map.
  var mapThreads = max(1, ProcessInfo.processInfo.activeProcessorCount)

  init(inbox: EventInbox, mapSource: MapSource?) {
    self.inbox = inbox
    // The loss core's source caches one engine per job; the compare map gets its own.
    self.mapSource = mapSource is LossMapSource ? LossMapSource() : mapSource
  }

  /// Stops everything that can be stopped.
  func cancelAll() {
    lock.withLock {
      analysisGeneration += 1
      simulationGeneration += 1
      pendingSlice = nil
    }
    compareWorker?.cancel()
  }

  /// The shared loss-core objects for `inputs` (rebuilt when the data changed).
  private func context(_ inputs: DebugInputs) throws -> DebugContext {
    // Jobs arriving together wait for one build instead of each building their own.
    try buildLock.withLock {
      if let c = lock.withLock({ context }), c.key == inputs.key { return c }
      let c = try DebugContext(inputs)
      lock.withLock { context = c }
      return c
    }
  }

  func execute(_ job: DebugJob) {
    switch job {
    case .analyze(let j): analyze(j)
    case .slice(let j): slice(j)
    case .compareMaps(let j): compareMaps(j)
    case .prioritizeCompare(let gen, let units):
      if let w = compareWorker, w.job.generation == gen { w.prioritize(units) }
    case .simulate(let j): simulate(j)
    case .stopSimulation: lock.withLock { simulationGeneration += 1 }
    case .exportFrame(let state, let name, let inputs):
      background {
        do {
          let png = try FrameExport.png(view(state))
          let paths = try name.write([(".png", png)], protecting: inputs)
          self.inbox.push(.debug(.exported("frame written to \(paths.joined())")))
        } catch {
          self.inbox.push(.debug(.exportFailed("\(error)")))
        }
      }
    case .exportText(let name, let files, let inputs):
      background {
        do {
          let paths = try name.write(
            files.map { ($0.ext, Array($0.text.utf8)) }, protecting: inputs)
          self.inbox.push(
            .debug(.exported("profile written to " + paths.joined(separator: " and "))))
        } catch {
          self.inbox.push(.debug(.exportFailed("\(error)")))
        }
      }
    }
  }

  private func background(
    qos: DispatchQoS.QoSClass = .userInitiated, _ body: @escaping @Sendable () -> Void
  ) {
    inbox.begin()
    DispatchQueue.global(qos: qos).async {
      defer { self.inbox.end() }
      body()
    }
  }

  // MARK: analysis

  private func analyze(_ j: AnalysisJob) {
    let gen = lock.withLock { () -> Int in
      analysisGeneration += 1
      return analysisGeneration
    }
    let inbox = self.inbox
    background(qos: .utility) {
      let cancelled: @Sendable () -> Bool = { [weak self] in
        self?.lock.withLock { self?.analysisGeneration != gen } ?? true
      }
      do {
        let ctx = try self.context(j.inputs)
        let parts = j.compare == nil ? 1.0 : 2.0
        let main = try ctx.analyze(
          j.main,
          progress: { p in
            inbox.push(.debug(.analysisProgress(generation: j.generation, p / parts)))
          }, isCancelled: cancelled,
          completed: { planes in
            inbox.push(.debug(.analysisPlanes(generation: j.generation, planes)))
          })
        var cmp: LossAnalysis? = nil
        if let cs = j.compare {
          cmp = try ctx.analyze(
            cs,
            progress: { p in
              inbox.push(.debug(.analysisProgress(generation: j.generation, 0.5 + p / 2)))
            }, isCancelled: cancelled)
        }
        if cancelled() { return }
        inbox.push(.debug(.analysis(generation: j.generation, main: main, compare: cmp)))
      } catch is DebugCancelled {
      } catch is RWLoss.CancelledError {
      } catch {
        inbox.push(.debug(.analysisFailed(generation: j.generation, "\(error)")))
      }
    }
  }

  // MARK: slices (latest wins)

  private func slice(_ j: SliceJob) {
    let start = lock.withLock { () -> Bool in
      pendingSlice = j
      if sliceBusy { return false }
      sliceBusy = true
      return true
    }
    guard start else { return }
    background {
      while let job = self.lock.withLock({ () -> SliceJob? in
        let p = self.pendingSlice
        self.pendingSlice = nil
        if p == nil { self.sliceBusy = false }
        return p
      }) {
        do {
          let extras = try self.context(job.inputs).slice(job.key)
          self.inbox.push(.debug(.slice(extras)))
        } catch {
          self.inbox.push(.debug(.sliceFailed(job.key, "\(error)")))
        }
      }
    }
  }

  // MARK: compare map

  private func compareMaps(_ job: MapJob) {
    compareWorker?.cancel()
    guard let source = mapSource else {
      inbox.push(
        .debug(
          .compareFailed(generation: job.generation, "RW maps are not available in this build")))
      return
    }
    let worker = MapWorker(job: job)
    compareWorker = worker
    let gen = job.generation
    worker.start(
      threads: mapThreads, source: source, inbox: inbox,
      done: { .debug(.compareUnit(generation: gen, unit: $0, values: $1)) },
      failed: { .debug(.compareFailed(generation: gen, $0)) })
  }

  // MARK: simulator

  private func simulate(_ j: SimulationJob) {
    let gen = lock.withLock { () -> Int in
      simulationGeneration += 1
      return simulationGeneration
    }
    let inbox = self.inbox
    background(qos: .userInitiated) {
      let live: @Sendable () -> Bool = { [weak self] in
        self?.lock.withLock { self?.simulationGeneration == gen } ?? false
      }
      let axis = VolumeAxis(rawValue: j.axis) ?? .k
      func make(_ s: MapOptions) -> (DescentSimulator?, String?) {
        do {
          let ctx = try self.context(j.inputs)
          let e = try ctx.engine(s)
          let p = try DescentProblem.slice(
            engine: e, prediction: ctx.hasPrediction ? ctx.prediction : nil, axis: axis,
            index: j.index, start: ctx.hasPrediction ? j.start : .uniform)
          return (DescentSimulator(problem: p, settings: j.settings), nil)
        } catch {
          return (nil, "\(error)")
        }
      }
      var (a, ea0) = make(j.main)
      let ea = ea0
      var b: DescentSimulator? = nil
      var eb: String? = nil
      if let cs = j.compare { (b, eb) = make(cs) }
      func track(_ sim: DescentSimulator?, _ s: MapOptions, _ err: String?) -> SimulationTrack? {
        guard let sim else {
          return err.map {
            SimulationTrack(
              settings: s, history: [], argmax: [], startArgmax: [], lastFlip: [], raised: [],
              error: $0)
          }
        }
        return SimulationTrack(
          settings: s, history: sim.history, argmax: sim.argmax, startArgmax: sim.startArgmax,
          lastFlip: sim.lastFlip, raised: sim.raisedWrongLogit, error: nil)
      }
      let cmpSettings = j.compare ?? j.main
      inbox.push(
        .debug(
          .simulation(
            generation: j.generation, main: track(a, j.main, ea),
            compare: j.compare == nil ? nil : track(b, cmpSettings, eb),
            finished: a == nil && b == nil)))
      var step = 0
      while step < j.settings.steps && live() && (a != nil || b != nil) {
        let t0 = DispatchTime.now().uptimeNanoseconds
        a?.advance()
        b?.advance()
        step += 1
        let done = step >= j.settings.steps
        inbox.push(
          .debug(
            .simulation(
              generation: j.generation, main: track(a, j.main, ea),
              compare: j.compare == nil ? nil : track(b, cmpSettings, eb), finished: done)))
        let spent = Int((DispatchTime.now().uptimeNanoseconds - t0) / 1_000_000)
        if !done && j.stepDelayMs > spent { usleep(UInt32((j.stepDelayMs - spent) * 1000)) }
      }
    }
  }
}
