import Dispatch
import Synchronization

/// Faulting in a fresh buffer on another core while a serial writer fills it.
///
/// A single-threaded writer into fresh memory (inflating a gzip stream into a volume) spends
/// much of its time in the kernel zeroing the pages it touches. A helper thread that populates
/// the pages ahead of it (`MADV_POPULATE_WRITE`, which never changes a page already present, so
/// it cannot race with the writer's data) moves that zeroing to the other core. Only on Linux,
/// with more than one core, for buffers of at least `threshold` bytes; otherwise `body` just runs.
public enum Prefault {
  /// Buffers smaller than this are filled without a helper.
  public static let threshold = 16 << 20

  /// Bytes populated per call (the helper stops between calls once `body` is done).
  static let step = 8 << 20

  /// Runs `body` (which fills `[p, p + count)` front to back) while a helper thread populates
  /// the same range; returns when both are done.
  public static func whileFilling<R, E: Error>(
    _ p: UnsafeMutableRawPointer, count: Int, _ body: () throws(E) -> R
  ) throws(E) -> R {
    #if os(Linux)
      guard count >= threshold, Libc.cores > 1 else { return try body() }
      let state = HelperState()
      let start = UInt(bitPattern: p)
      DispatchQueue.global().async {
        // Page-aligned steps from the buffer's first whole page.
        let page = UInt(Libc.pageSize)
        var at = (start + page - 1) & ~(page - 1)
        let end = (start + UInt(count)) & ~(page - 1)
        while at < end && !state.done.load(ordering: .acquiring) {
          let n = min(UInt(step), end - at)
          guard let q = UnsafeMutableRawPointer(bitPattern: at),
            Libc.populateWritable(q, Int(n))
          else { break }
          at += n
        }
        state.finished.signal()
      }
      defer {
        state.done.store(true, ordering: .releasing)
        state.finished.wait()
      }
      return try body()
    #else
      return try body()
    #endif
  }

  /// The stop flag and the helper's completion.
  final class HelperState: Sendable {
    let done = Atomic<Bool>(false)
    let finished = DispatchSemaphore(value: 0)
  }
}
