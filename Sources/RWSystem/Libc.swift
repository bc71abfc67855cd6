#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Every libc call of rwview's file, process and memory handling (the one C funnel of RWSystem).
///
/// Thin wrappers, each returning what the call returned together with `errno` read at once, so
/// callers never see a later call's `errno`. Only async-signal-safe calls are used by the signal
/// handler (`unlink`, `write`, `sigaction`, `raise`, `tcsetattr` in RWTerminal).
enum Libc {
  // MARK: errors

  /// `strerror(code)`.
  static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

  static let enoent = ENOENT
  static let eexist = EEXIST
  static let eperm = EPERM
  static let eintr = EINTR
  static let einval = EINVAL
  static let erofs = EROFS
  static let eagain = EAGAIN
  static let sigxfsz = SIGXFSZ
  static let sigint = SIGINT

  // MARK: file status

  /// `stat(2)` (following links) or `lstat(2)`; nil and errno on failure.
  static func status(_ path: String, followLinks: Bool = true) -> (FileStatus?, Int32) {
    var st = stat()
    let rc = followLinks ? stat(path, &st) : lstat(path, &st)
    return rc == 0 ? (FileStatus(st), 0) : (nil, errno)
  }

  /// `fstat(2)`.
  static func status(fd: Int32) -> (FileStatus?, Int32) {
    var st = stat()
    return fstat(fd, &st) == 0 ? (FileStatus(st), 0) : (nil, errno)
  }

  /// `realpath(3)`.
  static func realPath(_ path: String) -> String? {
    guard let r = realpath(path, nil) else { return nil }
    defer { free(r) }
    return String(cString: r)
  }

  // MARK: descriptors

  /// Opens for reading without blocking on FIFOs or devices and without taking a controlling
  /// terminal; the descriptor is then switched back to blocking reads.
  static func openForReading(_ path: String) -> (Int32, Int32) {
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
    if fd < 0 { return (fd, errno) }
    let flags = fcntl(fd, F_GETFL)
    if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
    return (fd, 0)
  }

