import Foundation

/// Files that cannot be opened for reading, even by root (the tests run as root here): a
/// write-only `/proc/sys` file refuses every reader with EACCES, whoever it is.
public enum Unreadable {
  /// A file that refuses readers with "Permission denied" for every user.
  static let writeOnly = "/proc/sys/vm/compact_memory"

  /// True when `make(_:)` can work here: a normal user (chmod 0 suffices) or root on Linux
  /// with the write-only proc file.
  public static var possible: Bool {
    if getuid() != 0 { return true }
    let fd = open(writeOnly, O_RDONLY)
    if fd >= 0 { close(fd) }
    return fd < 0 && errno == EACCES
  }

  /// Makes the file at `path` unreadable: mode 0 for a normal user; for root, the file is
  /// replaced by a link to the write-only proc file.
  public static func make(_ path: String) {
    if getuid() != 0 {
      chmod(path, 0)
      return
    }
    unlink(path)
    symlink(writeOnly, path)
  }
}

/// Folders in which nobody may create a file, root included.
public enum Unwritable {
  /// For root: a sysfs folder refuses new files with EACCES.
  public static let rootFolder = "/sys/kernel"

  /// True when a folder without write permission can be had here: a normal user (chmod), or
  /// root with `rootFolder` refusing a new file with EACCES.
  public static var possible: Bool {
    if getuid() != 0 { return true }
    let probe = rootFolder + "/.rwview-probe-\(getpid())"
    let fd = open(probe, O_CREAT | O_WRONLY | O_EXCL, 0o600)
    if fd >= 0 {
      close(fd)
      unlink(probe)
      return false
    }
    return errno == EACCES
  }
}
