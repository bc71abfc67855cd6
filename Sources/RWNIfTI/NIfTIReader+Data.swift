import RWZlib

/// Reading the voxel block of an opened file.
extension NIfTIReader {
  /// Which inflater decompresses whole `.gz` data blocks.
  enum Inflater: Sendable {
    /// libdeflate, whole buffer (the default: measured faster, see LoadBench).
    case libdeflate
    /// zlib, streaming straight into the destination.
    case zlib
  }

  /// Bytes the destination of `readData` must hold: the voxel block, plus room for the
  /// header and extensions when a whole gzip stream is inflated in one go.
  static func payloadCapacity(_ o: Opened, inflater: Inflater = .libdeflate) -> Int {
    o.info.dataGzipped && inflater == .libdeflate
      ? o.info.layout.voxOffset + o.info.layout.byteCount : o.info.layout.byteCount
  }

  /// Reads the voxel block into `dst[0 ..< byteCount]` (`dst` holds `payloadCapacity` bytes),
  /// in host byte order. A plain file is read once, straight into `dst`; a gzipped one is
  /// inflated into `dst` (never past its end) and the block moved to the front.
  static func readData(
    _ o: Opened, into dst: UnsafeMutableRawPointer, inflater: Inflater = .libdeflate
  ) throws(NIfTIError) {
    let layout = o.info.layout
    let path = o.info.dataPath
    let need = layout.voxOffset + layout.byteCount
    do throws(HeaderProblem) {
      if !o.info.dataGzipped {
        let got = try o.dataFile.readParallel(
          into: dst, count: layout.byteCount, offset: layout.voxOffset)
        if got < layout.byteCount {
          throw HeaderProblem("truncated data: \(got) of \(layout.byteCount) voxel bytes present")
        }
      } else {
        let map = try o.dataFile.contents()
        switch inflater {
        case .libdeflate:
          let end = Deflate.gunzip(
            map.bytes, into: UnsafeMutableRawBufferPointer(start: dst, count: need))
          switch end {
          case .exact:
            if layout.voxOffset > 0 {
              dst.copyMemory(from: dst + layout.voxOffset, byteCount: layout.byteCount)
            }
          case .short(let n):
            throw HeaderProblem(shortMessage(n, need))
          case .overflow:
            throw HeaderProblem(overflowMessage(need))
          case .bad:
            throw diagnose(map.bytes, need: need)
          }
        case .zlib:
          let out = UnsafeMutableRawBufferPointer(start: dst, count: layout.byteCount)
          let (produced, end) = Zlib.inflate(
            map.bytes, skip: layout.voxOffset, into: out, extraLimit: 1)
          try checkEnd(end, produced: produced, need: need)
        }
      }
    } catch { throw NIfTIError(path: path, problem: error.description) }
    if o.info.header.bigEndian {
      ByteSwap.swapInPlace(
        dst, count: layout.voxelCount * layout.datatype.channels,
        width: layout.datatype.componentBytes)
    }
  }

  /// Checks that a gzipped data file inflates to exactly `vox_offset + bytes` without keeping
  /// the output (streaming through a 256 KiB buffer: costs one full inflate).
  static func checkGzipSize(_ o: Opened) throws(NIfTIError) {
    let need = o.info.layout.voxOffset + o.info.layout.byteCount
    do throws(HeaderProblem) {
      let map = try o.dataFile.contents()
      let (produced, end) = Zlib.inflate(map.bytes, into: nil, extraLimit: need + 1)
      switch end {
      case .complete: if produced < need { throw HeaderProblem(shortMessage(produced, need)) }
      case .limitReached: throw HeaderProblem(overflowMessage(need))
      case .truncated: throw HeaderProblem(truncatedMessage(produced, need))
      case .corrupt(let msg): throw HeaderProblem("corrupt gzip stream: \(msg)")
      }
    } catch { throw NIfTIError(path: o.info.dataPath, problem: error.description) }
  }

  /// Names the failure of a stream libdeflate rejected (truncated or corrupt) using zlib.
  static func diagnose(_ input: UnsafeRawBufferPointer, need: Int) -> HeaderProblem {
    let (produced, end) = Zlib.inflate(input, into: nil, extraLimit: need + 1)
    switch end {
    case .truncated: return HeaderProblem(truncatedMessage(produced, need))
    case .corrupt(let msg): return HeaderProblem("corrupt gzip stream: \(msg)")
    case .limitReached: return HeaderProblem(overflowMessage(need))
    case .complete:
      if produced < need { return HeaderProblem(shortMessage(produced, need)) }
      return HeaderProblem("corrupt gzip stream (checksum or member size mismatch)")
    }
  }

  static func shortMessage(_ got: Int, _ need: Int) -> String {
    "gzip stream is short: it holds \(got) bytes but the header declares \(need) (vox_offset + voxel data)"
  }
  static func truncatedMessage(_ got: Int, _ need: Int) -> String {
    "gzip stream is truncated after \(got) of \(need) bytes"
  }
  static func overflowMessage(_ need: Int) -> String {
    "gzip stream inflates past the \(need) bytes the header declares (vox_offset + voxel data): "
      + "its dims, datatype or vox_offset do not describe the data"
  }
}

/// Bulk byte swapping of 2-, 4- and 8-byte values in place.
enum ByteSwap {
  static func swapInPlace(_ p: UnsafeMutableRawPointer, count: Int, width: Int) {
    switch width {
    case 2:
      let q = p.assumingMemoryBound(to: UInt16.self)
      for i in 0..<count { q[i] = q[i].byteSwapped }
    case 4:
      let q = p.assumingMemoryBound(to: UInt32.self)
      for i in 0..<count { q[i] = q[i].byteSwapped }
    case 8:
      let q = p.assumingMemoryBound(to: UInt64.self)
      for i in 0..<count { q[i] = q[i].byteSwapped }
    default:
      break
    }
  }
}
