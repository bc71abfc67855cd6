import RWLoss
import RWRender
import RWReport

/// The values the profile strip plots per slice (columns) along `axis`: per class (rows) for the
/// RW sum and violations, or the slice's excess, CE and soft Dice loss (`excessRows`).
struct ProfileSeries {
  var axis: Int
  var mode: ProfileMode
  /// `values[row][slice]`.
  var values: [[Double]]
  /// What `w`/`b` rank by and the title shows: the sum over classes, or the excess.
  var total: [Double]
  /// Names of the rows of the excess mode (classes otherwise).
  static let excessRows = ["excess", "CE", "Dice loss"]

  init(_ a: LossAnalysis, axis: Int, mode: ProfileMode) {
    self.init(a.field.profile(VolumeAxis(rawValue: axis) ?? .k), mode: mode)
  }

  /// The series of a profile; slices not `done` (a profile still filling) are NaN (no bar).
  init(_ p: AxisProfile, mode: ProfileMode, done: [Bool]? = nil) {
    let axis = p.axis.rawValue
    defer {
      if let done {
        for sl in done.indices where !done[sl] {
          for r in values.indices { values[r][sl] = .nan }
          total[sl] = .nan
        }
      }
    }
    let k = p.classCount
    self.axis = axis
    self.mode = mode
    if mode == .excess {
      let st = (0..<p.sliceCount).map { p.statistics(slice: $0) }
      values = [st.map(\.rwExcess), st.map(\.ce), st.map(\.softDiceLoss)]
      total = values[0]
      return
    }
    let v = (0..<k).map { c in
      (0..<p.sliceCount).map { sl in
        mode == .loss
          ? p.rw[sl * k + c] : Double(p.aViolations[sl * k + c] + p.bViolations[sl * k + c])
      }
    }
    values = v
    total = (0..<p.sliceCount).map { sl in (0..<k).reduce(0) { $0 + v[$1][sl] } }
  }
}

