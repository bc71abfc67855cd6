import CRWZlib

/// Every zlib call of the package: streaming gzip inflate (multi-member, bounded output) and
/// gzip deflate for the writer.
enum Zlib {
  /// How a bounded inflate ended.
  enum End: Equatable {
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
  /// Returns the number of bytes produced (skipped + written + extra) and how it ended.
  /// Memory use is bounded by a 256 KiB scratch buffer whatever the stream claims.
  static func inflate(
    _ input: UnsafeRawBufferPointer, skip: Int = 0, into out: UnsafeMutableRawBufferPointer?,
    extraLimit: Int
  ) -> (produced: Int, end: End) {
    let outCount = out?.count ?? 0
    let limit = skip + outCount + extraLimit
    var strm = z_stream()
    guard czlib_inflate_init2(&strm, 15 + 16) == Z_OK else { return (0, .corrupt("zlib init failed")) }
    defer { inflateEnd(&strm) }
    let scratchSize = 1 << 18
    let scratch = UnsafeMutableRawPointer.allocate(byteCount: scratchSize, alignment: 16)
    defer { scratch.deallocate() }
    guard let inBase = input.baseAddress, input.count > 0 else { return (0, .truncated) }
    var fed = 0  // input bytes handed to zlib so far
    var total = 0
    while true {
      if total >= limit { return (total, .limitReached) }
      // Pick the output region for the next call.
      if total < skip {
        strm.next_out = scratch.assumingMemoryBound(to: Bytef.self)
        strm.avail_out = uInt(Swift.min(skip - total, scratchSize))
      } else if total < skip + outCount {
        strm.next_out = (out!.baseAddress! + (total - skip)).assumingMemoryBound(to: Bytef.self)
        strm.avail_out = uInt(Swift.min(skip + outCount - total, 1 << 30))
      } else {
        strm.next_out = scratch.assumingMemoryBound(to: Bytef.self)
        strm.avail_out = uInt(Swift.min(limit - total, scratchSize))
      }
      if strm.avail_in == 0 && fed < input.count {
        let n = Swift.min(input.count - fed, 1 << 30)
        strm.next_in = UnsafeMutablePointer(mutating: (inBase + fed).assumingMemoryBound(to: Bytef.self))
        strm.avail_in = uInt(n)
        fed += n
      }
      let before = Int(strm.avail_out)
      let rc = CRWZlib.inflate(&strm, Z_NO_FLUSH)
      total += before - Int(strm.avail_out)
      switch rc {
      case Z_OK:
        continue
      case Z_STREAM_END:
        let consumed = fed - Int(strm.avail_in)
        let rest = input.count - consumed
        if rest >= 2 && input[consumed] == 0x1F && input[consumed + 1] == 0x8B {
          inflateReset(&strm)
          continue
        }
        return (total, .complete)
      case Z_BUF_ERROR:
        if strm.avail_in == 0 && fed >= input.count { return (total, .truncated) }
        return (total, .corrupt("inflate made no progress"))
      default:
        let msg = strm.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
        return (total, .corrupt(msg))
      }
    }
  }

  /// Compresses `input` as one gzip member at `level` (1 fast ... 9 small).
  static func gzip(_ input: UnsafeRawBufferPointer, level: Int32 = 6) throws(HeaderProblem) -> [UInt8] {
    let d = try Deflater(level: level)
    var out = [UInt8]()
    out.reserveCapacity(input.count / 2 + 1024)
    d.compress(input, finish: true) { out.append(contentsOf: $0) }
    return out
  }

  /// A streaming gzip compressor: feed blocks, each compressed output block goes to a sink.
  final class Deflater {
    private var strm = z_stream()
    private let scratch: UnsafeMutableRawPointer
    private static let chunk = 1 << 20

    init(level: Int32) throws(HeaderProblem) {
      scratch = UnsafeMutableRawPointer.allocate(byteCount: Self.chunk, alignment: 16)
      guard czlib_deflate_init2(&strm, level, 15 + 16) == Z_OK else {
        scratch.deallocate()
        throw HeaderProblem("zlib deflateInit failed")
      }
    }

    deinit {
      deflateEnd(&strm)
      scratch.deallocate()
    }

    /// Compresses `input` (the last block when `finish`), passing output blocks to `sink`.
    func compress(
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
        let rc = deflate(&strm, last && finish ? Z_FINISH : Z_NO_FLUSH)
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
