#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small mutex for the engines' caches.
final class Lock: @unchecked Sendable {
  private let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  init() { pthread_mutex_init(m, nil) }
  deinit {
    pthread_mutex_destroy(m)
    m.deallocate()
  }
  /// Runs `body` while holding the lock.
  @inline(__always) func locked<R>(_ body: () throws -> R) rethrows -> R {
    pthread_mutex_lock(m)
    defer { pthread_mutex_unlock(m) }
    return try body()
  }
}
