import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The loss core's one fan-out of work over the cores.
///
/// Every parallel pass (transforms, map channels, reductions, the descent simulator) splits
/// its items into contiguous ranges through here and returns when all are done. Callers keep
/// their workers' writes disjoint or merge per-worker partials under a `Mutex`.
enum WorkerPool {
  /// Cores online.
  static let cores: Int = {
    #if canImport(Glibc)
      return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    #elseif canImport(Darwin)
      return max(1, Int(sysconf(_SC_NPROCESSORS_ONLN)))
    #else
      return 2
    #endif
  }()

  /// The number of workers for `items` items: up to `perCore` per core (more workers than
  /// cores balance uneven items), one when not `parallel`.
  static func workers(_ items: Int, parallel: Bool = true, perCore: Int = 2) -> Int {
    parallel ? max(1, min(items, cores * perCore)) : 1
  }

  /// Runs `body(worker, range)` on contiguous ranges covering `0..<items`, one per worker
  /// (`workers(items, parallel:perCore:)` of them, numbered from 0).
  static func forEachRange(
    _ items: Int, parallel: Bool = true, perCore: Int = 2,
    _ body: @Sendable (_ worker: Int, _ range: Range<Int>) -> Void
  ) {
    guard items > 0 else { return }
    let n = workers(items, parallel: parallel, perCore: perCore)
    run(n) { w in
      let lo = items * w / n
      let hi = items * (w + 1) / n
      if lo < hi { body(w, lo..<hi) }
    }
  }

  /// Runs `body(chunk, range)` for chunks of `size` items covering `0..<items`.
  static func forEachChunk(
    _ items: Int, size: Int, _ body: @Sendable (_ chunk: Int, _ range: Range<Int>) -> Void
  ) {
    guard items > 0 else { return }
    let size = max(1, size)
    run((items + size - 1) / size) { c in body(c, (c * size)..<min(items, (c + 1) * size)) }
  }

  /// Runs `body(0..<count)` on the cores, inline when there is one.
  private static func run(_ count: Int, _ body: @Sendable (Int) -> Void) {
    if count == 1 {
      body(0)
    } else {
      DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }
  }
}

/// Runs `body(planeRange)` over k-planes split across the cores (`WorkerPool`).
func parallelPlanes(_ nz: Int, parallel: Bool = true, _ body: @Sendable (Range<Int>) -> Void) {
  WorkerPool.forEachRange(nz, parallel: parallel) { _, r in body(r) }
}
