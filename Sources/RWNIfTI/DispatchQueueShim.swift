import Dispatch

/// The one place RWNIfTI uses Dispatch.
enum DispatchQueueShim {
  static func concurrentPerform(iterations: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { b in
      // Callers give each iteration a disjoint range of one buffer, so sharing is safe.
      let box = UncheckedBox(value: b)
      DispatchQueue.concurrentPerform(iterations: iterations) { box.value($0) }
    }
  }
}

/// Carries a non-Sendable value into concurrent iterations that use it safely (disjoint writes).
/// `@unchecked Sendable`: the iterations write disjoint indices, which the compiler cannot see.
struct UncheckedBox<T>: @unchecked Sendable {
  let value: T
}

/// Splitting loops across cores.
enum Parallel {
  /// Runs `body` over `0..<n` in contiguous ranges, on all cores when `n` is large.
  static func chunks(_ n: Int, _ body: (Range<Int>) -> Void) {
    let parts = n >= 1 << 20 ? 8 : 1
    if parts == 1 {
      body(0..<n)
      return
    }
    let size = (n + parts - 1) / parts
    DispatchQueueShim.concurrentPerform(iterations: parts) { k in
      let lo = k * size
      body(lo..<Swift.min(n, lo + size))
    }
  }
}
