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
    let k = classCount
    let n = shape.count
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
    let shape = self.shape
    let nx = shape.dims[0]
    let o = out.shared
    labels.withShared { lp in
      ml.withShared { mp in
        scale.withShared { sp in
          outside.withShared { ov in
            WorkerPool.forEachRange(shape.dims[2], parallel: parallel) { _, planes in
              shape.forEachRow(planes: planes) { start, dRow in
                for c in 0..<k {
                  let orow = c &* n &+ start
                  let c32 = Int32(c)
                  if dRow >= 0 {
                    let sc = sp[dRow &* k &+ c]
                    let outV = ov[dRow &* k &+ c]
                    for i in 0..<nx {
                      let t = start &+ i
                      o[orow &+ i] = lp[t] == c32 ? Float(Double(mp[t]) * sc) : outV
                    }
                  } else {
                    for i in 0..<nx {
                      let t = start &+ i
                      o[orow &+ i] =
                        lp[t] == c32 ? Float(Double(mp[t]) * sp[i &* k &+ c]) : ov[i &* k &+ c]
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return true
  }
}
