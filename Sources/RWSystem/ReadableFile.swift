/// A regular file opened for reading: the one way rwview opens its inputs.
///
/// Opening never blocks and never touches anything but a regular file: the path is checked
/// with `stat` first (after following links), so a FIFO, a device, a socket or a directory is
/// refused with one line before `open` is called; `open` itself uses `O_NONBLOCK` and the
/// opened descriptor is checked again with `fstat` (the path may have changed in between).
/// Every opened file is recorded in `InputFiles`, so that no writer can replace it.
///
/// Reads use `pread` into the caller's memory, never `mmap`: a file that shrinks while it is
/// read (a training job rewriting a prediction) gives a short read and a clean error, not a
/// SIGBUS.
/// `@unchecked Sendable`: its fields are immutable after `open`, and `pread` on the one
/// descriptor is safe from any thread (no shared file offset).
public final class ReadableFile: @unchecked Sendable {
  /// The path as the caller gave it.
  public let path: String
  /// Size in bytes when opened.
  public let size: Int
  /// Device and inode.
  public let id: FileID
  private let fd: Int32

  /// Opens `path`; throws a one-line `SystemError` naming the file and the problem.
  public init(path: String) throws(SystemError) {
    self.path = path
    let (before, code) = Libc.status(path)
    guard let before else { throw SystemError(path: path, "cannot open", code: code) }
    try Self.requireRegular(before, path: path)
    let (fd, openCode) = Libc.openForReading(path)
    guard fd >= 0 else { throw SystemError(path: path, "cannot open", code: openCode) }
    let (st, statCode) = Libc.status(fd: fd)
    guard let st else {
      _ = Libc.close(fd)
      throw SystemError(path: path, "cannot stat", code: statCode)
    }
    do throws(SystemError) {
      try Self.requireRegular(st, path: path)
    } catch {
      _ = Libc.close(fd)
      throw error
    }
    self.fd = fd
    size = st.size
    id = st.id
    InputFiles.record(st.id, path: path)
  }

  deinit { _ = Libc.close(fd) }

  /// Throws unless `st` is a regular file.
  static func requireRegular(_ st: FileStatus, path: String) throws(SystemError) {
    switch st.kind {
    case .regular: return
    case .directory: throw SystemError(path: path, problem: "is a directory, not a file")
    default: throw SystemError(path: path, problem: "is \(st.kind.rawValue), not a regular file")
    }
  }

  /// Reads up to `count` bytes at `offset` into `dst`; returns the bytes read (fewer only at
  /// the end of the file).
  public func read(into dst: UnsafeMutableRawPointer, count: Int, offset: Int) throws(SystemError)
    -> Int
  {
    var done = 0
    while done < count {
      let (n, code) = Libc.pread(fd, dst + done, min(count - done, 1 << 30), offset + done)
      if n < 0 { throw SystemError(path: path, "read error", code: code) }
      if n == 0 { break }
      done += n
    }
    return done
  }

  /// Up to `count` bytes at `offset` (fewer at the end of the file).
  public func bytes(offset: Int, count: Int) throws(SystemError) -> [UInt8] {
    let n = max(0, min(count, size - offset))
    guard n > 0 else { return [] }
    var failure: SystemError?
    let out = [UInt8](unsafeUninitializedCapacity: n) { buf, initialized in
      do throws(SystemError) {
        guard let base = buf.baseAddress else {
          initialized = 0
          return
        }
        initialized = try read(into: UnsafeMutableRawPointer(base), count: n, offset: offset)
      } catch {
        failure = error
        initialized = 0
      }
    }
    if let failure { throw failure }
    return out
  }

  /// The whole file as it was when opened; throws if it shrank meanwhile (so a file being
  /// rewritten is never half-read).
  public func contents() throws(SystemError) -> [UInt8] {
    let out = try bytes(offset: 0, count: size)
    if out.count < size {
      throw SystemError(
        path: path,
        problem: "the file shrank while it was read (\(out.count) of \(size) bytes); "
          + "is another program rewriting it?")
    }
    return out
  }

  /// The whole file at `path` (a regular file; recorded as an input).
  public static func contents(of path: String) throws(SystemError) -> [UInt8] {
    try ReadableFile(path: path).contents()
  }
}

/// Questions about paths that do not open them.
public enum FileSystem {
  /// `stat` of `path` after following links; nil when it does not exist or cannot be reached.
  public static func status(_ path: String) -> FileStatus? { Libc.status(path).0 }

  /// `lstat` of `path` (a link itself).
  public static func linkStatus(_ path: String) -> FileStatus? {
    Libc.status(path, followLinks: false).0
  }

  /// Whether something exists at `path` (after following links), readable or not.
  public static func exists(_ path: String) -> Bool { status(path) != nil }

  /// Whether `path` is a regular file (after following links).
  public static func isRegularFile(_ path: String) -> Bool { status(path)?.kind == .regular }

  /// Whether `path` is a directory (after following links).
  public static func isDirectory(_ path: String) -> Bool { status(path)?.kind == .directory }

  /// Whether `a` and `b` name the same existing file (same device and inode, so links and
  /// hard links count).
  public static func isSameFile(_ a: String, _ b: String) -> Bool {
    guard let x = status(a), let y = status(b) else { return false }
    return x.id == y.id
  }
}
