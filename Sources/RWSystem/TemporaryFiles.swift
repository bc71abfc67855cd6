import Synchronization

/// The temporary files rwview has open, in a table the signal handler can read.
///
/// A fixed number of slots, each a path buffer and an atomic state (0 free, 1 claimed, 2
/// armed), allocated once before any handler is installed. A writer claims a slot, copies the
/// path in, arms it, creates the file; on success or failure it frees the slot. The handler
/// `unlink`s the path of every armed slot (async-signal-safe, no allocation).
enum TemporaryFiles {
  /// Slots in the table (writers beyond this many at once are not cleaned up on a signal).
  static let capacity = 32
  /// Bytes per path (PATH_MAX).
  static let pathBytes = 4096

  nonisolated(unsafe) private static let states: UnsafeMutablePointer<Atomic<Int>> = {
    let p = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: capacity)
    for i in 0..<capacity { (p + i).initialize(to: Atomic(0)) }
    return p
  }()
  nonisolated(unsafe) private static let paths: UnsafeMutablePointer<CChar> = {
    let p = UnsafeMutablePointer<CChar>.allocate(capacity: capacity * pathBytes)
    p.initialize(repeating: 0, count: capacity * pathBytes)
    return p
  }()

  /// Allocates the table (call before installing handlers).
  static func prepare() {
    _ = states
    _ = paths
  }

  /// Arms a slot with `path` (before the file is created); nil if the table is full or the
  /// path too long (the file is then still written, just not removed on a signal).
  static func arm(_ path: String) -> Int? {
    let bytes = Array(path.utf8)
    guard bytes.count < pathBytes, !bytes.contains(0) else { return nil }
    for i in 0..<capacity {
      guard states[i].compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged
      else { continue }
      let dst = paths + i * pathBytes
      for (k, b) in bytes.enumerated() { dst[k] = CChar(bitPattern: b) }
      dst[bytes.count] = 0
      states[i].store(2, ordering: .releasing)
      return i
    }
    return nil
  }

  /// Frees a slot (after the file was renamed or removed).
  static func disarm(_ slot: Int?) {
    guard let slot else { return }
    states[slot].store(0, ordering: .releasing)
  }

  /// Removes every armed file (from the signal handler).
  static func removeAllAsyncSafe() {
    for i in 0..<capacity where states[i].load(ordering: .acquiring) == 2 {
      Libc.unlink(UnsafePointer(paths + i * pathBytes))
    }
  }

  /// The armed paths (for tests).
  static var armed: [String] {
    (0..<capacity).compactMap { i in
      states[i].load(ordering: .acquiring) == 2 ? String(cString: paths + i * pathBytes) : nil
    }
  }
}
