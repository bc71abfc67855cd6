import RWZlib

/// Reading the voxel block piece by piece, never holding it whole.
extension NIfTIReader {
  /// Bytes of one piece of a streamed read (rounded down to whole voxels).
  static let streamBlockBytes = 4 << 20

  /// Memory a streamed read holds besides the caller's: one piece, plus the compressed stream
  /// of a gzipped file (read whole; see `InputFile.contents`).
  static func streamCost(_ o: Opened, blockBytes: Int = streamBlockBytes) -> Int {
    o.info.dataGzipped ? blockBytes + o.dataFile.size : blockBytes
  }

  /// Passes the voxel block to `body` in consecutive pieces of whole voxels, at most
  /// `blockBytes` each, in host byte order. A plain file is read with `pread`; a gzipped one is
  /// inflated with zlib piece by piece, and must hold exactly `vox_offset + bytes` (as
  /// `readData` checks). Errors name the data file.
  static func streamData(
    _ o: Opened, blockBytes: Int = streamBlockBytes, _ body: (UnsafeRawBufferPointer) -> Void
  ) throws(NIfTIError) {
    let layout = o.info.layout
    let t = layout.datatype
    let piece = Swift.max(t.bytesPerVoxel, blockBytes / t.bytesPerVoxel * t.bytesPerVoxel)
    let buffer = UnsafeMutableRawBufferPointer.allocate(
      byteCount: Swift.min(piece, layout.byteCount), alignment: 64)
    defer { buffer.deallocate() }
    let need = layout.voxOffset + layout.byteCount
    do throws(HeaderProblem) {
      var done = 0
      if !o.info.dataGzipped {
        while done < layout.byteCount {
          let n = Swift.min(buffer.count, layout.byteCount - done)
          let got = try o.dataFile.read(
            into: buffer.baseAddress!, count: n, offset: layout.voxOffset + done)
          if got < n {
            throw HeaderProblem(
              "truncated data: \(done + got) of \(layout.byteCount) voxel bytes present")
          }
          deliver(buffer, n, o, body)
          done += n
        }
        return
      }
      let compressed = try o.dataFile.contents()
      let z = Zlib.Inflater(compressed.bytes)
      var produced = 0
      if let end = z.discard(layout.voxOffset, counting: &produced) {
        try checkEnd(end, produced: produced, need: need)
      }
      while done < layout.byteCount {
        let n = Swift.min(buffer.count, layout.byteCount - done)
        let (got, end) = z.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]))
        produced += got
        if got < n { try checkEnd(end ?? .complete, produced: produced, need: need) }
        deliver(buffer, n, o, body)
        done += n
      }
      // Nothing may follow the declared block.
      let end = z.discard(1, counting: &produced)
      if produced > need { throw HeaderProblem(overflowMessage(need)) }
      if let end, end != .complete { try checkEnd(end, produced: produced, need: need) }
    } catch { throw NIfTIError(path: o.info.dataPath, problem: error.description) }
  }

  /// Byte-swaps a piece of a big-endian file and hands it on.
  private static func deliver(
    _ buffer: UnsafeMutableRawBufferPointer, _ n: Int, _ o: Opened,
    _ body: (UnsafeRawBufferPointer) -> Void
  ) {
    let t = o.info.layout.datatype
    if o.info.header.bigEndian {
      ByteSwap.swapInPlace(
        buffer.baseAddress!, count: n / t.componentBytes, width: t.componentBytes)
    }
    body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
  }

  /// Throws the problem of a stream that ended (or stopped) after `produced` of `need` bytes.
  static func checkEnd(
    _ end: Zlib.End, produced: Int, need: Int
  ) throws(HeaderProblem) {
    switch end {
    case .complete:
      if produced < need { throw HeaderProblem(shortMessage(produced, need)) }
    case .limitReached: throw HeaderProblem(overflowMessage(need))
    case .truncated: throw HeaderProblem(truncatedMessage(produced, need))
    case .corrupt(let msg): throw HeaderProblem("corrupt gzip stream: \(msg)")
    }
  }
}
