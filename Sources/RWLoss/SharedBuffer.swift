/// A buffer handed to parallel workers that read it or write disjoint indices.
///
/// Made only by `withShared`, `withSharedMutable` or `shared` inside the `withUnsafe…` scope that
/// owns the memory, and used only inside that scope; it never stores a pointer beyond it.
/// Indexing is bounds-checked in debug builds, and an empty buffer is fine (no `baseAddress!`).
///
/// `@unchecked Sendable` because the compiler cannot see that workers touch disjoint indices:
/// every user partitions them (or only reads).
struct SharedBuffer<T>: @unchecked Sendable {
  private let buffer: UnsafeMutableBufferPointer<T>

  init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }

  /// A read-only view (writing through it is a programming error).
  init(_ buffer: UnsafeBufferPointer<T>) {
    self.buffer = UnsafeMutableBufferPointer(mutating: buffer)
  }

  /// Number of elements.
  var count: Int { buffer.count }

  /// Element `i`.
  @inline(__always) subscript(i: Int) -> T {
    get { buffer[i] }
    nonmutating set { buffer[i] = newValue }
  }

  /// A pointer to element `i`, for kernels that take pointers; `i` must be an index.
  @inline(__always) func pointer(at i: Int) -> UnsafeMutablePointer<T> {
    precondition(i >= 0 && i < buffer.count, "index \(i) outside 0..<\(buffer.count)")
    return buffer.baseAddress.unsafelyUnwrapped + i
  }

  /// Elements `range` as a buffer, for kernels that take buffers.
  @inline(__always) func slice(_ range: Range<Int>) -> UnsafeMutableBufferPointer<T> {
    UnsafeMutableBufferPointer(rebasing: buffer[range])
  }
}

extension UnsafeMutableBufferPointer {
  /// This buffer for parallel workers (valid as long as this buffer is).
  var shared: SharedBuffer<Element> { SharedBuffer(self) }
}

extension UnsafeBufferPointer {
  /// This buffer for parallel readers (valid as long as this buffer is).
  var shared: SharedBuffer<Element> { SharedBuffer(self) }
}

extension Array {
  /// Runs `body` with the elements as a read-only `SharedBuffer`, valid only inside `body`.
  func withShared<R>(_ body: (SharedBuffer<Element>) throws -> R) rethrows -> R {
    try withUnsafeBufferPointer { try body(SharedBuffer($0)) }
  }

  /// Runs `body` with the elements as a writable `SharedBuffer`, valid only inside `body`.
  mutating func withSharedMutable<R>(_ body: (SharedBuffer<Element>) throws -> R) rethrows -> R {
    try withUnsafeMutableBufferPointer { try body(SharedBuffer($0)) }
  }
}