  /// Creates a new file exclusively (`O_CREAT | O_EXCL`), write-only, with `mode` less the umask.
  static func createExclusive(_ path: String, mode: UInt32) -> (Int32, Int32) {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC, mode_t(mode))
    return (fd, fd < 0 ? errno : 0)
  }

  static func close(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
      return Glibc.close(fd) == 0 ? 0 : errno
    #else
      return Darwin.close(fd) == 0 ? 0 : errno
    #endif
  }

  /// `pread(2)`, retried on EINTR.
  static func pread(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int, _ offset: Int) -> (
    Int, Int32
  ) {
    while true {
      #if canImport(Glibc)
        let r = Glibc.pread(fd, p, n, off_t(offset))
      #else
        let r = Darwin.pread(fd, p, n, off_t(offset))
      #endif
      if r >= 0 { return (r, 0) }
      let e = errno
      if e != EINTR { return (r, e) }
    }
  }

  /// `write(2)`, retried on EINTR.
  static func write(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> (Int, Int32) {
    while true {
      #if canImport(Glibc)
        let r = Glibc.write(fd, p, n)
      #else
        let r = Darwin.write(fd, p, n)
      #endif
      if r >= 0 { return (r, 0) }
      let e = errno
      if e != EINTR { return (r, e) }
    }
  }

  /// One `write(2)` for the signal handler: no retry, no errno.
  @inline(__always) static func writeOnce(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
      return Glibc.write(fd, p, n)
    #else
      return Darwin.write(fd, p, n)
    #endif
  }

  static func fsync(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
      return Glibc.fsync(fd) == 0 ? 0 : errno
    #else
      return Darwin.fsync(fd) == 0 ? 0 : errno
    #endif
  }

  static func fchmod(_ fd: Int32, _ mode: UInt32) { _ = Glibc.fchmod(fd, mode_t(mode)) }

  static func rename(_ from: String, _ to: String) -> Int32 {
    Glibc.rename(from, to) == 0 ? 0 : errno
  }

  static func unlink(_ path: String) { _ = Glibc.unlink(path) }

  /// `link(2)`: a second name for a file; fails with EEXIST rather than replace `to`.
  static func link(_ from: String, _ to: String) -> Int32 {
    Glibc.link(from, to) == 0 ? 0 : errno
  }

  /// `unlink(2)` of a NUL-terminated path (async-signal-safe).
  @inline(__always) static func unlink(_ path: UnsafePointer<CChar>) { _ = Glibc.unlink(path) }

  static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

  /// Opens /dev/null on each closed descriptor 0–2, the wrong way round (read-only for 1 and
  /// 2, write-only for 0), so I/O on them fails with EBADF as before but a later `open` cannot
  /// take their number.
  static func holdClosedStandardDescriptors() {
    for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) < 0 && errno == EBADF {
      let got = open("/dev/null", (fd == 0 ? O_WRONLY : O_RDONLY) | O_CLOEXEC)
      if got >= 0 && got != fd {
        _ = dup2(got, fd)
        _ = Glibc.close(got)
      }
    }
  }

  // MARK: memory

  static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

  /// Cores online.
  static let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

  /// `madvise(MADV_HUGEPAGE)` (Linux only; a hint).
  static func adviseHugePages(_ p: UnsafeMutableRawPointer, _ count: Int) {
    #if os(Linux)
      _ = madvise(p, count, MADV_HUGEPAGE)
    #endif
  }

  /// `madvise(MADV_POPULATE_WRITE)` (Linux 5.14+): faults the pages in, writable, without
  /// touching their contents (a page already present is left as it is). False when refused.
  static func populateWritable(_ p: UnsafeMutableRawPointer, _ count: Int) -> Bool {
    #if os(Linux)
      return madvise(p, count, 23) == 0  // MADV_POPULATE_WRITE
    #else
      return false
    #endif
  }

  static func move(_ dst: UnsafeMutableRawPointer, _ src: UnsafeRawPointer, _ count: Int) {
    _ = memmove(dst, src, count)
  }

  // MARK: process

  static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

  static func setEnvironment(_ name: String, _ value: String) { _ = setenv(name, value, 1) }

  /// Replaces the process image with `path` and `arguments` (returns only on failure).
  static func exec(_ path: String, _ arguments: [String]) {
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    _ = execv(path, &argv)
    for p in argv { free(p) }
  }

  static func processID() -> Int32 { getpid() }

  /// Resident set size of this process in bytes (from /proc/self/statm), nil if unknown.
  static func residentBytes() -> Int? {
    guard let text = readSmallFile("/proc/self/statm") else { return nil }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
    return pages * pageSize
  }

  /// A small text file of the kernel (`/proc/...`), nil if it cannot be read.
  static func readSmallFile(_ path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { _ = close(fd) }
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 4096)
    while bytes.count < 1 << 20 {
      let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      bytes += buf[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  // MARK: signals

  /// The signal handler type (`SA_SIGINFO`).
  typealias SignalHandler =
    @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void

  /// Storage for one saved signal action.
  typealias SavedAction = sigaction

  /// Saves the current action of `sig` into `into`.
  static func saveAction(_ sig: Int32, into: UnsafeMutablePointer<sigaction>) {
    _ = sigaction(sig, nil, into)
  }

  /// Puts back a saved action (async-signal-safe).
  @inline(__always) static func restoreAction(_ sig: Int32, _ saved: UnsafePointer<sigaction>) {
    _ = sigaction(sig, saved, nil)
  }

  /// Whether a saved action is "ignore".
  static func isIgnored(_ saved: UnsafePointer<sigaction>) -> Bool {
    #if canImport(Glibc)
      let handler = saved.pointee.__sigaction_handler.sa_handler
    #else
      let handler = saved.pointee.__sigaction_u.__sa_handler
    #endif
    let ign = unsafeBitCast(SIG_IGN, to: Int.self)
    return saved.pointee.sa_flags & SA_SIGINFO == 0 && unsafeBitCast(handler, to: Int.self) == ign
  }

  /// Installs `handler` for `sig` with every signal of `sig`'s group blocked while it runs,
  /// on the alternate stack if one is set.
  static func install(_ sig: Int32, _ handler: SignalHandler) {
    var sa = sigaction()
    #if canImport(Glibc)
      sa.__sigaction_handler.sa_sigaction = handler
    #else
      sa.__sigaction_u.__sa_sigaction = handler
    #endif
    sigemptyset(&sa.sa_mask)
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK
    _ = sigaction(sig, &sa, nil)
  }

  /// Sets `sig` to its default action (async-signal-safe).
  @inline(__always) static func setDefault(_ sig: Int32) {
    var sa = sigaction()
    #if canImport(Glibc)
      sa.__sigaction_handler.sa_handler = SIG_DFL
    #else
      sa.__sigaction_u.__sa_handler = SIG_DFL
    #endif
    sigemptyset(&sa.sa_mask)
    sa.sa_flags = 0
    _ = sigaction(sig, &sa, nil)
  }

  /// Sets `sig` to be ignored.
  static func ignore(_ sig: Int32) { _ = signal(sig, SIG_IGN) }

  /// `raise(3)` (async-signal-safe).
  @inline(__always) static func raise(_ sig: Int32) { _ = Glibc.raise(sig) }

  /// `kill(getpid(), sig)`: a process-directed signal, as `kill` from a shell sends.
  static func signalSelf(_ sig: Int32) { _ = kill(getpid(), sig) }

  /// `si_code` of a delivered signal: ≤ 0 when another process (or `raise`/`kill`) sent it,
  /// > 0 when the kernel raised it for a fault.
  @inline(__always) static func signalCode(_ info: UnsafeMutablePointer<siginfo_t>?) -> Int32 {
    info?.pointee.si_code ?? 0
  }

  /// The signals whose default action ends the process, in number order (SIGKILL excepted:
  /// it cannot be caught). Real-time signals are included.
  static let terminatingSignals: [Int32] = {
    var s: [Int32] = [
      SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGUSR1, SIGSEGV,
      SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGSYS,
    ]
    #if os(Linux)
      s += [SIGSTKFLT, SIGIO, SIGPWR]
      s += Array(__libc_current_sigrtmin()...__libc_current_sigrtmax())
    #endif
    return s.sorted()
  }()

  /// Whether the kernel raises `sig` for faults of the running code (a switch: no tables, so
  /// the signal handler can call it).
  @inline(__always) static func isFault(_ sig: Int32) -> Bool {
    switch sig {
    case SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS: return true
    default: return false
    }
  }

  /// Unblocks `sig` for the calling thread.
  static func unblock(_ sig: Int32) {
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, sig)
    _ = pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  /// `_exit(2)`.
  static func exitNow(_ code: Int32) -> Never { _exit(code) }

  /// The largest signal number + 1.
  static let signalLimit = 65

  /// Signal numbers by name, for messages.
  static func signalName(_ sig: Int32) -> String {
    let names: [Int32: String] = [
      SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL",
      SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE",
      SIGUSR1: "SIGUSR1", SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE",
      SIGALRM: "SIGALRM", SIGTERM: "SIGTERM", SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ",
      SIGVTALRM: "SIGVTALRM", SIGPROF: "SIGPROF", SIGSYS: "SIGSYS",
    ]
    return names[sig] ?? "signal \(sig)"
  }

  // MARK: resource limits

  /// Sets the soft limit on the size of files this process writes (`RLIMIT_FSIZE`).
  static func setFileSizeLimit(_ bytes: Int) -> Bool {
    var rl = rlimit()
    guard getrlimit(Int32(RLIMIT_FSIZE.rawValue), &rl) == 0 else { return false }
    rl.rlim_cur = rlim_t(bytes)
    return setrlimit(Int32(RLIMIT_FSIZE.rawValue), &rl) == 0
  }
}

/// What `stat(2)` says about a file.
public struct FileStatus: Sendable, Equatable {
  /// The kind of file.
  public enum Kind: String, Sendable {
    case regular = "a regular file"
    case directory = "a directory"
    case fifo = "a FIFO (named pipe)"
    case characterDevice = "a character device"
    case blockDevice = "a block device"
    case socket = "a socket"
    case symbolicLink = "a symbolic link"
    case other = "not a regular file"
  }

  public var kind: Kind
  /// Size in bytes.
  public var size: Int
  /// Device and inode: the file's identity, whatever path names it.
  public var id: FileID
  /// Permission bits.
  public var permissions: UInt32
  /// Number of hard links.
  public var links: Int

  init(_ st: stat) {
    switch st.st_mode & S_IFMT {
    case S_IFREG: kind = .regular
    case S_IFDIR: kind = .directory
    case S_IFIFO: kind = .fifo
    case S_IFCHR: kind = .characterDevice
    case S_IFBLK: kind = .blockDevice
    case S_IFSOCK: kind = .socket
    case S_IFLNK: kind = .symbolicLink
    default: kind = .other
    }
    size = Int(st.st_size)
    id = FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    permissions = UInt32(st.st_mode) & 0o7777
    links = Int(st.st_nlink)
  }
}

/// A file's identity: device and inode numbers (the same for every path, link or hard link
/// that names the file).
public struct FileID: Hashable, Sendable {
  public var device: UInt64
  public var inode: UInt64
}
