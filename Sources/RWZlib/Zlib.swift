import CRWZlib

/// Every zlib call of the package: streaming gzip inflate (multi-member, bounded output), gzip
/// deflate for the NIfTI writer and zlib-format deflate for PNG.
public enum Zlib {
  /// How a bounded inflate ended.
  public enum End: Equatable, Sendable {
    /// Every member ended cleanly (trailing non-gzip bytes are ignored).
    case complete
    /// Output reached `skip + out.count + extraLimit` bytes and inflating stopped there.
    case limitReached
    /// The input ended in the middle of a member.
    case truncated
    /// The stream is not valid gzip/deflate (zlib's message).
    case corrupt(String)
  }

  /// Inflates all gzip members of `input` into a sequence of output regions: the first `skip`
  /// bytes are discarded, the next `out.count` bytes go to `out`, then up to `extraLimit` more
  /// bytes are discarded and counted. Stops there (never produces more than that in total).
  ///
  /// Returns the number of bytes produced (skipped + written + extra) and how it ended
  /// (`limitReached` whenever all of that was produced). Memory use is bounded by a 256 KiB
  /// scratch buffer whatever the stream claims.
  public static func inflate(
    _ input: UnsafeRawBufferPointer, skip: Int = 0, into out: UnsafeMutableRawBufferPointer?,
    extraLimit: Int
  ) -> (produced: Int, end: End) {
    let z = Inflater(input)
    var total = 0
    if let end = z.discard(skip, counting: &total) { return (total, end) }
    if let out {
      let (n, end) = z.read(into: out)
      total += n
      if let end { return (total, end) }
    }
    if let end = z.discard(extraLimit, counting: &total) { return (total, end) }
    return (total, .limitReached)
  }

  /// A streaming inflater over an in-memory stream: each `read` fills a caller's buffer from
  /// where the last one stopped, across gzip members.
  public final class Inflater {
    private var strm = z_stream()
    private let input: UnsafeRawBufferPointer
    private let format: Format
    /// Input bytes handed to zlib so far.
    private var fed = 0
    /// How the stream ended, once it has.
    public private(set) var end: End?
    private var scratch: UnsafeMutableRawPointer?
    private static let scratchSize = 1 << 18

    /// An inflater of `input` in `format` (gzip: every member in turn).
    public init(_ input: UnsafeRawBufferPointer, format: Format = .gzip) {
      self.input = input
      self.format = format
      if czlib_inflate_init2(&strm, format.windowBits) != Z_OK {
        end = .corrupt("zlib init failed")
      }
      if input.count == 0 { end = .truncated }
    }

    deinit {
      inflateEnd(&strm)
      scratch?.deallocate()
    }

    /// Inflates into `out` until it is full or the stream ends; returns the bytes written and
    /// the end when it was reached (nil: `out` is full and the stream may go on).
    public func read(into out: UnsafeMutableRawBufferPointer) -> (count: Int, end: End?) {
      if let end { return (0, end) }
      guard let base = out.baseAddress, let inBase = input.baseAddress else { return (0, nil) }
      var written = 0
      while written < out.count {
        strm.next_out = (base + written).assumingMemoryBound(to: Bytef.self)
        strm.avail_out = uInt(Swift.min(out.count - written, 1 << 30))
        if strm.avail_in == 0 && fed < input.count {
          let n = Swift.min(input.count - fed, 1 << 30)
          strm.next_in = UnsafeMutablePointer(
            mutating: (inBase + fed).assumingMemoryBound(to: Bytef.self))
          strm.avail_in = uInt(n)
          fed += n
        }
        let before = Int(strm.avail_out)
        let rc = CRWZlib.inflate(&strm, Z_NO_FLUSH)
        written += before - Int(strm.avail_out)
        switch rc {
        case Z_OK:
          continue
        case Z_STREAM_END:
          let consumed = fed - Int(strm.avail_in)
          let gzipMember =
            input.count - consumed >= 2 && input[consumed] == 0x1F && input[consumed + 1] == 0x8B
          if format == .gzip && gzipMember {
            inflateReset(&strm)
            continue
          }
          end = .complete
        case Z_BUF_ERROR:
          end =
            strm.avail_in == 0 && fed >= input.count
            ? .truncated : .corrupt("inflate made no progress")
        default:
          end = .corrupt(strm.msg.map { String(cString: $0) } ?? "zlib error \(rc)")
        }
        return (written, end)
      }
      return (written, nil)
    }

