/// Statistics of a file's voxels streamed in their stored type: no copy of the volume.
extension NIfTIReader {
  /// Stored types counted in a histogram (one bin per stored value) instead of converted.
  static func histogramBins(_ t: NIfTIDatatype) -> Int? {
    switch t {
    case .uint8, .int8, .rgb24, .rgba32: 256
    case .uint16, .int16: 65536
    default: nil
    }
  }

  /// Bytes `channelStats` holds at its peak besides the stream (`streamCost`): the histogram,
  /// or one piece converted to Double.
  static func statsWorkBytes(_ o: Opened, blockBytes: Int = streamBlockBytes) -> Int {
    let t = o.info.layout.datatype
    if let bins = histogramBins(t) { return bins * t.channels * 8 }
    return blockBytes / t.componentBytes * 8
  }

  /// Per-channel statistics of the scaled data (as `NIfTIImage.channelStats`), reading the
  /// voxel block piece by piece. 8- and 16-bit types are counted in a histogram of stored
  /// values, each bin scaled once; other types are converted and scaled one piece at a time.
  /// Refuses (one line) when even that does not fit the memory budget.
  static func channelStats(_ o: Opened, blockBytes: Int = streamBlockBytes) throws(NIfTIError)
    -> [ValueStats]
  {
    let t = o.info.layout.datatype
    let ch = t.channels
    let scaling = o.info.scalingApplies ? o.info.scaling : nil
    try NIfTI.checkMemory(
      for: o, bytes: blockBytes + statsWorkBytes(o, blockBytes: blockBytes), what: "statistics of")
    var acc = [ValueStats.Accumulator](repeating: .init(), count: ch)
    if let bins = histogramBins(t) {
      var counts = [Int](repeating: 0, count: bins * ch)
      try counts.withUnsafeMutableBufferPointer { h throws(NIfTIError) in
        try streamData(o, blockBytes: blockBytes) { piece in count(piece, t, into: h) }
      }
      for c in 0..<ch {
        for bin in 0..<bins where counts[c * bins + bin] > 0 {
          var v = Double(storedValue(bin, t))
          if let (s, b) = scaling { v = v * s + b }
          acc[c].add(v, times: counts[c * bins + bin])
        }
      }
    } else {
      let capacity = blockBytes / t.componentBytes + ch
      let values = UnsafeMutableBufferPointer<Double>.allocate(capacity: capacity)
      defer { values.deallocate() }
      try streamData(o, blockBytes: blockBytes) { piece in
        let n = piece.count / t.componentBytes
        Convert.toScaledDouble(
          piece.baseAddress!, t, count: n, into: values.baseAddress!, scaling: scaling)
        let block = UnsafeBufferPointer(rebasing: values[0..<n])
        for c in 0..<ch { acc[c].add(block, offset: c, stride: ch) }
      }
    }
    return acc.map(\.result)
  }

  /// Adds one piece of 8- or 16-bit stored values to per-channel histograms (`bins` each,
  /// channel-major), indexed by the value's bit pattern.
  private static func count(
    _ piece: UnsafeRawBufferPointer, _ t: NIfTIDatatype, into h: UnsafeMutableBufferPointer<Int>
  ) {
    let ch = t.channels
    if t.componentBytes == 1 {
      let p = piece.bindMemory(to: UInt8.self)
      if ch == 1 {
        for v in p { h[Int(v)] += 1 }
      } else {
        var i = 0
        while i + ch <= p.count {
          for c in 0..<ch { h[c << 8 + Int(p[i + c])] += 1 }
          i += ch
        }
      }
    } else {
      for v in piece.bindMemory(to: UInt16.self) { h[Int(v)] += 1 }
    }
  }

  /// The stored value whose bit pattern is `bin`.
  private static func storedValue(_ bin: Int, _ t: NIfTIDatatype) -> Int {
    switch t {
    case .int8: Int(Int8(truncatingIfNeeded: bin))
    case .int16: Int(Int16(truncatingIfNeeded: bin))
    default: bin
    }
  }
}
