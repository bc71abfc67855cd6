#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension MapEngine {
  /// Evaluates a prediction against this map set: RW loss, CE, focal, soft-Dice terms, the
  /// lowest reachable loss, the principle (A, B, ties) and the gradient-sign checks, per voxel and
  /// per slice along all three axes, in float64.
  ///
  /// Closed-form maps (`hasClosedFormLoss`) take one parallel pass, classes inner
  /// (`evaluateClosedForm`); the others stream one class channel at a time (K full channels
  /// are never held). Without `voxelOutputs` the field's `voxelLoss` and `voxelFlags` are empty
  /// (what `stats` needs: the profiles only). `progress` gets values in 0...1; `isCancelled` is
  /// checked between blocks or classes.
  public func evaluate(
    prediction: Prediction, voxelOutputs: Bool = true,
    progress: (@Sendable (Double) -> Void)? = nil, isCancelled: (@Sendable () -> Bool)? = nil
  ) throws -> LossField {
    let dims = labels.dims
    guard prediction.dims == dims else {
      throw RWLossError("prediction", "grid \(prediction.dims) does not match the labels' \(dims)")
    }
    let k = classCount
    guard prediction.classCount == k else {
      throw RWLossError(
        "prediction", "has \(prediction.classCount) classes but the labels have \(k)")
    }
    if hasClosedFormLoss {
      return try evaluateClosedForm(
        prediction: prediction, voxelOutputs: voxelOutputs, progress: progress,
        isCancelled: isCancelled)
    }
    let n = labels.voxelCount
    let nx = dims[0]
    let ny = dims[1]
    let nz = dims[2]
    var l = [Double](repeating: 0, count: n)
    var zc = [Double](repeating: 0, count: n)
    var minO = [Double](repeating: .infinity, count: n)
    var maxO = [Double](repeating: -.infinity, count: n)
    var minOP = [Double](repeating: .infinity, count: n)
    var z = [Double](repeating: 0, count: n)
    var prof = VolumeAxis.allCases.map { a in
      AxisProfile(
        axis: a, sliceCount: dims[a.rawValue], classCount: k, sliceSize: n / dims[a.rawValue])
    }
    let lab = labels.labels
    let terms = prediction.softmaxTerms()
    var pcv = [Double](repeating: 0, count: n)  // P of the true class per voxel
    var pch = [Double](repeating: 0, count: n)
    for c in 0..<k {
      if isCancelled?() == true { throw CancelledError() }
      z.withUnsafeMutableBufferPointer { channelDouble(c, into: $0) }
      prediction.probabilityChannel(c, terms: terms, into: &pch)
      let c32 = Int32(c)
      var pi = [Double](repeating: 0, count: nx)
      var yi = [Double](repeating: 0, count: nx)
      var si = [Double](repeating: 0, count: nx)
      var ci = [Double](repeating: 0, count: nx)
      lab.withUnsafeBufferPointer { lp in
        pch.withUnsafeBufferPointer { pp in
          z.withUnsafeBufferPointer { zp in
            l.withUnsafeMutableBufferPointer { lv in
              zc.withUnsafeMutableBufferPointer { zcv in
                minO.withUnsafeMutableBufferPointer { mn in
                  maxO.withUnsafeMutableBufferPointer { mx in
                    minOP.withUnsafeMutableBufferPointer { mp in
                      for kk in 0..<nz {
                        var pk = 0.0
                        var yk = 0.0
                        var sk = 0.0
                        var ck = 0.0
                        for j in 0..<ny {
                          var pr = 0.0
                          var yr = 0.0
                          var sr = 0.0
                          var cr = 0.0
                          let row = nx * (j + ny * kk)
                          for i in 0..<nx {
                            let t = row + i
                            let p = pp[t]
                            let zz = zp[t]
                            let pzv = p * zz
                            lv[t] += pzv
                            pr += pzv
                            pi[i] += pzv
                            sr += p
                            si[i] += p
                            if lp[t] == c32 {
                              zcv[t] = zz
                              pcv[t] = p
                              yr += p
                              yi[i] += p
                              cr += 1
                              ci[i] += 1
                            } else {
                              if zz < mn[t] { mn[t] = zz }
                              if zz > mx[t] { mx[t] = zz }
                              if p > 0 && zz < mp[t] { mp[t] = zz }
                            }
                          }
                          let s = j * k + c
                          prof[1].rw[s] += pr
                          prof[1].pY[s] += yr
                          prof[1].pSum[s] += sr
                          prof[1].ySum[s] += cr
                          pk += pr
                          yk += yr
                          sk += sr
                          ck += cr
                        }
                        let s = kk * k + c
                        prof[2].rw[s] += pk
                        prof[2].pY[s] += yk
                        prof[2].pSum[s] += sk
                        prof[2].ySum[s] += ck
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      for i in 0..<nx {
        prof[0].rw[i * k + c] += pi[i]
        prof[0].pY[i * k + c] += yi[i]
        prof[0].pSum[i * k + c] += si[i]
        prof[0].ySum[i * k + c] += ci[i]
      }
      progress?(Double(c + 1) / Double(k + 1))
    }
    // Per-voxel conclusions, split by true class.
    var flags = [UInt8](repeating: 0, count: voxelOutputs ? n : 0)
    var vloss = [Float](repeating: 0, count: voxelOutputs ? n : 0)
    for kk in 0..<nz {
      for j in 0..<ny {
        let row = nx * (j + ny * kk)
        for i in 0..<nx {
          let t = row + i
          let c = Int(lab[t])
          let pc = pcv[t]
          let lt = l[t]
          let logp = log(pc + 1e-15)
          let ceT = -logp
          let fo = 1 - pc + 1e-15
          let focalT = -(fo * fo) * logp
          let lowT = min(zc[t], minO[t])
          let f = Self.voxelFlags(
            k: k, zc: zc[t], minO: minO[t], maxO: maxO[t], minOP: minOP[t], l: lt, pc: pc)
          if voxelOutputs {
            vloss[t] = Float(lt)
            flags[t] = f
          }
          for a in 0..<3 {
            let s = (a == 0 ? i : a == 1 ? j : kk) * k + c
            prof[a].ce[s] += ceT
            prof[a].focal[s] += focalT
            prof[a].lowest[s] += lowT
            if f & VoxelFlag.aViolation != 0 { prof[a].aViolations[s] += 1 }
            if f & VoxelFlag.aTie != 0 { prof[a].aTies[s] += 1 }
            if f & VoxelFlag.bViolation != 0 { prof[a].bViolations[s] += 1 }
            if f & VoxelFlag.wrongLogitPushedUp != 0 { prof[a].wrongLogitPushedUp[s] += 1 }
            if f & VoxelFlag.gtLogitPushedDown != 0 { prof[a].gtLogitPushedDown[s] += 1 }
          }
        }
      }
    }
    progress?(1)
    return LossField(
      options: options, classCount: k, dims: dims, voxelLoss: vloss, voxelFlags: flags,
      profiles: prof)
  }

  /// The gradient of the per-voxel RW loss with respect to the logits, `dl/dX_k = P_k (Z_k - l)`,
  /// channel-major (`K*N`). Materialises K channels: for small volumes, tests and exports.
  public func gradient(prediction: Prediction) throws -> [Double] {
    let n = labels.voxelCount
    let k = classCount
    guard prediction.dims == labels.dims, prediction.classCount == k else {
      throw RWLossError("prediction", "does not match the labels' grid and classes")
    }
    var zs = [Double](repeating: 0, count: n * k)
    zs.withUnsafeMutableBufferPointer { zp in
      for c in 0..<k {
        channelDouble(c, into: UnsafeMutableBufferPointer(rebasing: zp[(c * n)..<((c + 1) * n)]))
      }
    }
    var g = [Double](repeating: 0, count: n * k)
    let terms = prediction.softmaxTerms()
    var p = [Double](repeating: 0, count: n * k)
    var ch = [Double](repeating: 0, count: n)
    for c in 0..<k {
      prediction.probabilityChannel(c, terms: terms, into: &ch)
      for t in 0..<n { p[c * n + t] = ch[t] }
    }
    for t in 0..<n {
      var l = 0.0
      for c in 0..<k { l += p[c * n + t] * zs[c * n + t] }
      for c in 0..<k { g[c * n + t] = p[c * n + t] * (zs[c * n + t] - l) }
    }
    return g
  }
}
