/// A raw pointer handed to `concurrentPerform` workers that write disjoint ranges.
///
/// `@unchecked Sendable` is justified because every user partitions the indices it touches
/// between workers, and the buffer outlives the parallel section.
struct SendablePointer<T>: @unchecked Sendable {
  let p: UnsafeMutablePointer<T>
  init(_ p: UnsafeMutablePointer<T>) { self.p = p }
  init(_ p: UnsafePointer<T>) { self.p = UnsafeMutablePointer(mutating: p) }
  @inline(__always) subscript(i: Int) -> T {
    get { p[i] }
    nonmutating set { p[i] = newValue }
  }
}
