#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An export that could not be written; `description` is one line naming the file and the problem.
public struct AtomicFileError: Error, CustomStringConvertible, Equatable, Sendable {
  public let path: String
  public let reason: String
  public var description: String { "rwview: cannot write '\(path)': \(reason)" }
}

/// Writes whole files atomically: a temporary file in the same directory, then `rename(2)`.
///
/// Readers never see a half-written file, a failed write leaves any old file untouched, and
/// the viewer's input files are refused as destinations (checked by path and by inode, so a
/// hard link or symlink to an input is refused too).
public enum AtomicFile {
  /// Writes `bytes` to `path` unless it is one of `inputs`.
  public static func write(_ bytes: [UInt8], to path: String, protecting inputs: [String] = []) throws(AtomicFileError) {
    func fail(_ reason: String) -> AtomicFileError { AtomicFileError(path: path, reason: reason) }
    guard !path.isEmpty else { throw fail("empty path") }
    if isSameFile(path, asAnyOf: inputs) { throw fail("it is one of the input files") }
    var st = stat()
    if stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { throw fail("it is a directory") }

    let slash = path.lastIndex(of: "/")
    let dir = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    var tmp = ""
    var fd: Int32 = -1
    for attempt in 0..<100 {
      tmp = dir + "/." + name + ".tmp-\(getpid())-\(attempt)"
      fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
      if fd >= 0 || errno != EEXIST { break }
    }
    guard fd >= 0 else { throw fail(errnoText()) }
    var ok = true
    var reason = ""
    bytes.withUnsafeBytes { buf in
      var off = 0
      while off < buf.count {
        let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
        if n < 0 {
          if errno == EINTR { continue }
          ok = false
          reason = errnoText()
          return
        }
        off += n
      }
    }
    if ok && fsync(fd) != 0 && errno != EINVAL && errno != EROFS {
      ok = false
      reason = errnoText()
    }
    if close(fd) != 0 && ok {
      ok = false
      reason = errnoText()
    }
    if ok && rename(tmp, path) != 0 {
      ok = false
      reason = errnoText()
    }
    if !ok {
      unlink(tmp)
      throw fail(reason)
    }
  }

  /// Writes UTF-8 text to `path` unless it is one of `inputs`.
  public static func write(_ text: String, to path: String, protecting inputs: [String] = []) throws(AtomicFileError) {
    try write(Array(text.utf8), to: path, protecting: inputs)
  }

  /// Whether `path` names the same file as any of `others` (same resolved path, or same device
  /// and inode when both exist).
  public static func isSameFile(_ path: String, asAnyOf others: [String]) -> Bool {
    guard !others.isEmpty else { return false }
    let target = resolved(path)
    var st = stat()
    let exists = stat(path, &st) == 0
    for other in others {
      if resolved(other) == target { return true }
      var so = stat()
      if exists && stat(other, &so) == 0 && so.st_dev == st.st_dev && so.st_ino == st.st_ino {
        return true
      }
    }
    return false
  }

  /// The canonical path of `path`, resolving its directory when the file does not exist yet.
  static func resolved(_ path: String) -> String {
    if let r = realpath(path, nil) {
      defer { free(r) }
      return String(cString: r)
    }
    let slash = path.lastIndex(of: "/")
    let dir = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    if let r = realpath(dir, nil) {
      defer { free(r) }
      let d = String(cString: r)
      return (d == "/" ? "" : d) + "/" + name
    }
    return path
  }

  static func errnoText() -> String { String(cString: strerror(errno)) }
}
