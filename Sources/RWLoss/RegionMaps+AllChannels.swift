extension RegionMaps {
  /// Writes every channel (channel-major, `K * count` floats) in one pass over the labels and
  /// the multi-label transform, for the maps whose channels are "own class: distance times a
  /// per-domain scale, other classes: a per-domain constant" (rrw, rrw-ci). Returns false for
  /// other kinds, which the caller writes channel by channel.
  ///
  /// Row by row: a row of labels and distances stays in L1 while the K channel rows are
  /// written, so the inputs are read once instead of K times. Values are computed exactly as
  /// `writeChannel` computes them (float64 product, rounded once).
  func writeAllChannels(into out: UnsafeMutableBufferPointer<Float>) -> Bool {
    guard options.kind == .rrw || options.kind == .rrwCI else { return false }
    let k = classCount, n = shape.count
    precondition(out.count >= n * k)
    ensureMultiLabel()
    let nd = shape.domainCount
    var scale = [Double](repeating: 0, count: nd * k)
    var outside = [Float](repeating: 0, count: nd * k)
    for d in 0..<nd {
      for c in 0..<k {
        scale[d * k + c] = -1 / (maxInsideDistance(domain: d, class: c) + 1e-15)
        outside[d * k + c] = Float(options.kind == .rrw ? 1 : options.ratio[c])
      }
    }
    let ml = multiLabelDistances()
    let shape = self.shape, nx = shape.dims[0]
    let lbl = labels
    withExtendedLifetime((lbl, ml, scale, outside)) {
      let lp = SendablePointer(lbl.withUnsafeBufferPointer { $0.baseAddress! })
      let mp = SendablePointer(ml.withUnsafeBufferPointer { $0.baseAddress! })
      let sp = SendablePointer(scale.withUnsafeBufferPointer { $0.baseAddress! })
      let ov = SendablePointer(outside.withUnsafeBufferPointer { $0.baseAddress! })
      let o = SendablePointer(out.baseAddress!)
      parallelPlanes(shape.dims[2], parallel: parallel) { planes in
        shape.forEachRow(planes: planes) { start, dRow in
          let lrow = lp.p + start, mrow = mp.p + start
          for c in 0..<k {
            let orow = o.p + (c &* n &+ start)
            let c32 = Int32(c)
            if dRow >= 0 {
              let sc = sp[dRow &* k &+ c], outV = ov[dRow &* k &+ c]
              for i in 0..<nx { orow[i] = lrow[i] == c32 ? Float(Double(mrow[i]) * sc) : outV }
            } else {
              for i in 0..<nx {
                orow[i] = lrow[i] == c32 ? Float(Double(mrow[i]) * sp[i &* k &+ c]) : ov[i &* k &+ c]
              }
            }
          }
        }
      }
    }
    return true
  }
}
