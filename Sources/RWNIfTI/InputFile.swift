import RWSystem

/// A NIfTI input file: RWSystem's `ReadableFile` (regular files only, recorded as an input,
/// read with `pread`, never mapped) with the reader's one-line `HeaderProblem`s.
final class InputFile {
  private let file: ReadableFile

  /// The path as the user gave it.
  var path: String { file.path }
  /// Size in bytes at open time.
  var size: Int { file.size }

  /// Opens `path` for reading; throws a one-line problem (the caller adds the path).
  init(path: String) throws(HeaderProblem) {
    do { file = try ReadableFile(path: path) } catch { throw HeaderProblem(error.problem) }
  }

  /// Reads up to `count` bytes at `offset` into `dst`; returns the bytes read (fewer only at
  /// end of file).
  func read(into dst: UnsafeMutableRawPointer, count: Int, offset: Int) throws(HeaderProblem)
    -> Int
  {
    do { return try file.read(into: dst, count: count, offset: offset) } catch {
      throw HeaderProblem(error.problem)
    }
  }

  /// `read(into:count:offset:)` split over the cores for large blocks (page-cache copies and
  /// page faults then proceed in parallel); returns the bytes read.
  func readParallel(into dst: UnsafeMutableRawPointer, count: Int, offset: Int)
    throws(HeaderProblem)
    -> Int
  {
    let parts = count >= 8 << 20 ? 4 : 1
    if parts == 1 { return try read(into: dst, count: count, offset: offset) }
    let size = (count / parts + 4095) & ~4095
    let results = UncheckedBox(value: UnsafeMutableBufferPointer<Int>.allocate(capacity: parts))
    defer { results.value.deallocate() }
    let failure = UncheckedBox(value: UnsafeMutablePointer<HeaderProblem?>.allocate(capacity: 1))
    failure.value.initialize(to: nil)
    defer { failure.value.deallocate() }
    let target = UncheckedBox(value: dst)
    DispatchQueueShim.concurrentPerform(iterations: parts) { k in
      let lo = Swift.min(count, k * size)
      let hi = Swift.min(count, lo + size)
      do throws(HeaderProblem) {
        let n = try self.read(into: target.value + lo, count: hi - lo, offset: offset + lo)
        results.value[k] = n == hi - lo ? n : -1
      } catch {
        results.value[k] = -2
        if k == 0 || failure.value.pointee == nil { failure.value.pointee = error }
      }
    }
    if results.value.contains(-2) { throw failure.value.pointee ?? HeaderProblem("read error") }
    if results.value.contains(-1) {
      // Short somewhere: count what a sequential read gets, for the error message.
      return try read(into: dst, count: count, offset: offset)
    }
    return count
  }

  /// Reads up to `count` bytes at `offset` into a new array.
  func bytes(offset: Int, count: Int) throws(HeaderProblem) -> [UInt8] {
    do { return try file.bytes(offset: offset, count: count) } catch {
      throw HeaderProblem(error.problem)
    }
  }

  /// The whole file (a compressed stream) in memory: read, not mapped, so a file that shrinks
  /// meanwhile is a clean error instead of a SIGBUS. Checked against the memory budget.
  func contents() throws(HeaderProblem) -> CompressedBytes {
    do {
      try MemoryBudget.check(size, for: "reading the compressed file")
    } catch {
      throw HeaderProblem(error.description)
    }
    let buffer = CompressedBytes(count: size)
    let got = try readParallel(into: buffer.base, count: size, offset: 0)
    if got < size {
      throw HeaderProblem(
        "the file shrank while it was read (\(got) of \(size) bytes); is another program "
          + "rewriting it?")
    }
    return buffer
  }
}

/// A compressed stream read into memory, freed when released.
final class CompressedBytes {
  let base: UnsafeMutableRawPointer
  let count: Int

  init(count: Int) {
    self.count = count
    base = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1), alignment: 64)
  }

  deinit { base.deallocate() }

  /// The bytes.
  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}
