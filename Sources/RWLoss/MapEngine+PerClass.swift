#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Per-voxel state of the class-by-class evaluation, float64.
struct PerClassState: Sendable {
  let l: SharedBuffer<Double>
  let zc: SharedBuffer<Double>
  let minO: SharedBuffer<Double>
  let maxO: SharedBuffer<Double>
  let minOP: SharedBuffer<Double>
  let pc: SharedBuffer<Double>
}

extension MapEngine {
  /// The evaluation of a map whose classes need their own transforms (boundary and kin): one
  /// class channel at a time (memory does not grow with K), each class's pass in fixed blocks
  /// of k-planes on the cores; sums along i and j kept per block and added in block order,
  /// sums along k within a block (the result does not depend on the number of cores).
  func evaluatePerClass(
    prediction: Prediction, voxelOutputs: Bool, progress: (@Sendable (Double) -> Void)?,
    isCancelled: (@Sendable () -> Bool)?, completed: (@Sendable (CompletedPlanes) -> Void)? = nil
  ) throws -> LossField {
    let dims = labels.dims
    let k = classCount
    let n = labels.voxelCount
    let nx = dims[0]
    let ny = dims[1]
    let nz = dims[2]
    let nq = Self.streamQuantities
    var l = [Double](repeating: 0, count: n)
    var zc = [Double](repeating: 0, count: n)
    var minO = [Double](repeating: .infinity, count: n)
    var maxO = [Double](repeating: -.infinity, count: n)
    var minOP = [Double](repeating: .infinity, count: n)
    var pcv = [Double](repeating: 0, count: n)
    var z = [Double](repeating: 0, count: n)
    // Sums `(slice*K + class)*12 + quantity` along i then j, and along k.
    var alongIJ = [Double](repeating: 0, count: (nx + ny) * k * nq)
    var alongK = [Double](repeating: 0, count: nz * k * nq)
    let terms = prediction.softmaxTerms()
    let tmax = terms?.max ?? []
    let tsum = terms?.sum ?? []
    let probs = prediction.probabilities ?? []
    let logits = prediction.logits ?? []
    let predLabels = prediction.labelMap ?? []
    let planesPerBlock = max(1, (nz + 15) / 16)
    let blocks = (nz + planesPerBlock - 1) / planesPerBlock
    let lab = labels.labels
    for c in 0..<k {
      if isCancelled?() == true { throw CancelledError() }
      z.withUnsafeMutableBufferPointer { channelDouble(c, into: $0) }
      var parts = [[Double]](repeating: [], count: blocks)
      parts.withSharedMutable { slots in
        l.withSharedMutable { lv in
          zc.withSharedMutable { zcv in
            minO.withSharedMutable { mn in
              maxO.withSharedMutable { mx in
                minOP.withSharedMutable { mp in
                  pcv.withSharedMutable { pcp in
                    alongK.withSharedMutable { ka in
                      z.withShared { zp in
                        lab.withShared { lp in
                          probs.withShared { pp in
                            logits.withShared { xp in
                              tmax.withShared { tm in
                                tsum.withShared { ts in
                                  predLabels.withShared { pl in
                                    let state = PerClassState(
                                      l: lv, zc: zcv, minO: mn, maxO: mx, minOP: mp, pc: pcp)
                                    WorkerPool.forEachChunk(nz, size: planesPerBlock) {
                                      b, planes in
                                      var part = [Double](repeating: 0, count: (nx + ny) * 4)
                                      for kk in planes {
                                        for j in 0..<ny {
                                          var rw = 0.0
                                          var py = 0.0
                                          var ps = 0.0
                                          var ys = 0.0
                                          let row = nx * (j + ny * kk)
                                          for i in 0..<nx {
                                            let t = row + i
                                            let p: Double
                                            if pl.count > 0 {
                                              p = Int(pl[t]) == c ? 1 : 0
                                            } else if xp.count > 0 {
                                              p = exp(Double(xp[c * n + t]) - tm[t]) / ts[t]
                                            } else {
                                              p = Double(pp[c * n + t])
                                            }
                                            let zz = zp[t]
                                            let pz = p * zz
                                            state.l[t] += pz
                                            rw += pz
                                            ps += p
                                            part[i * 4] += pz
                                            part[i * 4 + 2] += p
                                            if Int(lp[t]) == c {
                                              state.zc[t] = zz
                                              state.pc[t] = p
                                              py += p
                                              ys += 1
                                              part[i * 4 + 1] += p
                                              part[i * 4 + 3] += 1
                                            } else {
                                              if zz < state.minO[t] { state.minO[t] = zz }
                                              if zz > state.maxO[t] { state.maxO[t] = zz }
                                              if p > 0 && zz < state.minOP[t] {
                                                state.minOP[t] = zz
                                              }
                                            }
                                          }
                                          let jb = (nx + j) * 4
                                          part[jb] += rw
                                          part[jb + 1] += py
                                          part[jb + 2] += ps
                                          part[jb + 3] += ys
                                          let kb = (kk * k + c) * nq
                                          ka[kb] += rw
                                          ka[kb + 1] += py
                                          ka[kb + 2] += ps
                                          ka[kb + 3] += ys
                                        }
                                      }
                                      slots[b] = part
                                    }
                                  }
                                }
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      for part in parts where !part.isEmpty {
        for s in 0..<(nx + ny) {
          for x in 0..<4 { alongIJ[(s * k + c) * nq + x] += part[s * 4 + x] }
        }
      }
      progress?(Double(c + 1) / Double(k + 1))
    }
    z = []
    // Per-voxel conclusions, split by true class.
    var flags = [UInt8](repeating: 0, count: voxelOutputs ? n : 0)
    var vloss = [Float](repeating: 0, count: voxelOutputs ? n : 0)
    var parts = [[Double]](repeating: [], count: blocks)
    parts.withSharedMutable { slots in
      flags.withSharedMutable { fl in
        vloss.withSharedMutable { vl in
          alongK.withSharedMutable { ka in
            l.withShared { lv in
              zc.withShared { zcv in
                minO.withShared { mn in
                  maxO.withShared { mx in
                    minOP.withShared { mp in
                      pcv.withShared { pcp in
                        lab.withShared { lp in
                          WorkerPool.forEachChunk(nz, size: planesPerBlock) { b, planes in
                            var part = [Double](repeating: 0, count: (nx + ny) * k * nq)
                            var rowAcc = [Double](repeating: 0, count: k * nq)
                            part.withUnsafeMutableBufferPointer { acc in
                              rowAcc.withUnsafeMutableBufferPointer { ra in
                                let colA = acc.baseAddress.unsafelyUnwrapped
                                let rowA = ra.baseAddress.unsafelyUnwrapped
                                for kk in planes {
                                  for j in 0..<ny {
                                    ra.update(repeating: 0)
                                    let row = nx * (j + ny * kk)
                                    for i in 0..<nx {
                                      let t = row + i
                                      let c = Int(lp[t])
                                      let pc = pcp[t]
                                      let f = Self.voxelFlags(
                                        k: k, zc: zcv[t], minO: mn[t], maxO: mx[t],
                                        minOP: mp[t], l: lv[t], pc: pc)
                                      if voxelOutputs {
                                        vl[t] = Float(lv[t])
                                        fl[t] = f
                                      }
                                      let logp = log(pc + 1e-15)
                                      let fo = 1 - pc + 1e-15
                                      let focal = -(fo * fo) * logp
                                      let lowest = min(zcv[t], mn[t])
                                      Self.addTruthTerms(
                                        rowA + c * nq, ce: -logp, focal: focal, lowest: lowest,
                                        flags: f)
                                      Self.addTruthTerms(
                                        colA + (i * k + c) * nq, ce: -logp, focal: focal,
                                        lowest: lowest, flags: f)
                                    }
                                    let jRow = colA + (nx + j) * k * nq
                                    let kRow = kk * k * nq
                                    for x in 0..<(k * nq) {
                                      jRow[x] += rowA[x]
                                      ka[kRow + x] += rowA[x]
                                    }
                                  }
                                }
                              }
                            }
                            slots[b] = part
                            completed?(CompletedPlanes(planes: planes, classCount: k, alongK: ka))
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    for part in parts where !part.isEmpty {
      for x in 0..<alongIJ.count { alongIJ[x] += part[x] }
    }
    progress?(1)
    let profiles = [
      Self.profile(.i, dims: dims, k: k, sums: alongIJ[0..<(nx * k * nq)]),
      Self.profile(.j, dims: dims, k: k, sums: alongIJ[(nx * k * nq)...]),
      Self.profile(.k, dims: dims, k: k, sums: alongK[...]),
    ]
    return LossField(
      options: options, classCount: k, dims: dims, voxelLoss: vloss, voxelFlags: flags,
      profiles: profiles)
  }
}
