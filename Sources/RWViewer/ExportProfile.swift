import RWLoss

/// The per-slice profile of one map along one axis as CSV and JSON (numbers from the loss core's
/// `AxisProfile.statistics`, the same as `rwview stats`).
public struct ProfileExport: Sendable {
  public var analysis: LossAnalysis
  public var axis: Int
  public var labelNames: [String]

  public init(analysis: LossAnalysis, axis: Int, labelNames: [String]) {
    self.analysis = analysis
    self.axis = axis
    self.labelNames = labelNames
  }

  /// Every slice's statistics.
  public var slices: [SliceStatistics] {
    let p = analysis.field.profile(VolumeAxis(rawValue: axis) ?? .k)
    return (0..<p.sliceCount).map { p.statistics(slice: $0) }
  }

  static func num(_ v: Double) -> String { v.isFinite ? "\(v)" : "" }
  static func jnum(_ v: Double) -> String { v.isFinite ? "\(v)" : "null" }

  /// One header line, then one line per slice.
  public func csv() -> String {
    let k = analysis.field.classCount
    var head = ["slice", "rw_sum", "rw_mean"]
    head += (0..<k).map { "rw_sum_class\($0)" }
    head += ["ce", "focal", "dice_loss"]
    head += (0..<k).map { "dice_class\($0)" }
    head += ["lowest_rw_sum", "A_violations", "B_violations"]
    head += (0..<k).map { "A_violations_class\($0)" } + (0..<k).map { "B_violations_class\($0)" }
    head += ["wrong_logit_pushed_up", "gt_logit_pushed_down"]
    var lines = [head.joined(separator: ",")]
    for s in slices {
      var f = [String(s.index), Self.num(s.rwSum), Self.num(s.rwMean)]
      f += s.rwSumPerClass.map(Self.num)
      f += [Self.num(s.ce), Self.num(s.focal), Self.num(s.diceLoss)]
      f += s.dicePerClass.map(Self.num)
      f += [Self.num(s.lowestRWSum), String(s.aViolations), String(s.bViolations)]
      f += s.aViolationsPerClass.map(String.init) + s.bViolationsPerClass.map(String.init)
      f += [String(s.wrongLogitPushedUp), String(s.gtLogitPushedDown)]
      lines.append(f.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One JSON object: the map, the axis, the class names and a list of slices.
  public func json() -> String {
    func list(_ a: [Double]) -> String { "[" + a.map(Self.jnum).joined(separator: ",") + "]" }
    func ilist(_ a: [Int]) -> String { "[" + a.map(String.init).joined(separator: ",") + "]" }
    func str(_ s: String) -> String {
      var out = "\""
      for c in s.unicodeScalars {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        default:
          if c.value < 0x20 {
            let h = String(c.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
          } else { out.unicodeScalars.append(c) }
        }
      }
      return out + "\""
    }
    let m = analysis.settings
    var out = "{\"map\":\(str(m.name)),\"settings\":\(str(m.summary)),\"axis\":\"\(["i", "j", "k"][axis])\","
    out += "\"classes\":[" + labelNames.map(str).joined(separator: ",") + "],"
    out += "\"total\":{\"rw_sum\":\(Self.jnum(analysis.report.total.rwSum)),\"rw_mean\":\(Self.jnum(analysis.report.total.rwMean))},"
    out += "\"slices\":["
    out += slices.map { s in
      "{\"slice\":\(s.index),\"rw_sum\":\(Self.jnum(s.rwSum)),\"rw_mean\":\(Self.jnum(s.rwMean)),"
        + "\"rw_sum_per_class\":\(list(s.rwSumPerClass)),\"ce\":\(Self.jnum(s.ce)),\"focal\":\(Self.jnum(s.focal)),"
        + "\"dice_loss\":\(Self.jnum(s.diceLoss)),\"dice_per_class\":\(list(s.dicePerClass)),"
        + "\"lowest_rw_sum\":\(Self.jnum(s.lowestRWSum)),\"A_violations\":\(s.aViolations),\"B_violations\":\(s.bViolations),"
        + "\"A_violations_per_class\":\(ilist(s.aViolationsPerClass)),\"B_violations_per_class\":\(ilist(s.bViolationsPerClass)),"
        + "\"wrong_logit_pushed_up\":\(s.wrongLogitPushedUp),\"gt_logit_pushed_down\":\(s.gtLogitPushedDown)}"
    }.joined(separator: ",")
    out += "]}\n"
    return out
  }
}
