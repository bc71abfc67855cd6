import RWZlib

/// Hooks for the load benchmark (`rwview-bench load`): the raw inflaters on their own, so the
/// reader can be compared with the floor of each library on the same stream.
public enum GzipBench {
  /// Inflates a whole gzip stream with zlib (streaming, straight into `out`); returns the bytes
  /// produced, or -1 on error / overflow.
  public static func zlibInflate(
    _ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer
  ) -> Int {
    let (n, end) = Zlib.inflate(input, into: out, extraLimit: 0)
    return end == .complete || end == .limitReached ? n : -1
  }

  /// Inflates a whole gzip stream with libdeflate into `out`; returns the bytes produced or -1.
  public static func libdeflateInflate(
    _ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer
  ) -> Int {
    Deflate.gunzip(input, into: out) == .exact ? out.count : -1
  }

  /// `NIfTI.loadVolume(path:)` with zlib instead of libdeflate for `.gz` data.
  public static func loadVolumeWithZlib(path: String) throws -> Int {
    try NIfTI.loadVolume(path: path, inflater: .zlib).volume.data.count
  }
}
