import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How the descent simulator steps.
public struct DescentSettings: Sendable, Hashable {
  /// The first loss of the paper's compound schedule (SPEC §5), or none (pure RW loss).
  public enum Compound: String, Sendable, Hashable, CaseIterable {
    /// The RW loss alone.
    case off
    /// `a(e) * soft Dice loss + (1 - a(e)) * RW`.
    case dice
    /// `a(e) * CE + (1 - a(e)) * RW`.
    case ce
  }

  /// Number of steps.
  public var steps: Int
  /// Learning rate in units of the per-voxel RW gradient (see `DescentSimulator`).
  public var learningRate: Double
  /// The compound schedule, or `.off`.
  public var compound: Compound
  /// Epoch of step 0, for `a(e) = max((100 - e)/100, 0.01)`.
  public var firstEpoch: Double
  /// Epochs per step.
  public var epochsPerStep: Double

  /// Settings; the defaults are the viewer's (50 steps of rate 2, pure RW, 2 epochs a step).
  public init(
    steps: Int = 50, learningRate: Double = 2, compound: Compound = .off, firstEpoch: Double = 0,
    epochsPerStep: Double = 2
  ) {
    self.steps = steps
    self.learningRate = learningRate
    self.compound = compound
    self.firstEpoch = firstEpoch
    self.epochsPerStep = epochsPerStep
  }

  /// The compound weight `a` at step `s` (0 without a compound schedule: pure RW).
  public func alpha(step s: Int) -> Double {
    compound == .off
      ? 0 : RWLossFunctions.compoundAlpha(epoch: firstEpoch + Double(s) * epochsPerStep)
  }
}

/// What the simulated prediction looks like after a step (step 0: the start).
public struct DescentRecord: Sendable, Equatable {
  /// The step number (0: the start).
  public var step: Int
  /// Compound weight used for the step that led here (0 at step 0 and without a schedule).
  public var alpha: Double
  /// Paper form `sum_x l(x)` over the region.
  public var rwSum: Double
  /// Reference form `rwSum / (K n)`.
  public var rwMean: Double
  /// Mean CE over the region.
  public var ce: Double
  /// Soft Dice per class and `1 - mean_k` of it (the reference Dice loss of the region).
  public var softDice: [Double]
  /// `1 - mean_k softDice`.
  public var diceLoss: Double
  /// Hard (argmax) Dice per class; NaN when the class is in neither mask.
  public var hardDice: [Double]
  /// The minimised objective `a * first + (1 - a) * rwMean` (first: Dice loss or CE).
  public var objective: Double
  /// Voxels whose argmax changed in this step / differs from the start.
  public var flipped: Int
  /// Voxels whose argmax differs from the start.
  public var flippedSinceStart: Int
  /// Voxels where this step raised the logit of a wrong class.
  public var wrongLogitRaised: Int
  /// Voxels whose argmax is not the true class.
  public var wrong: Int
}

/// Gradient descent on free per-voxel logits under an RW map (SPEC §2), optionally with the
/// paper's compound schedule `a(e) * (Dice or CE) + (1 - a(e)) * RW` (SPEC §5).
///
/// The objective uses the reference reductions (RW mean over `K n`, CE mean, soft Dice of the
/// region) and each step is `X -= lr * K * n * grad`, so that the pure RW step of one voxel is
/// `X_k -= lr * P_k (Z_k - l)` whatever the region's size. Voxels are independent except for
/// Dice's per-class sums, so steps split the voxels across cores.
public struct DescentSimulator: Sendable {
  /// The region, its map values and starting logits.
  public let problem: DescentProblem
  /// How it steps.
  public let settings: DescentSettings
  /// Current logits, voxel-major.
  public private(set) var logits: [Double]
  /// Current argmax per voxel.
  public private(set) var argmax: [Int32]
  /// Argmax at the start.
  public let startArgmax: [Int32]
  /// Last step in which each voxel's argmax changed (0: never).
  public private(set) var lastFlip: [Int32]
  /// Whether any step so far raised a wrong logit at each voxel.
  public private(set) var raisedWrongLogit: [Bool]
  /// One record per step taken, starting with step 0.
  public private(set) var history: [DescentRecord]

  /// Chunks the voxels are split into.
  static let chunkSize = 2048

  /// A simulator at step 0 (its first record evaluated).
  public init(problem: DescentProblem, settings: DescentSettings) {
    self.problem = problem
    self.settings = settings
    logits = problem.startLogits
    let n = problem.voxelCount
    argmax = [Int32](repeating: 0, count: n)
    lastFlip = [Int32](repeating: 0, count: n)
    raisedWrongLogit = [Bool](repeating: false, count: n)
    history = []
    var first = argmax
    let rec = Self.evaluate(
      problem, logits: logits, previous: nil, start: nil, argmax: &first,
      alpha: settings.alpha(step: 0),
      compound: settings.compound, step: 0)
    argmax = first
    startArgmax = first
    history = [rec]
  }

