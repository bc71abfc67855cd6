/// Tight conversion loops from a stored voxel block to Double or Float.
enum Convert {
  /// Converts `count` stored numbers (components: complex parts and RGB bytes count singly).
  static func toDouble(
    _ src: UnsafeRawPointer, _ t: NIfTIDatatype, count: Int, into dst: UnsafeMutablePointer<Double>
  ) {
    switch t {
    case .uint8, .rgb24, .rgba32: run(src, UInt8.self, count, dst)
    case .int8: run(src, Int8.self, count, dst)
    case .int16: run(src, Int16.self, count, dst)
    case .uint16: run(src, UInt16.self, count, dst)
    case .int32: run(src, Int32.self, count, dst)
    case .uint32: run(src, UInt32.self, count, dst)
    case .int64: run(src, Int64.self, count, dst)
    case .uint64: run(src, UInt64.self, count, dst)
    case .float32, .complex64: runF(src, Float.self, count, dst)
    case .float64, .complex128: runF(src, Double.self, count, dst)
    }
  }

  /// Converts `count` stored components to Double and scales them as nibabel's
  /// `get_fdata(float64)` does: `v * slope + inter` (two rounded operations) when `scaling` is
  /// set; a complex value `(re + i·im)` as numpy scales a complex by a real (the intercept on
  /// the real part). `count` and `src` start on a whole voxel.
  static func toScaledDouble(
    _ src: UnsafeRawPointer, _ t: NIfTIDatatype, count: Int, into dst: UnsafeMutablePointer<Double>,
    scaling: (slope: Double, inter: Double)?
  ) {
    toDouble(src, t, count: count, into: dst)
    guard let (s, b) = scaling else { return }
    if t.channels == 2 {
      var i = 0
      while i + 1 < count {
        let re = dst[i]
        let im = dst[i + 1]
        dst[i] = (re * s - im * 0) + b
        dst[i + 1] = (re * 0 + im * s) + 0
        i += 2
      }
    } else {
      for i in 0..<count { dst[i] = dst[i] * s + b }
    }
  }

  @inline(__always)
  private static func run<T: BinaryInteger>(
    _ src: UnsafeRawPointer, _: T.Type, _ n: Int, _ dst: UnsafeMutablePointer<Double>
  ) {
    let p = src.assumingMemoryBound(to: T.self)
    for i in 0..<n { dst[i] = Double(p[i]) }
  }

  @inline(__always)
  private static func runF<T: BinaryFloatingPoint>(
    _ src: UnsafeRawPointer, _: T.Type, _ n: Int, _ dst: UnsafeMutablePointer<Double>
  ) {
    let p = src.assumingMemoryBound(to: T.self)
    for i in 0..<n { dst[i] = Double(p[i]) }
  }

  /// Converts `count` scalar voxels to Float, scaling in double precision when `scaling` is set
  /// (`Float(Double(v) * slope + inter)`).
  static func toFloat(
    _ src: UnsafeRawPointer, _ t: NIfTIDatatype, count: Int, into dst: UnsafeMutablePointer<Float>,
    scaling: (slope: Double, inter: Double)?
  ) {
    switch t {
    case .uint8, .rgb24, .rgba32: runFloat(src, UInt8.self, count, dst, scaling)
    case .int8: runFloat(src, Int8.self, count, dst, scaling)
    case .int16: runFloat(src, Int16.self, count, dst, scaling)
    case .uint16: runFloat(src, UInt16.self, count, dst, scaling)
    case .int32: runFloat(src, Int32.self, count, dst, scaling)
    case .uint32: runFloat(src, UInt32.self, count, dst, scaling)
    case .int64: runFloat(src, Int64.self, count, dst, scaling)
    case .uint64: runFloat(src, UInt64.self, count, dst, scaling)
    case .float32, .complex64: runFloatF(src, Float.self, count, dst, scaling)
    case .float64, .complex128: runFloatF(src, Double.self, count, dst, scaling)
    }
  }

  @inline(__always)
  private static func runFloat<T: BinaryInteger>(
    _ src: UnsafeRawPointer, _: T.Type, _ n: Int, _ dst: UnsafeMutablePointer<Float>,
    _ sc: (slope: Double, inter: Double)?
  ) {
    let p = src.assumingMemoryBound(to: T.self)
    if let (s, b) = sc {
      for i in 0..<n { dst[i] = Float(Double(p[i]) * s + b) }
    } else {
      for i in 0..<n { dst[i] = Float(p[i]) }
    }
  }

  @inline(__always)
  private static func runFloatF<T: BinaryFloatingPoint>(
    _ src: UnsafeRawPointer, _: T.Type, _ n: Int, _ dst: UnsafeMutablePointer<Float>,
    _ sc: (slope: Double, inter: Double)?
  ) {
    let p = src.assumingMemoryBound(to: T.self)
    if let (s, b) = sc {
      for i in 0..<n { dst[i] = Float(Double(p[i]) * s + b) }
    } else {
      for i in 0..<n { dst[i] = Float(p[i]) }
    }
  }
}
