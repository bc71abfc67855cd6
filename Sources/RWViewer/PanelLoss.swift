import RWLoss
import RWRender
import RWVolume

/// The loss panel: RW loss (paper sum and reference mean) of the slice, in total and per class
/// (ranked by `DebugState.classOrder`: |RW share|, excess by true class or index), CE, focal
/// and soft Dice loss, the slice's share of the volume and the lowest reachable loss. Columns that do not fit are dropped whole; numbers
/// switch to exponent form ("4.55e6") before they would be cut.
func drawLossPanel(_ g: inout CellGrid, _ s: ViewerState, _ w: inout PanelWriter) {
  guard let m = LossPanelModel(s) else { return }
  let axis = ["i", "j", "k"][m.axis]
  w.title(&g, "LOSS", m.settings.summary)
  w.line(
    &g,
    [
      ("slice \(axis)=\(m.index)/\(m.sliceCount - 1)", Panel.text, .bold),
      (
        m.hasPrediction ? "  \(m.slice.voxelCount) voxels" : "  no --pred: uniform P",
        m.hasPrediction ? Panel.dim : Panel.warn, .plain
      ),
    ])
  let order = s.debug.classOrder
  // By excess (and with the per-voxel loss to split it by true class): the columns say how far
  // each true class is above its lowest reachable loss; otherwise the channels' RW shares.
  let byExcess = order == .excess && m.excessPerClass != nil
  let table = PanelTable(byExcess ? PanelTable.excess : PanelTable.loss, width: w.width)
  w.line(
    &g,
    [(lpad(order.label, table.nameWidth), Panel.dim, .plain), (table.header, Panel.dim, .plain)])
  // The shares of the volume wait for the volume's numbers ("…" until then).
  let pending = m.volumePending ? (s.caps.unicode ? "…" : "...") : nil
  func values(_ v: [Double]) -> (Int, Int) -> String? {
    { n, room in
      n == 2 ? (pending ?? fitPercent(v[n], width: room)) : fitPanelNumber(v[n], room)
    }
  }
  w.line(
    &g,
    [(lpad(byExcess ? "RW excess" : "RW loss", table.nameWidth), Panel.text, .bold)]
      + table.cells(
        [
          byExcess ? (m.excess > 1e-9 ? Panel.warn : Panel.good) : Panel.text, Panel.text,
          Panel.mainTag,
        ],
        values(
          byExcess
            ? [m.excess, m.slice.lowestRWSum, m.excessShare]
            : [m.slice.rwSum, m.slice.rwMean, m.share])))
  let k = m.slice.rwSumPerClass.count
  let ranked = panelClassOrder(s, m)
  let rows = min(ranked.count, 8)
  for c in ranked.prefix(rows) {
    let name = "\(c) " + s.className(c)
    let v =
      byExcess
      ? [m.excessPerClass?[c] ?? .nan, m.lowestPerClass[c], m.classExcessShare(c)]
      : [m.slice.rwSumPerClass[c], m.classMean(c), m.classShare(c)]
    w.line(
      &g,
      [
        (s.caps.unicode ? "■ " : "# ", classColor(s, c), .plain),
        (lpad(name, table.nameWidth - 2), Panel.text, .plain),
      ]
        + table.cells([Panel.text, Panel.dim, Panel.dim], values(v)))
  }
  if k > rows {
    w.line(
      &g, [("  \(k - rows) more classes", Panel.dim, .plain), ("  l: order", Panel.dim, .plain)])
  }
  w.line(
    &g,
    [
      ("CE ", Panel.dim, .plain), (pnum(m.slice.ce), Panel.text, .plain),
      ("  focal ", Panel.dim, .plain),
      (pnum(m.slice.focal), Panel.text, .plain),
    ])
  // The reference Dice loss: soft Dice, not the argmax Dice of the metrics panel.
  w.line(
    &g, [("soft Dice loss ", Panel.dim, .plain), (pnum(m.slice.softDiceLoss), Panel.text, .plain)])
  w.line(
    &g,
    [
      (
        longest(["lowest possible ", "lowest "], before: pnum(m.slice.lowestRWSum), w.width),
        Panel.dim, .plain
      ),
      (pnum(m.slice.lowestRWSum), Panel.text, .plain),
      (" excess ", Panel.dim, .plain),
      (pnum(m.excess), m.excess > 1e-9 ? Panel.warn : Panel.good, .bold),
      (" " + (pending ?? pct(m.excessShare)), Panel.dim, .plain),
    ])
  if let total = m.total {
    w.line(
      &g,
      [
        ("volume  RW ", Panel.dim, .plain), (pnum(total.rwSum), Panel.text, .plain),
        ("  mean ", Panel.dim, .plain), (pnum(total.rwMean), Panel.text, .plain),
      ])
    w.line(
      &g,
      [
        (
          longest(["        lowest ", "  lowest "], before: pnum(total.lowestRWSum), w.width),
          Panel.dim, .plain
        ),
        (pnum(total.lowestRWSum), Panel.text, .plain),
        ("  excess ", Panel.dim, .plain),
        (pnum(total.rwSum - total.lowestRWSum), Panel.text, .plain),
      ])
  } else {
    w.line(
      &g, [("volume  ", Panel.dim, .plain), ("computing" + (pending ?? ""), Panel.dim, .plain)])
  }
  if byExcess {
    w.line(
      &g,
      longest(
        [
          "excess by true class; of exc: slice / all slices", "by true class; of exc: slice/all",
          "excess by true class",
        ], before: "", w.width), Panel.dim)
  } else if m.signed {
    w.line(
      &g,
      longest(
        [
          "of vol: |slice| / sum of |slices|", "of vol: |slice|/sum|slices|",
          "of vol: |slice| share",
        ],
        before: "", w.width), Panel.dim)
  }
  if s.debug.compare, let c = LossPanelModel(s, compare: true) {
    w.line(
      &g,
      [
        ("vs \(c.settings.name) ", Panel.compareTag, .bold), ("RW ", Panel.dim, .plain),
        (pnum(c.slice.rwSum), Panel.text, .plain),
        ("  mean ", Panel.dim, .plain), (pnum(c.slice.rwMean), Panel.text, .plain),
        ("  ", Panel.dim, .plain),
        (pct(c.share), Panel.compareTag, .plain),
      ])
  }
  w.skip()
}

