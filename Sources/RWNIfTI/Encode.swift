/// Float → stored type conversion for the writer.
enum Encode {
  static func fromFloat(
    _ src: UnsafeBufferPointer<Float>, _ t: NIfTIDatatype, into dst: UnsafeMutableRawPointer
  ) {
    switch t {
    case .float32: dst.copyMemory(from: src.baseAddress!, byteCount: src.count * 4)
    case .float64:
      let d = dst.assumingMemoryBound(to: Double.self)
      for i in 0..<src.count { d[i] = Double(src[i]) }
    case .uint8: ints(src, UInt8.self, dst)
    case .int8: ints(src, Int8.self, dst)
    case .int16: ints(src, Int16.self, dst)
    case .uint16: ints(src, UInt16.self, dst)
    case .int32: ints(src, Int32.self, dst)
    case .uint32: ints(src, UInt32.self, dst)
    case .int64: ints(src, Int64.self, dst)
    case .uint64: ints(src, UInt64.self, dst)
    default: break
    }
  }

  private static func ints<T: FixedWidthInteger>(
    _ src: UnsafeBufferPointer<Float>, _: T.Type, _ dst: UnsafeMutableRawPointer
  ) {
    let d = dst.assumingMemoryBound(to: T.self)
    let lo = Double(T.min)
    let hi = Double(T.max)
    for i in 0..<src.count {
      let v = Double(src[i]).rounded()
      d[i] = v.isNaN ? 0 : v <= lo ? T.min : v >= hi ? T.max : T(v)
    }
  }
}
