#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writing a file atomically: a temporary file in the same directory, then rename.
enum AtomicFile {
  static func write(_ bytes: [UInt8], to path: String) throws {
    let slash = path.lastIndex(of: "/")
    let dir = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    var template = Array("\(dir.isEmpty ? "/" : dir)/.\(name).tmp-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    if fd < 0 { throw NIfTIError(path: path, problem: InputFile.errnoText("cannot create a temporary file in \(dir)")) }
    let tmp = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    var ok = false
    defer { if !ok { unlink(tmp) } }
    var done = 0
    let failure: String? = bytes.withUnsafeBytes { b in
      while done < b.count {
        let n = posixWrite(fd, b.baseAddress! + done, Swift.min(b.count - done, 1 << 30))
        if n < 0 {
          if errno == EINTR { continue }
          return InputFile.errnoText("write failed")
        }
        done += n
      }
      return nil
    }
    _ = fchmod(fd, 0o644)
    if close(fd) != 0 && failure == nil { throw NIfTIError(path: path, problem: InputFile.errnoText("close failed")) }
    if let failure { throw NIfTIError(path: path, problem: failure) }
    if rename(tmp, path) != 0 { throw NIfTIError(path: path, problem: InputFile.errnoText("cannot rename temporary file")) }
    ok = true
  }
}

/// `write(2)`, named apart from `AtomicFile.write`.
private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
  #if canImport(Glibc)
    return Glibc.write(fd, p, n)
  #else
    return Darwin.write(fd, p, n)
  #endif
}