/// The first (longest) of `forms` that fits in `width` cells followed by `number` (the last form
/// when none does): a label shortens before its number is dropped with it.
func longest(_ forms: [String], before number: String, _ width: Int) -> String {
  forms.first { ($0 + number).unicodeScalars.count <= width } ?? forms[forms.count - 1]
}

/// A panel table's columns for a panel width: a name column and as many value columns as fit
/// with a name column of at least 9 cells, dropped from the right (each label shown whole).
struct PanelTable {
  static let loss: [(label: String, width: Int)] = [("sum", 10), ("mean", 9), ("of vol", 8)]
  static let excess: [(label: String, width: Int)] = [
    ("excess", 10), ("lowest", 9), ("of exc", 8),
  ]
  static let metrics: [(label: String, width: Int)] = [
    ("Dice", 7), ("IoU", 7), ("HD95", 8), ("dVol", 8),
  ]
  let columns: [(label: String, width: Int)]
  /// How many value columns are shown.
  let count: Int
  let nameWidth: Int

  init(_ columns: [(label: String, width: Int)], width: Int) {
    self.columns = columns
    var n = columns.count
    while n > 1 && width - columns.prefix(n).reduce(0) { $0 + $1.width } < 9 { n -= 1 }
    count = n
    nameWidth = max(0, width - columns.prefix(n).reduce(0) { $0 + $1.width })
  }

  /// The column labels, right-aligned.
  var header: String { columns.prefix(count).map { rpad($0.label, $0.width) }.joined() }

  /// One row's cells: `text(n, room)` gives column n's text in at most `room` cells (nil: blank).
  func cells(_ colors: [CellColor], bold: Int? = 0, _ text: (Int, Int) -> String?) -> [(
    String, CellColor, CellStyle
  )] {
    (0..<count).map { n in
      (
        rpad(text(n, columns[n].width - 1) ?? "", columns[n].width), colors[n],
        n == bold ? .bold : .plain
      )
    }
  }
}

/// `v` with `d` decimals when that fits in `room` cells, else its most precise fitting form.
func fitFixed(_ v: Double, _ d: Int, _ room: Int) -> String? {
  let t = fixed(v, d)
  return t.count <= room ? t : fitNumber(v, width: room)
}

/// A panel number in at most `room` cells: "n/a" when undefined, nil when it does not fit.
func fitPanelNumber(_ v: Double, _ room: Int) -> String? {
  v.isFinite ? fitNumber(v, width: room) : ("n/a".count <= room ? "n/a" : nil)
}