  /// Steps taken.
  public var step: Int { history.count - 1 }
  /// Whether all `settings.steps` are done.
  public var isFinished: Bool { step >= settings.steps }
  /// The latest record.
  public var last: DescentRecord { history[history.count - 1] }

  /// Takes one step and records it.
  public mutating func advance() {
    let s = step + 1
    let a = settings.alpha(step: s - 1)
    let raised = Self.descend(
      problem, logits: &logits, alpha: a, compound: settings.compound, lr: settings.learningRate)
    var newArg = argmax
    var rec = Self.evaluate(
      problem, logits: logits, previous: argmax, start: startArgmax, argmax: &newArg, alpha: a,
      compound: settings.compound, step: s)
    var count = 0
    for t in 0..<problem.voxelCount {
      if newArg[t] != argmax[t] { lastFlip[t] = Int32(s) }
      if raised[t] {
        count += 1
        raisedWrongLogit[t] = true
      }
    }
    rec.wrongLogitRaised = count
    argmax = newArg
    history.append(rec)
  }

  /// Runs the remaining steps.
  public mutating func run() {
    while !isFinished { advance() }
  }

  /// Voxels where any step raised a wrong logit.
  public var raisedWrongLogitCount: Int { raisedWrongLogit.reduce(0) { $0 + ($1 ? 1 : 0) } }

  // MARK: kernels

  /// Splits `0..<n` into chunks of `chunkSize` run on the cores (`WorkerPool`).
  static func forChunks(_ n: Int, _ body: @Sendable (Int, Range<Int>) -> Void) {
    WorkerPool.forEachChunk(n, size: chunkSize, body)
  }

  /// Softmax of one voxel's logits into `p`.
  @inline(__always)
  static func softmax(_ x: UnsafePointer<Double>, _ k: Int, _ p: UnsafeMutablePointer<Double>) {
    var m = -Double.infinity
    for c in 0..<k { m = max(m, x[c]) }
    var s = 0.0
    for c in 0..<k {
      let e = exp(x[c] - m)
      p[c] = e
      s += e
    }
    for c in 0..<k { p[c] /= s }
  }

  /// One descent step in place; returns, per voxel, whether a wrong logit was raised.
  static func descend(
    _ pr: DescentProblem, logits: inout [Double], alpha a: Double,
    compound: DescentSettings.Compound, lr: Double
  ) -> [Bool] {
    let n = pr.voxelCount
    let k = pr.classCount
    let kd = Double(k)
    let nd = Double(n)
    // Dice needs the per-class sums of the current prediction first.
    var inter = [Double](repeating: 0, count: k)
    var sums = [Double](repeating: 0, count: k)
    if compound == .dice && a > 0 {
      let parts = partialSums(pr, logits: logits)
      inter = parts.inter
      sums = parts.sums
    }
    let useDice = compound == .dice && a > 0
    let useCE = compound == .ce && a > 0
    var raised = [Bool](repeating: false, count: n)
    let interC = inter
    let sumsC = sums
    pr.labels.withShared { lp in
      pr.maps.withShared { zp in
        logits.withSharedMutable { xp in
          raised.withSharedMutable { rp in
            forChunks(n) { _, range in
              let p = UnsafeMutablePointer<Double>.allocate(capacity: k)
              let g = UnsafeMutablePointer<Double>.allocate(capacity: k)
              let h = UnsafeMutablePointer<Double>.allocate(capacity: k)
              defer {
                p.deallocate()
                g.deallocate()
                h.deallocate()
              }
              for t in range {
                let x = xp.pointer(at: t * k)
                softmax(x, k, p)
                LogitGradient.rw(p: p, z: zp.pointer(at: t * k), classCount: k, into: g)
                let c = Int(lp[t])
                for q in 0..<k { g[q] *= (1 - a) }
                if useCE {
                  for q in 0..<k { g[q] += a * kd * (p[q] - (q == c ? 1 : 0)) }
                } else if useDice {
                  // dJ/dP_q = -(2/K)(Y_q S_q - I_q)/S_q^2, scaled by K n, then through the softmax.
                  var dot = 0.0
                  for q in 0..<k {
                    let s = sumsC[q] + 1e-6
                    h[q] = -2 * nd * ((q == c ? s : 0) - interC[q]) / (s * s)
                    dot += p[q] * h[q]
                  }
                  for q in 0..<k { g[q] += a * p[q] * (h[q] - dot) }
                }
                var up = false
                for q in 0..<k {
                  if q != c && g[q] < 0 { up = true }
                  x[q] -= lr * g[q]
                }
                rp[t] = up
              }
            }
          }
        }
      }
    }
    return raised
  }

