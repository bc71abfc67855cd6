extension StatsReport {
  /// The report as one JSON object with exactly the `rwview stats --json` schema (total,
  /// per_class, slices, metrics); NaN and infinities are written as null, never as literals.
  public func json() -> String {
    func num(_ v: Double) -> String { v.isFinite ? "\(v)" : "null" }
    func list(_ a: [Double]) -> String { "[" + a.map(num).joined(separator: ",") + "]" }
    func ilist(_ a: [Int]) -> String { "[" + a.map(String.init).joined(separator: ",") + "]" }
    var s = "{"
    s += "\"total\":{\"rw_sum\":\(num(total.rwSum)),\"rw_mean\":\(num(total.rwMean)),\"ce\":\(num(total.ce)),"
    s += "\"focal\":\(num(total.focal)),\"dice_loss\":\(num(total.diceLoss)),\"lowest_rw_sum\":\(num(total.lowestRWSum)),"
    s += "\"principle\":{\"A_violations\":\(total.aViolations),\"B_violations\":\(total.bViolations)}},"
    s += "\"per_class\":[" + perClass.map {
      "{\"class\":\($0.classIndex),\"rw_sum\":\(num($0.rwSum)),\"ce\":\(num($0.ce)),\"dice\":\(num($0.dice))}"
    }.joined(separator: ",") + "],"
    s += "\"slices\":{\"axis\":\"\(slices.axis.name)\",\"rw_sum\":\(list(slices.rwSum)),\"rw_mean\":\(list(slices.rwMean)),"
    s += "\"A_violations\":\(ilist(slices.aViolations)),\"B_violations\":\(ilist(slices.bViolations))},"
    s += "\"metrics\":[" + metrics.map { m in
      "{\"class\":\(m.classIndex),\"dice\":\(num(m.dice)),\"iou\":\(num(m.iou)),\"tp\":\(m.tp),\"fp\":\(m.fp),"
        + "\"fn\":\(m.fn),\"volume_gt_mm3\":\(num(m.volumeReferenceMM3)),\"volume_pred_mm3\":\(num(m.volumePredictionMM3)),"
        + "\"hd\":\(num(m.hd)),\"hd95\":\(num(m.hd95)),\"assd\":\(num(m.assd))}"
    }.joined(separator: ",") + "]"
    s += "}"
    return s
  }

  /// A readable plain-text table.
  public func table() -> String {
    func f(_ v: Double, _ w: Int = 12) -> String {
      let s = v.isFinite ? fmt(v) : "n/a"
      return String(repeating: " ", count: max(0, w - s.count)) + s
    }
    func i(_ v: Int, _ w: Int = 8) -> String {
      let s = String(v)
      return String(repeating: " ", count: max(0, w - s.count)) + s
    }
    var out: [String] = []
    out.append("map \(options.kind.rawValue)")
    out.append("total   rw_sum \(fmt(total.rwSum))  rw_mean \(fmt(total.rwMean))  ce \(fmt(total.ce))  "
      + "focal \(fmt(total.focal))  dice_loss \(fmt(total.diceLoss))  lowest_rw_sum \(fmt(total.lowestRWSum))")
    out.append("principle  A violations \(total.aViolations)  B violations \(total.bViolations)  "
      + "wrong logit pushed up \(total.wrongLogitPushedUp)  gt logit pushed down \(total.gtLogitPushedDown)")
    out.append("")
    out.append("class       rw_sum          ce        dice")
    for c in perClass { out.append(i(c.classIndex, 5) + f(c.rwSum) + f(c.ce) + f(c.dice)) }
    out.append("")
    out.append("class     dice      iou        tp        fp        fn  vol_gt_mm3 vol_pred_mm3        hd      hd95      assd")
    for m in metrics {
      out.append(i(m.classIndex, 5) + f(m.dice, 9) + f(m.iou, 9) + i(m.tp, 10) + i(m.fp, 10) + i(m.fn, 10)
        + f(m.volumeReferenceMM3, 12) + f(m.volumePredictionMM3, 13) + f(m.hd, 10) + f(m.hd95, 10) + f(m.assd, 10))
    }
    out.append("")
    out.append("slice (\(slices.axis.name))      rw_sum     rw_mean       A       B")
    for s in 0..<slices.rwSum.count {
      out.append(i(s, 9) + f(slices.rwSum[s]) + f(slices.rwMean[s]) + i(slices.aViolations[s]) + i(slices.bViolations[s]))
    }
    return out.joined(separator: "\n")
  }
}

/// Short fixed-precision text of a number (6 significant digits), no Foundation.
func fmt(_ v: Double) -> String {
  guard v.isFinite else { return "n/a" }
  if v == 0 { return "0" }
  let a = abs(v)
  if a >= 1e6 || a < 1e-4 {
    // Scientific with 4 decimals.
    var e = 0
    var m = a
    while m >= 10 { m /= 10; e += 1 }
    while m < 1 { m *= 10; e -= 1 }
    return (v < 0 ? "-" : "") + fixed(m, 4) + "e" + String(e)
  }
  let digits = max(0, 5 - Int((a.squareRoot() * a.squareRoot()).magnitudeDigits))
  return (v < 0 ? "-" : "") + fixed(a, digits)
}

private func fixed(_ a: Double, _ d: Int) -> String {
  var p = 1.0
  for _ in 0..<d { p *= 10 }
  let r = (a * p).rounded()
  let ip = Int(r / p)
  let fp = Int(r - Double(ip) * p)
  if d == 0 { return String(ip) }
  var fs = String(fp)
  while fs.count < d { fs = "0" + fs }
  return String(ip) + "." + fs
}

extension Double {
  /// Number of digits before the decimal point (at least 1).
  fileprivate var magnitudeDigits: Int {
    var n = 1
    var x = self
    while x >= 10 { x /= 10; n += 1 }
    return n
  }
}