/// A fraction as a percentage with one decimal (fewer, or none, when it would not fit), nil
/// when even that does not fit; "n/a" when undefined.
func fitPercent(_ v: Double, width: Int) -> String? {
  guard v.isFinite else { return "n/a".count <= width ? "n/a" : nil }
  if let t = [pct(v), fixed(v * 100, 0) + "%"].first(where: { $0.count <= width }) { return t }
  return fitNumber(v * 100, width: width - 1).map { $0 + "%" }
}

/// The order of the classes in the loss and metrics panels for the current slice.
func panelClassOrder(_ s: ViewerState, _ m: LossPanelModel) -> [Int] {
  let k = m.slice.rwSumPerClass.count
  switch s.debug.classOrder {
  case .classIndex: return Array(0..<k)
  case .excess:
    if let e = m.excessPerClass {
      let v = e.map { $0.isFinite ? $0 : -1 }
      return (0..<k).sorted { v[$0] != v[$1] ? v[$0] > v[$1] : $0 < $1 }
    }
    fallthrough
  case .contribution:
    let v = m.slice.rwSumPerClass.map { $0.isFinite ? abs($0) : -1 }
    return (0..<k).sorted { v[$0] != v[$1] ? v[$0] > v[$1] : $0 < $1 }
  }
}

/// The metrics panel: Dice, IoU, HD95 and volume difference per class, slice (2D) and volume (3D).
func drawMetricsPanel(_ g: inout CellGrid, _ s: ViewerState, _ w: inout PanelWriter) {
  w.title(&g, "METRICS", "argmax vs truth")
  guard let m = MetricsPanelModel(s) else {
    w.line(
      &g,
      s.paths[.prediction] == nil ? "needs --pred" : "computing" + (s.caps.unicode ? "…" : "..."),
      Panel.dim)
    w.skip()
    return
  }
  let axis = ["i", "j", "k"][m.axis]
  let cols = PanelTable(PanelTable.metrics, width: w.width)
  func table(_ label: String, _ rows: [ClassMetrics]?) {
    // The table's name ("slice k=30") whole, else its short form ("k=30"), else none.
    let shown = [label, short(label)].first { $0.count <= cols.nameWidth } ?? ""
    w.line(
      &g, [(lpad(shown, cols.nameWidth), Panel.text, .bold), (cols.header, Panel.dim, .plain)])
    guard let rows else {
      w.line(&g, "  computing" + (s.caps.unicode ? "…" : "..."), Panel.dim)
      return
    }
    let order = LossPanelModel(s).map { panelClassOrder(s, $0) } ?? rows.map(\.classIndex)
    let byClass = Dictionary(rows.map { ($0.classIndex, $0) }, uniquingKeysWith: { a, _ in a })
    for r in order.compactMap({ byClass[$0] }).prefix(8) {
      let name = "\(r.classIndex) " + s.className(r.classIndex)
      let dv = MetricsPanelModel.volumeDifference(r)
      let dice = r.dice
      let col: CellColor =
        !dice.isFinite ? Panel.dim : dice >= 0.9 ? Panel.good : dice >= 0.7 ? Panel.warn : Panel.bad
      let texts: [(Int) -> String?] = [
        { r.dice.isFinite ? fitFixed(r.dice, 3, $0) : "n/a" },
        { r.iou.isFinite ? fitFixed(r.iou, 3, $0) : "n/a" },
        { r.hd95.isFinite ? fitFixed(r.hd95, 1, $0) : "n/a" },
        { room in
          dv.isFinite
            ? fitPercent(dv, width: room - (dv >= 0 ? 1 : 0)).map { (dv >= 0 ? "+" : "") + $0 }
            : "n/a"
        },
      ]
      w.line(
        &g,
        [
          (s.caps.unicode ? "■ " : "# ", classColor(s, r.classIndex), .plain),
          (lpad(name, cols.nameWidth - 2), Panel.text, .plain),
        ]
          + cols.cells([col, Panel.text, Panel.text, Panel.text]) { n, room in texts[n](room) })
    }
  }
  func short(_ label: String) -> String { String(label.split(separator: " ").last ?? "") }
  table("slice \(axis)=\(m.index)", m.slice)
  table("volume 3D", m.volume)
  w.line(&g, "HD95 in mm; dVol = (pred - gt) / gt", Panel.dim)
  w.skip()
}