/// The profile strip: one bar row per class and a total row over every slice along the current
/// axis, the current slice marked.
func drawProfileStrip(_ g: inout CellGrid, _ s: ViewerState, _ r: CellRect) {
  let u = s.caps.unicode
  g.fill(x: r.x, y: r.y, width: r.width, height: r.height, with: Cell(" "))
  guard let m = s.mapping(s.plane) else { return }
  let axis = ["i", "j", "k"][m.sliceAxis]
  let what: String
  switch s.debug.profileMode {
  case .excess: what = "RW excess over the lowest reachable, CE, soft Dice loss"
  case .loss: what = "RW loss sum per class"
  case .violations: what = "A+B violations per true class"
  }
  let computing = "computing" + (u ? "… " : "... ") + pct(s.debug.analysisProgress ?? 0)
  // The whole profile, or along k the planes completed so far (the rest follow).
  let series: ProfileSeries
  let summary: String
  let top: Int?
  if let a = s.debug.analysis {
    series = ProfileSeries(a, axis: m.sliceAxis, mode: s.debug.profileMode)
    summary = "(" + a.settings.summary + ")"
    top = worstRanking(a, axis: m.sliceAxis, mode: s.debug.profileMode).first
  } else if m.sliceAxis == 2, let pp = s.debug.partialProfile, pp.doneCount > 0 {
    series = ProfileSeries(pp.profile, mode: s.debug.profileMode, done: pp.done)
    summary = computing
    top = series.total.indices.filter { series.total[$0].isFinite }.max {
      series.total[$0] != series.total[$1] ? series.total[$0] < series.total[$1] : $0 > $1
    }
  } else {
    let text =
      s.paths[.groundTruth] == nil
      ? "the profile needs --gt LABELS"
      : "computing the profile" + (u ? "… " : "... ")
        + pct(s.debug.analysisProgress ?? 0)
    g.put("PROFILE \(axis) ", x: r.x + 1, y: r.y, fg: Panel.title, style: .bold)
    g.put(fitParts([text], width: r.width - 12), x: r.x + 11, y: r.y, fg: Panel.dim)
    return
  }
  let sliceCount = series.total.count
  let cur = s.cursor[m.sliceAxis]
  let nameW = 12
  let valueW = 11
  let barX = r.x + 1 + nameW
  let barW = max(1, r.width - nameW - valueW - 3)
  // Columns per slice (several when they fit), or bins of slices (each the maximum).
  let perSlice = sliceCount <= barW ? max(1, min(4, barW / max(1, sliceCount))) : 1
  let used = sliceCount <= barW ? sliceCount * perSlice : barW
  func columns(_ v: [Double]) -> [Double] {
    if sliceCount <= barW { return v.flatMap { Array(repeating: $0, count: perSlice) } }
    return Sparkline.resample(v, width: barW)
  }
  func column(ofSlice sl: Int) -> Int {
    sliceCount <= barW ? sl * perSlice : sl * barW / max(1, sliceCount)
  }
  let curCol = column(ofSlice: cur)
  let curW = sliceCount <= barW ? perSlice : 1
  // Title with the current and the highest slice.
  g.put("PROFILE \(axis) ", x: r.x + 1, y: r.y, fg: Panel.title, style: .bold)
  // The right-hand numbers and keys whole (by priority), the description in what is left.
  let right = fitParts(
    [(0, "\(axis)=\(cur): \(pnum(series.total[min(cur, sliceCount - 1)]))")]
      + (top.map { [(1, "highest \(axis)=\($0): " + pnum(series.total[$0]))] } ?? [])
      + [(2, "w/b jump  V mode")],
    width: max(0, r.width - 13), separator: "   ")
  g.put(
    fitParts([what, summary], width: max(0, r.width - right.count - 13), separator: " "),
    x: r.x + 11, y: r.y, fg: Panel.dim)
  g.put(right, x: max(r.x + 11, r.x + r.width - right.count - 1), y: r.y, fg: Panel.dim)
  let k = series.values.count
  let rows = min(k, max(0, r.height - 3))
  let highlight = CellColor.rgb(RGB(60, 60, 75))
  func bars(
    _ y: Int, _ name: String, _ nameColor: CellColor, _ values: [Double], _ barColor: CellColor
  ) {
    g.put(lpad(name, nameW - 1), x: r.x + 1, y: y, fg: nameColor, maxWidth: nameW - 1)
    // Violation counts: a slice without any draws no bar; counts and the excess mode's
    // non-negative rows scale from 0.
    let counts = s.debug.profileMode == .violations
    let fromZero = counts || s.debug.profileMode == .excess
    let line = Sparkline.line(
      columns(values), unicode: u, lo: fromZero ? 0 : nil, blankZero: counts)
    var x = barX
    for ch in line.unicodeScalars {
      let inCur = x - barX >= curCol && x - barX < curCol + curW
      g[x, y] = Cell(ch, fg: barColor, bg: inCur ? highlight : .terminalDefault)
      x += 1
    }
    let v = values[min(cur, values.count - 1)]
    g.put(rpad(pnum(v), valueW), x: r.x + r.width - valueW - 1, y: y, fg: Panel.text)
  }
  let excessMode = s.debug.profileMode == .excess
  for c in 0..<rows {
    if excessMode {
      let col = [Panel.warn, Panel.text, Panel.good][c]
      bars(r.y + 1 + c, ProfileSeries.excessRows[c], col, series.values[c], col)
      continue
    }
    let col = classColor(s, c)
    let barColor: CellColor = s.debug.profileMode == .violations ? Panel.bad : col
    bars(r.y + 1 + c, "\(c) " + s.className(c), col, series.values[c], barColor)
  }
  // The total row (the excess mode's first row is its own total), then the slice marker row.
  let totalRows = excessMode ? 0 : 1
  if r.height >= rows + 2 + totalRows {
    if !excessMode { bars(r.y + 1 + rows, "total", Panel.text, series.total, Panel.text) }
    let my = r.y + 1 + rows + totalRows
    g.put("0", x: barX, y: my, fg: Panel.dim)
    let lastLabel = String(sliceCount - 1)
    g.put(lastLabel, x: barX + max(0, used - lastLabel.count), y: my, fg: Panel.dim)
    g.put(u ? "▲" : "^", x: barX + curCol + (curW - 1) / 2, y: my, fg: Panel.mainTag, style: .bold)
  }
}
