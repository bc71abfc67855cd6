import Foundation

/// Results of background work waiting for the runtime loop, plus a count of work in flight.
/// `@unchecked Sendable`: the events and the in-flight count are touched only under `lock`.
final class EventInbox: @unchecked Sendable {
  private let lock = NSCondition()
  private var events: [ViewerEvent] = []
  private var inFlight = 0

  /// Adds an event from a background queue.
  func push(_ e: ViewerEvent) {
    lock.lock()
    events.append(e)
    lock.broadcast()
    lock.unlock()
  }

  /// Takes every waiting event.
  func drain() -> [ViewerEvent] {
    lock.lock()
    defer { lock.unlock() }
    let out = events
    events.removeAll(keepingCapacity: true)
    return out
  }

  /// Marks one background task as started.
  func begin() {
    lock.lock()
    inFlight += 1
    lock.unlock()
  }

  /// Marks one background task as finished.
  func end() {
    lock.lock()
    inFlight -= 1
    lock.broadcast()
    lock.unlock()
  }

  /// Waits until an event is waiting or nothing is in flight (used by deterministic sessions).
  func waitForEventOrIdle() {
    lock.lock()
    while events.isEmpty && inFlight > 0 { lock.wait() }
    lock.unlock()
  }

  var isEmpty: Bool {
    lock.lock()
    defer { lock.unlock() }
    return events.isEmpty
  }

  var isIdle: Bool {
    lock.lock()
    defer { lock.unlock() }
    return events.isEmpty && inFlight == 0
  }
}
