import RWSystem

/// A whole NIfTI image: the header information and the stored (unscaled) voxel block in host
/// byte order, i fastest, channels interleaved per voxel (complex: re, im; RGB: R, G, B).
public struct NIfTIImage: Sendable {
  /// Header, layout, scaling, extensions and warnings.
  public var info: NIfTIFileInfo
  /// The voxel block, `info.layout.byteCount` bytes, host byte order.
  public var raw: [UInt8]

  /// The stored type.
  public var datatype: NIfTIDatatype { info.layout.datatype }

  /// The stored values as little-endian bytes (what nibabel's `sha256_raw_le` hashes).
  public var rawLittleEndian: [UInt8] {
    var out = raw
    #if _endian(big)
      out.withUnsafeMutableBytes {
        ByteSwap.swapInPlace(
          $0.baseAddress!, count: info.layout.voxelCount * datatype.channels,
          width: datatype.componentBytes)
      }
    #endif
    return out
  }

  /// Every value converted to Double and scaled exactly as nibabel's `get_fdata(float64)`:
  /// `Double(stored) * slope + inter`, two separately rounded operations (no fused
  /// multiply-add), only when the scaling is not (1, 0). Channels are interleaved per voxel.
  /// Complex values are scaled as numpy scales a complex by a real (`(re + i·im)·s + inter`);
  /// RGB is never scaled.
  public func scaledDoubles() -> [Double] {
    let n = info.layout.voxelCount * datatype.channels
    let scaling = info.scalingApplies ? info.scaling : nil
    return [Double](unsafeUninitializedCapacity: n) { out, count in
      HugePages.advise(out)
      raw.withUnsafeBytes { src in
        Convert.toScaledDouble(
          src.baseAddress!, datatype, count: n, into: out.baseAddress!, scaling: scaling)
      }
      count = n
    }
  }

  /// The voxel block as scaled Float values in channel-block layout (each channel of a complex
  /// or RGB image a contiguous block), as `Volume` stores them.
  public func scaledFloats() -> [Float] {
    let n = info.layout.voxelCount
    let ch = datatype.channels
    let scaling = info.scalingApplies ? info.scaling : nil
    let t = datatype
    return [Float](unsafeUninitializedCapacity: n * ch) { dst, count in
      HugePages.advise(dst)
      raw.withUnsafeBytes { src in
        if ch == 1 {
          let s = UncheckedBox(value: (src.baseAddress!, dst.baseAddress!))
          Parallel.chunks(n) { r in
            Convert.toFloat(
              s.value.0 + r.lowerBound * t.bytesPerVoxel, t, count: r.count,
              into: s.value.1 + r.lowerBound, scaling: scaling)
          }
        } else {
          let d = scaledDoubles()
          for v in 0..<n {
            for c in 0..<ch { dst[c * n + v] = Float(d[v * ch + c]) }
          }
        }
      }
      count = n * ch
    }
  }
}
