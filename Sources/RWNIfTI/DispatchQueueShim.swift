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
struct UncheckedBox<T>: @unchecked Sendable {
  let value: T
}