  /// Per-class `sum P_c Y_c` and `sum (P_c + Y_c)` of the current logits.
  static func partialSums(_ pr: DescentProblem, logits: [Double]) -> (
    inter: [Double], sums: [Double]
  ) {
    let n = pr.voxelCount
    let k = pr.classCount
    let chunks = max(1, (n + chunkSize - 1) / chunkSize)
    var parts = [Double](repeating: 0, count: chunks * 2 * k)
    pr.labels.withShared { lp in
      logits.withShared { xp in
        parts.withSharedMutable { op in
          forChunks(n) { ci, range in
            let p = UnsafeMutablePointer<Double>.allocate(capacity: k)
            defer { p.deallocate() }
            let base = ci * 2 * k
            for t in range {
              softmax(xp.pointer(at: t * k), k, p)
              let c = Int(lp[t])
              op[base + c] += p[c]
              for q in 0..<k { op[base + k + q] += p[q] }
              op[base + k + c] += 1
            }
          }
        }
      }
    }
    var inter = [Double](repeating: 0, count: k)
    var sums = [Double](repeating: 0, count: k)
    for ci in 0..<chunks {
      for q in 0..<k {
        inter[q] += parts[ci * 2 * k + q]
        sums[q] += parts[ci * 2 * k + k + q]
      }
    }
    return (inter, sums)
  }

  /// Losses, Dice and argmax of the logits; flips against `previous` and `start`.
  static func evaluate(
    _ pr: DescentProblem, logits: [Double], previous: [Int32]?, start: [Int32]?,
    argmax out: inout [Int32], alpha a: Double, compound: DescentSettings.Compound,
    step: Int
  ) -> DescentRecord {
    let n = pr.voxelCount
    let k = pr.classCount
    let chunks = max(1, (n + chunkSize - 1) / chunkSize)
    // Per chunk: rw, ce, flipped, flippedSinceStart, wrong, then per class pY, pSum, ySum, tp, fp, fn.
    let width = 5 + 6 * k
    var parts = [Double](repeating: 0, count: chunks * width)
    let prev = previous ?? []
    let st = start ?? []
    let hasPrev = !prev.isEmpty
    let hasStart = !st.isEmpty
    pr.labels.withShared { lp in
      pr.maps.withShared { zp in
        logits.withShared { xp in
          prev.withShared { pv in
            st.withShared { sv in
              out.withSharedMutable { ap in
                parts.withSharedMutable { op in
                  forChunks(n) { ci, range in
                    let p = UnsafeMutablePointer<Double>.allocate(capacity: k)
                    defer { p.deallocate() }
                    let o = ci * width
                    for t in range {
                      softmax(xp.pointer(at: t * k), k, p)
                      let c = Int(lp[t])
                      var l = 0.0
                      var best = 0
                      for q in 0..<k {
                        l += p[q] * zp[t * k + q]
                        if p[q] > p[best] { best = q }
                      }
                      op[o] += l
                      op[o + 1] += -log(p[c] + 1e-15)
                      let b32 = Int32(best)
                      ap[t] = b32
                      if hasPrev && pv[t] != b32 { op[o + 2] += 1 }
                      if hasStart && sv[t] != b32 { op[o + 3] += 1 }
                      if best != c { op[o + 4] += 1 }
                      let cb = o + 5
                      op[cb + c] += p[c]
                      for q in 0..<k { op[cb + k + q] += p[q] }
                      op[cb + 2 * k + c] += 1
                      if best == c {
                        op[cb + 3 * k + c] += 1
                      } else {
                        op[cb + 4 * k + best] += 1
                        op[cb + 5 * k + c] += 1
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
    var tot = [Double](repeating: 0, count: width)
    for ci in 0..<chunks { for w in 0..<width { tot[w] += parts[ci * width + w] } }
    let cb = 5
    var soft = [Double](repeating: 0, count: k)
    var hard = [Double](repeating: 0, count: k)
    for q in 0..<k {
      soft[q] = RWLossFunctions.softDice(
        pY: tot[cb + q], pSum: tot[cb + k + q], ySum: tot[cb + 2 * k + q])
      let tp = tot[cb + 3 * k + q]
      let fp = tot[cb + 4 * k + q]
      let fn = tot[cb + 5 * k + q]
      hard[q] = tp + fp + fn == 0 ? .nan : 2 * tp / (2 * tp + fp + fn)
    }
    let rwSum = tot[0]
    let rwMean = rwSum / (Double(k) * Double(n))
    let ce = tot[1] / Double(n)
    let diceLoss = 1 - soft.reduce(0, +) / Double(k)
    let first = compound == .ce ? ce : diceLoss
    return DescentRecord(
      step: step, alpha: a, rwSum: rwSum, rwMean: rwMean, ce: ce, softDice: soft,
      diceLoss: diceLoss, hardDice: hard,
      objective: compound == .off ? rwMean : RWLossFunctions.compound(a, first, rwMean),
      flipped: Int(tot[2]),
      flippedSinceStart: Int(tot[3]), wrongLogitRaised: 0, wrong: Int(tot[4]))
  }
}
