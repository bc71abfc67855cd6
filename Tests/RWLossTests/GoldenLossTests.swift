import Foundation
import RWTestSupport
import Testing

@testable import RWLoss

/// Losses, compound losses, gradients, gradient-sign and principle checks of every golden case.
@Suite struct GoldenLossTests {
  static let cases = GoldenMapTests.cases

  /// Logits of a golden set in rwview layout (channel-major), RULE sets computed from the rule.
  static func logits(_ g: GoldenCase, set: String, value: Any) -> [Float] {
    if let rule = value as? String {
      #expect(rule.hasPrefix("RULE"))
      let oh: [[Double]]
      switch set {
      case "perfect": oh = g.oneHot().map { $0.map { 4 * $0 } }
      case "uniform": oh = g.oneHot().map { $0.map { _ in 0 } }
      case "all_wrong": oh = g.oneHot(1).map { $0.map { 4 * $0 } }
      default:
        Issue.record("unknown RULE logit set \(set)")
        oh = g.oneHot()
      }
      return oh.flatMap { $0.map { Float($0) } }
    }
    return g.channels(value).flatMap { $0.map { Float($0) } }
  }

  struct Evaluated {
    let field: LossField
    let engine: MapEngine
  }

  static func evaluate(_ g: GoldenCase, _ key: String, _ pred: Prediction) throws -> Evaluated {
    let engine = try MapEngine(labels: g.labels, options: g.options(forMap: key)!)
    return Evaluated(field: try engine.evaluate(prediction: pred), engine: engine)
  }

  static func total(_ f: LossField, _ a: [Double]) -> Double { a.reduce(0, +) }

  /// HD-loss of Kervadec/JunMa over foreground classes: mean of (P-Y)^2 (dtm_gt^2 + dtm_pred^2).
  static func hausdorffLoss(_ g: GoldenCase, _ pred: Prediction) throws -> Double {
    let n = g.n
    let k = g.k
    var argmax = [Int32](repeating: 0, count: n)
    for t in 0..<n {
      var best = 0
      for c in 1..<k where pred.probability(c, at: t) > pred.probability(best, at: t) { best = c }
      argmax[t] = Int32(best)
    }
    let predLabels = try LabelVolume(
      dims: g.labels.dims, spacing: g.labels.spacing, labels: argmax, classes: k)
    let opts = MapOptions(kind: .hdDTM, geometry: g.geometry)
    let gtE = try MapEngine(labels: g.labels, options: opts)
    let prE = try MapEngine(labels: predLabels, options: opts)
    var s = 0.0
    for c in 1..<k {
      let dg = try gtE.channel(class: c)
      let dp = try prE.channel(class: c)
      for t in 0..<n {
        let y: Double = Int(g.labels.labels[t]) == c ? 1 : 0
        let e = Double(pred.probability(c, at: t)) - y
        s += e * e * (Double(dg[t]) * Double(dg[t]) + Double(dp[t]) * Double(dp[t]))
      }
    }
    return s / Double((k - 1) * n)
  }

