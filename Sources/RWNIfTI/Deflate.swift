import CDeflate

/// Every libdeflate call of the package: whole-buffer gzip inflate into a buffer of known size.
enum Deflate {
  /// How a whole-buffer inflate ended.
  enum End: Equatable {
    /// Exactly `out.count` bytes were produced and every member ended.
    case exact
    /// The members ended after fewer bytes (the count is given).
    case short(Int)
    /// The stream holds more than `out.count` bytes (a gzip bomb or a lying header).
    case overflow
    /// Not valid gzip (or truncated: libdeflate does not tell the two apart).
    case bad
  }

  /// Inflates every gzip member of `input` into `out`, never writing past it.
  /// Members follow one another while the next bytes are the gzip magic `1f 8b`.
  static func gunzip(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer)
    -> End
  {
    guard let d = libdeflate_alloc_decompressor() else { return .bad }
    defer { libdeflate_free_decompressor(d) }
    guard let inBase = input.baseAddress, input.count > 0 else { return .bad }
    var inPos = 0
    var outPos = 0
    while true {
      var used = 0
      var got = 0
      let rc = libdeflate_gzip_decompress_ex(
        d, inBase + inPos, input.count - inPos, out.baseAddress.map { $0 + outPos },
        out.count - outPos, &used, &got)
      switch rc {
      case LIBDEFLATE_SUCCESS:
        inPos += used
        outPos += got
        if input.count - inPos >= 2 && input[inPos] == 0x1F && input[inPos + 1] == 0x8B { continue }
        return outPos == out.count ? .exact : .short(outPos)
      case LIBDEFLATE_INSUFFICIENT_SPACE:
        return .overflow
      default:
        return .bad
      }
    }
  }
}
