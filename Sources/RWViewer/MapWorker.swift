import Foundation

/// Runs one map job on background threads: the priority units first, then the rest in order.
/// A newer job (or `cancel`) stops it between units.
final class MapWorker: @unchecked Sendable {
  private let lock = NSLock()
  private var queue: [Int]
  private var taken: Set<Int> = []
  private var cancelled = false
  let job: MapJob

  init(job: MapJob) {
    self.job = job
    var order = job.priority.filter { $0 >= 0 && $0 < job.unitCount }
    let first = Set(order)
    order += (0..<job.unitCount).filter { !first.contains($0) }
    queue = order
  }

  /// The next unit to compute, or nil when done or cancelled.
  func next() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    while !cancelled, !queue.isEmpty {
      let u = queue.removeFirst()
      if taken.insert(u).inserted { return u }
    }
    return nil
  }

  /// Moves `units` to the front of the queue.
  func prioritize(_ units: [Int]) {
    lock.lock()
    let fresh = units.filter { !taken.contains($0) }
    queue.removeAll { fresh.contains($0) }
    queue.insert(contentsOf: fresh, at: 0)
    lock.unlock()
  }

  func cancel() {
    lock.lock()
    cancelled = true
    lock.unlock()
  }

  /// Computes units until none are left, posting each result.
  func run(source: MapSource, inbox: EventInbox) {
    while let u = next() {
      do {
        let values = try source.computeUnit(u, job: job)
        inbox.push(.mapUnit(generation: job.generation, unit: u, values: values))
      } catch {
        inbox.push(.mapFailed(generation: job.generation, message: "\(error)"))
        cancel()
      }
    }
  }
}