  @Test(arguments: cases.map(\.name))
  func lossesMatchGolden(name: String) throws {
    let g = try Golden.named(name)
    let sets: [String: Any] = try field(g.raw, "softmax_inputs", name)
    let n = Double(g.n)
    let k = Double(g.k)
    var checked = 0
    for (setName, setAny) in sets.sorted(by: { $0.key < $1.key }) {
      let set = try #require(setAny as? [String: Any], "\(name): softmax set \(setName)")
      let logitsJSON: Any = try #require(set["logits"], "\(name) \(setName): no logits")
      let pred = try Prediction(
        dims: g.labels.dims, classCount: g.k,
        logits: Self.logits(g, set: setName, value: logitsJSON))
      var cache: [String: Evaluated] = [:]
      func ev(_ key: String) throws -> Evaluated {
        if let e = cache[key] { return e }
        let e = try Self.evaluate(g, key, pred)
        cache[key] = e
        return e
      }
      func mean(_ key: String) throws -> Double {
        let f = try ev(key).field
        return f.profile(.k).rw.reduce(0, +) / (k * n)
      }
      let diceLoss: Double = try {
        let p = try ev("rrw").field.profile(.k)
        if g.is3D {
          var d = 0.0
          for c in 0..<g.k {
            d += 2 * p.total(p.pY, c) / (p.total(p.pSum, c) + p.total(p.ySum, c) + 1e-6)
          }
          return 1 - d / k
        }
        return (0..<p.sliceCount).map { p.statistics(slice: $0).softDiceLoss }.reduce(0, +)
          / Double(p.sliceCount)
      }()
      let ce = try ev("rrw").field.profile(.k).ce.reduce(0, +) / n
      let focal = try ev("rrw").field.profile(.k).focal.reduce(0, +) / n
      var values: [String: Double?] = [:]
      let losses: [String: Any] = try field(set, "expected_losses", "\(name) \(setName)")
      for (key, expAny) in losses.sorted(by: { $0.key < $1.key }) {
        var got: Double? = nil
        switch key {
        case "rw_rrw_mean": got = try mean("rrw")
        case "rw_rrw_spacing_mm_mean": got = try mean("rrw_spacing_mm")
        case "rw_rrw_ci_coletra_mean": got = try mean("rrw_ci_coletra")
        case "rw_ac_mean": got = try mean("rw_ac")
        case "ac_region_term_sum": got = try mean("rw_ac") * k * n
        case "rw_boundary_rwrepo_mean":
          if expAny is NSNull {
            // The reference raises: rwview zero-fills and flags the channel instead.
            let e = try MapEngine(labels: g.labels, options: g.options(forMap: "boundary_rwrepo")!)
            let flagged = (0..<e.domainCount).contains { d in
              (0..<g.k).contains { e.flags(class: $0, domain: d).contains(.zeroFilled) }
            }
            #expect(flagged, "\(name): reference raises but no channel is flagged zero-filled")
            values[key] = .some(nil)
            continue
          }
          got = try mean("boundary_rwrepo")
        case "surface_kervadec_int32_all_classes": got = try mean("boundary_kervadec_int32")
        case "surface_kervadec_float_all_classes": got = try mean("boundary_kervadec_float")
        case "surface_kervadec_float_fg_idc":
          let p = try ev("boundary_kervadec_float").field.profile(.k)
          got = (1..<g.k).map { p.total(p.rw, $0) }.reduce(0, +) / ((k - 1) * n)
        case "dice_loss_ref": got = diceLoss
        case "ce_ref": got = ce
        case "focal_ref_alpha1_gamma2": got = focal
        case "hausdorff_dt_loss_kervadec_fg_idc": got = try Self.hausdorffLoss(g, pred)
        case "rw_rrw_sum_per_image":
          let p = try ev("rrw").field.profile(.k)
          let exp = flatten(expAny)
          let per: [Double] =
            g.is3D ? [p.rw.reduce(0, +)] : (0..<p.sliceCount).map { p.slice(p.rw, $0) }
          #expect(per.count == exp.count)
          for (a, b) in zip(per, exp) {
            #expect(lossClose(a, b), "\(name) \(setName) \(key): \(a) vs \(b)")
          }
          checked += 1
          continue
        default:
          Issue.record("\(name): unknown loss \(key)")
          continue
        }
        let exp = try #require((expAny as? NSNumber)?.doubleValue, "\(name) \(setName) \(key)")
        let value = try #require(got, "\(name) \(setName) \(key): nothing computed")
        #expect(lossClose(value, exp), "\(name) \(setName) \(key): got \(value) expected \(exp)")
        values[key] = got
        checked += 1
      }
      // Compound losses from the schedule a(e) = max((100-e)/100, 0.01).
      let comp: [String: Any] = try field(set, "expected_compound_losses", "\(name) \(setName)")
      for (ckey, cval) in comp {
        let pairs: [(String, Double?)]
        if ckey.hasPrefix("epoch_") {
          let e = try #require(Double(ckey.dropFirst(6)), "\(name): compound key \(ckey)")
          let a = RWLossFunctions.compoundAlpha(epoch: e)
          let blk = try #require(cval as? [String: Any], "\(name) \(setName) \(ckey)")
          let alpha = try #require((blk["alpha"] as? NSNumber)?.doubleValue, "\(ckey): no alpha")
          #expect(abs(a - alpha) < 1e-12)
          pairs = blk.filter { $0.key != "alpha" }.map {
            ($0.key, ($0.value as? NSNumber)?.doubleValue)
          }
          for (name2, expV) in pairs {
            let got = try compound(
              name2, alpha: a, dice: diceLoss, ce: ce, rw: mean("rrw"),
              bnd: values["rw_boundary_rwrepo_mean"] ?? nil)
            check(name, setName, name2, got, expV)
          }
        } else {
          let expV = (cval as? NSNumber)?.doubleValue
          let base = ckey.replacingOccurrences(of: "Equal", with: "Gradual")
          let got = try compound(
            base, alpha: nil, dice: diceLoss, ce: ce, rw: mean("rrw"),
            bnd: values["rw_boundary_rwrepo_mean"] ?? nil)
          check(name, setName, ckey, got, expV)
        }
      }
      // Gradient sign checks.
      let signs: [String: [String: Int]] = try field(
        set, "gradient_sign_checks", "\(name) \(setName)")
      for (mkey, exp) in signs {
        let f = try ev(mkey).field.profile(.k)
        let up = (0..<g.k).map { f.total(f.wrongLogitPushedUp, $0) }.reduce(0, +)
        let down = (0..<g.k).map { f.total(f.gtLogitPushedDown, $0) }.reduce(0, +)
        #expect(up == exp["pixels_with_wrong_logit_pushed_up"], "\(name) \(setName) \(mkey) up")
        #expect(down == exp["pixels_with_gt_logit_pushed_down"], "\(name) \(setName) \(mkey) down")
        checked += 1
      }
      // Analytic gradient of the reference mean loss.
      if let gradAny = set["expected_rrw_grad_logits_mean_loss"], !(gradAny is NSNull) {
        let exp = g.channels(gradAny)
        let grad = try ev("rrw").engine.gradient(prediction: pred)
        var bad = 0
        for c in 0..<g.k {
          for t in 0..<g.n where !lossClose(grad[c * g.n + t] / (k * n), exp[c][t]) { bad += 1 }
        }
        #expect(bad == 0, "\(name) \(setName): \(bad) gradient entries differ")
        checked += 1
      }
    }
    #expect(checked > 20)
  }