    /// Inflates and drops up to `count` bytes, adding them to `total`; the end if reached.
    public func discard(_ count: Int, counting total: inout Int) -> End? {
      var left = count
      while left > 0 {
        let s =
          scratch ?? UnsafeMutableRawPointer.allocate(byteCount: Self.scratchSize, alignment: 16)
        scratch = s
        let (n, end) = read(
          into: UnsafeMutableRawBufferPointer(start: s, count: Swift.min(left, Self.scratchSize)))
        total += n
        left -= n
        if let end { return end }
      }
      return nil
    }
  }

  /// Compresses `input` as one gzip member at `level` (1 fast ... 9 small).
  public static func gzip(_ input: UnsafeRawBufferPointer, level: Int32 = 6) throws(ZlibError)
    -> [UInt8]
  {
    try deflate(input, level: level, format: .gzip)
  }

  /// Compresses `input` whole in `format` at `level` (1 fast ... 9 small).
  public static func deflate(
    _ input: UnsafeRawBufferPointer, level: Int32 = 6, format: Format
  ) throws(ZlibError) -> [UInt8] {
    let d = try Deflater(level: level, format: format)
    var out = [UInt8]()
    out.reserveCapacity(input.count / 2 + 1024)
    d.compress(input, finish: true) { out.append(contentsOf: $0) }
    return out
  }

  /// The container around a deflate stream.
  public enum Format: Sendable {
    /// A gzip member (RFC 1952): `.gz` files.
    case gzip
    /// A zlib stream (RFC 1950): PNG's IDAT.
    case zlib

    var windowBits: Int32 { self == .gzip ? 15 + 16 : 15 }
  }

  /// A streaming compressor: feed blocks, each compressed output block goes to a sink.
  public final class Deflater {
    private var strm = z_stream()
    private let scratch: UnsafeMutableRawPointer
    private static let chunk = 1 << 20

    /// A compressor at `level` (1...9) writing `format`.
    public init(level: Int32, format: Format = .gzip) throws(ZlibError) {
      scratch = UnsafeMutableRawPointer.allocate(byteCount: Self.chunk, alignment: 16)
      guard czlib_deflate_init2(&strm, level, format.windowBits) == Z_OK else {
        scratch.deallocate()
        throw ZlibError("zlib deflateInit failed (level \(level))")
      }
    }

    deinit {
      deflateEnd(&strm)
      scratch.deallocate()
    }

    /// Compresses `input` (the last block when `finish`), passing output blocks to `sink`.
    public func compress(
      _ input: UnsafeRawBufferPointer, finish: Bool, _ sink: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
      var fed = 0
      while true {
        if strm.avail_in == 0 && fed < input.count {
          let n = Swift.min(input.count - fed, 1 << 30)
          strm.next_in = UnsafeMutablePointer(
            mutating: (input.baseAddress! + fed).assumingMemoryBound(to: Bytef.self))
          strm.avail_in = uInt(n)
          fed += n
        }
        let last = fed >= input.count && strm.avail_in == 0
        strm.next_out = scratch.assumingMemoryBound(to: Bytef.self)
        strm.avail_out = uInt(Self.chunk)
        let rc = CRWZlib.deflate(&strm, last && finish ? Z_FINISH : Z_NO_FLUSH)
        let produced = Self.chunk - Int(strm.avail_out)
        if produced > 0 { try sink(UnsafeRawBufferPointer(start: scratch, count: produced)) }
        if rc == Z_STREAM_END { return }
        // Without Z_FINISH, deflate is done with this block once it has consumed it all and
        // left room in the output.
        if last && !finish && strm.avail_out > 0 { return }
        precondition(rc == Z_OK || rc == Z_BUF_ERROR, "zlib deflate failed (\(rc))")
      }
    }
  }
}

/// A zlib failure that is no input's fault (initialisation), as one line.
public struct ZlibError: Error, Equatable, CustomStringConvertible, Sendable {
  public let description: String
  public init(_ description: String) { self.description = description }
}
