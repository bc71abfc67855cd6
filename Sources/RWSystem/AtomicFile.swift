/// A file written atomically: checked by `OutputGuard`, written to a temporary file in the same
/// folder, synced, then renamed over the destination.
///
/// The temporary file is named `.rwview-tmp-XXXXXX-<name>` (hidden, obviously rwview's) and is
/// removed when anything fails (no space, a file-size limit, a permission error) and on every
/// catchable signal (`Signals`), so a failed or interrupted write leaves the old file as it was
/// and nothing beside it. Readers never see a half-written file. A replaced file keeps its
/// permission bits; a new one gets 0666 less the umask.
public final class AtomicFile {
  /// The destination as checked.
  public let destination: OutputGuard.Destination
  /// The temporary file being written.
  public let temporaryPath: String
  private var fd: Int32
  private let slot: Int?
  private var finished = false

  /// Checks `path` (see `OutputGuard`) and creates the temporary file beside its target.
  public init(path: String, protecting: [String] = []) throws(SystemError) {
    let dest = try OutputGuard.check(path, protecting: protecting)
    destination = dest
    Signals.install()
    let dir = OutputGuard.folder(of: dest.target)
    // NAME_MAX is 255 bytes: keep the tail of long names.
    var name = OutputGuard.name(of: dest.target)
    while name.utf8.count > 220 { name.removeFirst() }
    var attempt = 0
    while true {
      let tag = String(UInt64.random(in: 0..<(1 << 40)), radix: 36)
      let tmp = (dir == "/" ? "" : dir) + "/.rwview-tmp-" + tag + "-" + name
      let slot = TemporaryFiles.arm(tmp)
      let (fd, code) = Libc.createExclusive(tmp, mode: 0o666)
      if fd >= 0 {
        temporaryPath = tmp
        self.fd = fd
        self.slot = slot
        if let mode = dest.permissions { Libc.fchmod(fd, mode) }
        return
      }
      TemporaryFiles.disarm(slot)
      attempt += 1
      if code != Libc.eexist || attempt >= 100 {
        throw SystemError(path: path, "cannot create a file in \(dir)", code: code)
      }
    }
  }

  deinit { discard() }

  /// Appends `bytes`; on failure the temporary file is removed and the error thrown.
  public func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
    guard !finished else { throw SystemError(path: destination.path, problem: "already closed") }
    guard let base = bytes.baseAddress else { return }
    var done = 0
    while done < bytes.count {
      let (n, code) = Libc.write(fd, base + done, min(bytes.count - done, 1 << 30))
      if n < 0 { throw fail("cannot write", code) }
      if n == 0 { throw fail("cannot write", Libc.eagain) }
      done += n
    }
  }

  /// Appends `bytes`.
  public func write(_ bytes: [UInt8]) throws(SystemError) {
    var failure: SystemError?
    bytes.withUnsafeBytes { b in
      do throws(SystemError) { try write(b) } catch { failure = error }
    }
    if let failure { throw failure }
  }

  /// Syncs, closes and renames the temporary file over the destination.
  public func commit() throws(SystemError) {
    guard !finished else { return }
    try syncAndClose()
    let renameCode = Libc.rename(temporaryPath, destination.target)
    if renameCode != 0 { throw fail("cannot replace the file", renameCode) }
    finished = true
    TemporaryFiles.disarm(slot)
  }

  /// Syncs and closes the temporary file, then gives it the first name of `names(1)`,
  /// `names(2)`, … (up to `limit`) that no file has yet: never replaces a file, even one
  /// created meanwhile by another process (`link(2)` fails rather than replace). The names
  /// must lie in the destination's folder (`names(1)` is normally the destination). Returns
  /// the path written.
  public func commitNew(limit: Int = 9999, _ names: (Int) -> String) throws(SystemError)
    -> String
  {
    precondition(!finished, "committed twice")
    try syncAndClose()
    for n in 1...max(1, limit) {
      let path = names(n)
      let target = n == 1 ? destination.target : path
      var code = Libc.link(temporaryPath, target)
      if code == Libc.eperm {
        // A file system without hard links: rename unless the name is taken (not atomic).
        let (st, _) = Libc.status(target, followLinks: false)
        code = st != nil ? Libc.eexist : Libc.rename(temporaryPath, target)
        if code == 0 {
          finished = true
          TemporaryFiles.disarm(slot)
          return path
        }
      }
      if code == Libc.eexist { continue }
      if code != 0 { throw fail("cannot create the file", code) }
      finished = true
      Libc.unlink(temporaryPath)
      TemporaryFiles.disarm(slot)
      return path
    }
    let error = SystemError(
      path: names(1), problem: "\(limit) files of this name exist already; none replaced")
    discard()
    throw error
  }

  private func syncAndClose() throws(SystemError) {
    let syncCode = Libc.fsync(fd)
    if syncCode != 0 && syncCode != Libc.einval && syncCode != Libc.erofs {
      throw fail("cannot write", syncCode)
    }
    let closeCode = Libc.close(fd)
    fd = -1
    if closeCode != 0 { throw fail("cannot write", closeCode) }
  }

  /// Removes the temporary file (nothing is written).
  public func discard() {
    guard !finished else { return }
    finished = true
    if fd >= 0 { _ = Libc.close(fd) }
    fd = -1
    Libc.unlink(temporaryPath)
    TemporaryFiles.disarm(slot)
  }

  private func fail(_ what: String, _ code: Int32) -> SystemError {
    discard()
    return SystemError(path: destination.path, "\(what)", code: code)
  }

  /// Writes `bytes` to `path` atomically unless the guard refuses it.
  public static func write(_ bytes: [UInt8], to path: String, protecting: [String] = [])
    throws(SystemError)
  {
    let file = try AtomicFile(path: path, protecting: protecting)
    try file.write(bytes)
    try file.commit()
  }

  /// Writes `bytes` atomically to the first free name of `names(1)`, `names(2)`, … (see
  /// `commitNew`) unless the guard refuses `names(1)`; returns the path written.
  public static func writeNew(
    _ bytes: [UInt8], protecting: [String] = [], _ names: (Int) -> String
  ) throws(SystemError) -> String {
    let file = try AtomicFile(path: names(1), protecting: protecting)
    try file.write(bytes)
    return try file.commitNew(names)
  }

  /// Writes UTF-8 text to `path` atomically unless the guard refuses it.
  public static func write(_ text: String, to path: String, protecting: [String] = [])
    throws(SystemError)
  {
    try write(Array(text.utf8), to: path, protecting: protecting)
  }
}