  func compound(_ name: String, alpha: Double?, dice: Double, ce: Double, rw: Double, bnd: Double?)
    throws -> Double?
  {
    let first = name.contains("Dice") ? dice : ce
    let second: Double?
    if name.hasPrefix("RW") { second = rw } else { second = bnd }
    guard let s = second else { return nil }
    if let a = alpha { return RWLossFunctions.compound(a, first, s) }
    return first + s
  }

  func check(_ name: String, _ set: String, _ key: String, _ got: Double?, _ exp: Double?) {
    if let e = exp {
      #expect(
        got.map { lossClose($0, e) } == true,
        "\(name) \(set) \(key): got \(String(describing: got)) expected \(e)")
    } else {
      #expect(got == nil, "\(name) \(set) \(key): expected null")
    }
  }

  @Test(arguments: cases.map(\.name))
  func principleMatchesGolden(name: String) throws {
    let g = try Golden.named(name)
    let checks: [String: [String: Any]] = try field(g.raw, "principle_checks", name)
    for (key, exp) in checks {
      let flags: [UInt8]
      if key.hasPrefix("boundary_kervadec_float_fg_only") {
        let e = try MapEngine(
          labels: g.labels, options: g.options(forMap: "boundary_kervadec_float")!)
        flags = StabilityPrinciple.flags(labels: g.labels.labels, classCount: g.k) { c in
          c == 0 ? [Double](repeating: 0, count: g.n) : (try! e.channel(class: c)).map(Double.init)
        }
      } else {
        // Through the evaluator (any prediction: A and B do not depend on it).
        let pred = try Prediction(
          dims: g.labels.dims, classCount: g.k,
          logits: [Float](repeating: 0, count: g.k * g.n))
        flags = try Self.evaluate(g, key, pred).field.voxelFlags
      }
      let what = "\(name) \(key)"
      #expect(exp["n_pixels"] as? Int == g.n)
      let a = (0..<g.n).filter { flags[$0] & VoxelFlag.aViolation != 0 }
      let b = (0..<g.n).filter { flags[$0] & VoxelFlag.bViolation != 0 }
      #expect(a.count == exp["A_gt_strictly_lowest_violations"] as? Int, "\(what) A")
      #expect(b.count == exp["B_nongt_equal_violations"] as? Int, "\(what) B")
      func idx(_ t: Int) -> [Int] {
        let d = g.labels.dims
        let i = t % d[0]
        let j = (t / d[0]) % d[1]
        let kk = t / (d[0] * d[1])
        return g.is3D ? [0, kk, j, i] : [kk, j, i]
      }
      let expA: [[Int]] = try field(exp, "A_violating_pixels", what)
      let expB: [[Int]] = try field(exp, "B_violating_pixels", what)
      #expect(Array(a.prefix(expA.count)).map(idx) == expA, "\(name) \(key) A pixels")
      #expect(Array(b.prefix(expB.count)).map(idx) == expB, "\(name) \(key) B pixels")
    }
  }
}
