#if canImport(Glibc)
import Glibc
#endif

/// Transparent huge pages for large, freshly allocated buffers.
///
/// A whole-volume buffer (tens to hundreds of MB) is first touched by the transform or the map
/// writer; with 4 KB pages that costs one page fault per 4 KB, a large share of a pass that
/// is otherwise memory-bound. On Linux with THP in `madvise` mode, advising the buffer's
/// 2 MB-aligned interior lets the kernel back it with 2 MB pages (numpy does the same for its
/// large arrays). Only a hint: a no-op elsewhere, and harmless if refused.
enum HugePages {
  /// Buffers smaller than this are left alone.
  static let threshold = 4 << 20

  /// Advises the interior of `buffer` (not yet touched) to use huge pages.
  static func advise<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
    #if os(Linux) && canImport(Glibc)
    guard let base = buffer.baseAddress else { return }
    let bytes = buffer.count * MemoryLayout<T>.stride
    guard bytes >= threshold else { return }
    let huge = 2 << 20
    let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
    let end = (Int(bitPattern: base) + bytes) & ~(huge - 1)
    guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
    _ = madvise(p, end - start, MADV_HUGEPAGE)
    #endif
  }

  /// A new array of `count` elements, not zero-filled: `fill` must initialise every element.
  static func array<T>(count: Int, _ fill: (UnsafeMutableBufferPointer<T>) throws -> Void) rethrows -> [T] {
    try [T](unsafeUninitializedCapacity: count) { buf, initialized in
      advise(buf)
      try fill(buf)
      initialized = count
    }
  }
}
