import Foundation
import Synchronization

/// Runs one map job on background threads: the priority units first, then the rest in order.
/// A newer job (or `cancel`) stops it between units. The one place the viewer fans map work
/// out over threads (the main map and the compare map both start here).
final class MapWorker: Sendable {
  /// Units still to do, units taken, and whether the job was cancelled.
  private struct Queue {
    var order: [Int]
    var taken: Set<Int> = []
    var cancelled = false
  }
  private let queue: Mutex<Queue>
  let job: MapJob

  init(job: MapJob) {
    self.job = job
    var order = job.priority.filter { $0 >= 0 && $0 < job.unitCount }
    let first = Set(order)
    order += (0..<job.unitCount).filter { !first.contains($0) }
    queue = Mutex(Queue(order: order))
  }

  /// The next unit to compute, or nil when done or cancelled.
  func next() -> Int? {
    queue.withLock { q in
      while !q.cancelled, !q.order.isEmpty {
        let u = q.order.removeFirst()
        if q.taken.insert(u).inserted { return u }
      }
      return nil
    }
  }

  /// Moves `units` to the front of the queue.
  func prioritize(_ units: [Int]) {
    queue.withLock { q in
      let fresh = units.filter { !q.taken.contains($0) }
      q.order.removeAll { fresh.contains($0) }
      q.order.insert(contentsOf: fresh, at: 0)
    }
  }

  func cancel() {
    queue.withLock { $0.cancelled = true }
  }

  /// Starts up to `threads` background threads (at most one per unit) that compute units
  /// until none are left, posting `done(unit, values)` for each and `failed(message)` on the
  /// first error (which cancels the rest). The inbox counts them as background work.
  func start(
    threads: Int, source: MapSource, inbox: EventInbox,
    done: @escaping @Sendable (Int, [Float]) -> ViewerEvent,
    failed: @escaping @Sendable (String) -> ViewerEvent
  ) {
    for _ in 0..<max(1, min(threads, job.unitCount)) {
      inbox.begin()
      DispatchQueue.global(qos: .utility).async {
        defer { inbox.end() }
        while let u = self.next() {
          do {
            inbox.push(done(u, try source.computeUnit(u, job: self.job)))
          } catch {
            inbox.push(failed("\(error)"))
            self.cancel()
          }
        }
      }
    }
  }
}
