/// The one check every writer makes before replacing a file.
///
/// A destination is refused when
/// - it is empty, ends in `/` or is a directory;
/// - it exists and is not a regular file after following links (a device such as /dev/null or
///   /dev/full, a FIFO, a socket, a link to any of these, or a dangling link): rwview replaces
///   files by renaming a temporary file over them, which would turn a device node or a FIFO
///   into a regular file, so it refuses instead of writing through (use a file, or `-o -` where
///   a command offers standard output);
/// - it is any file this process has read (`InputFiles`: found by case discovery, dataset.json,
///   a pair's `.img`...) or any of `protecting` (inputs named but perhaps not read yet), by
///   device and inode, so a symbolic or hard link to an input is refused too;
/// - its folder does not exist.
///
/// A symbolic link to a regular file is written through: the file it points to is replaced
/// (atomically, in that file's folder) and the link stays.
public enum OutputGuard {
  /// Where a checked destination will be written.
  public struct Destination: Sendable, Equatable {
    /// The path the user gave.
    public var path: String
    /// The file actually replaced (`path`, or the target of a link).
    public var target: String
    /// Permission bits of the file replaced, nil for a new file.
    public var permissions: UInt32?
  }

  /// Checks `path` as a destination; throws one line naming it and the problem.
  public static func check(_ path: String, protecting: [String] = []) throws(SystemError)
    -> Destination
  {
    func refuse(_ problem: String) -> SystemError { SystemError(path: path, problem: problem) }
    guard !path.isEmpty else { throw refuse("the output path is empty") }
    if path.hasSuffix("/") { throw refuse("is a folder; name a file to write") }
    guard let link = Libc.status(path, followLinks: false).0 else {
      // A new file: its folder must exist.
      let dir = folder(of: path)
      guard let d = FileSystem.status(dir) else {
        throw refuse("cannot write: the folder \(dir) does not exist")
      }
      guard d.kind == .directory else { throw refuse("cannot write: \(dir) is not a folder") }
      return Destination(path: path, target: path, permissions: nil)
    }
    guard let st = FileSystem.status(path) else {
      throw refuse("is a symbolic link to a missing file; refusing to replace the link")
    }
    switch st.kind {
    case .regular: break
    case .directory: throw refuse("is a folder; name a file to write")
    default:
      throw refuse(
        "is \(st.kind.rawValue), not a regular file; rwview only replaces regular files")
    }
    if let input = InputFiles.path(of: st.id) {
      throw refuse(inputProblem(input, path))
    }
    for name in protecting {
      if let other = FileSystem.status(name), other.id == st.id {
        throw refuse(inputProblem(name, path))
      }
    }
    var target = path
    if link.kind == .symbolicLink {
      guard let real = Libc.realPath(path) else { throw refuse("cannot resolve the link") }
      target = real
    }
    return Destination(path: path, target: target, permissions: st.permissions)
  }

  static func inputProblem(_ input: String, _ path: String) -> String {
    input == path
      ? "refusing to overwrite an input file"
      : "refusing to overwrite an input file (it is \(input))"
  }

  /// The folder part of `path` ("." for a bare name, "/" for a file at the root).
  static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// The name part of `path`.
  static func name(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
  }
}
