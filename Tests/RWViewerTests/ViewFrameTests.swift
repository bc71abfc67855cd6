import RWLoss
import RWRender
import RWTestSupport
import Testing

@testable import RWViewer

/// Frames of the 8×6×4 phantom in a 40×12 terminal: the axial slice fits at exactly 2 display
/// pixels per voxel, occupying cell columns 12...27 (2 cells per voxel) and cell rows 2...7
/// (1 cell per voxel), radiological: column 12 shows i = 7, row 2 shows j = 5.
@Suite struct ViewFrameTests {
  static func small() -> ViewerState {
    var s = Phantom.state(cols: 40, rows: 12)
    s.window = WindowLevel(low: 0, high: 400)
    return s
  }

  /// Cell showing voxel (i, j) of the axial slice (both half-pixels are that voxel).
  static func cell(_ g: CellGrid, i: Int, j: Int) -> Cell { g[12 + 2 * (7 - i), 2 + (5 - j)] }

  static func grey(_ i: Int, _ j: Int, _ k: Int) -> RGB {
    let v = UInt8(Float(i + 10 * j + 100 * k) * 255 / 400)
    return RGB(v, v, v)
  }

  @Test func imageOnlyIsWindowedGreyWithLetters() {
    var s = Self.small()
    s.visible.groundTruth = false
    s.visible.prediction = false
    let g = view(s)
    for (i, j) in [(0, 0), (7, 5), (3, 2), (6, 1)] {
      let c = Self.cell(g, i: i, j: j)
      #expect(c.char == "█" && c.fg == .rgb(Self.grey(i, j, 2)), "voxel \(i),\(j)")
    }
    // Outside the slice: black.
    #expect(g[11, 4].fg == .rgb(RGB(0, 0, 0)) && g[28, 4].fg == .rgb(RGB(0, 0, 0)))
    #expect(
      g[0, 5].char == "R" && g[39, 5].char == "L" && g[20, 1].char == "A" && g[20, 8].char == "P")
    // Cursor (4, 3): the lower half-pixel of the left cell of the voxel is magenta.
    #expect(
      g[19, 4].char == "▀" && g[19, 4].bg == .rgb(RGB(255, 0, 255))
        && g[19, 4].fg == .rgb(Self.grey(4, 3, 2)))
    #expect(g.lines[9] == "axial k=2/3  voxel (i,j,k)=(4,3,2)  RAS ")
    #expect(
      positionLine(s) == "axial k=2/3  voxel (i,j,k)=(4,3,2)  world (x,y,z)=(4.0,3.0,2.0) mm  RAS")
    #expect(g.lines[0].contains("axial k=2/3"))
  }

  @Test func neurologicalMirrorsTheImage() {
    var s = Self.small()
    s.radiological = false
    s.visible.groundTruth = false
    s.visible.prediction = false
    let g = view(s)
    // Column 12 now shows i = 0.
    #expect(g[12, 7].fg == .rgb(Self.grey(0, 0, 2)))
    #expect(g[0, 5].char == "L" && g[39, 5].char == "R")
  }

  @Test func predictionFillAndGroundTruthOutline() {
    let g = view(Self.small())
    let yellow = LabelPalette.generated(1)
    // Interior voxel of class 1, predicted 1: grey blended with the class colour at 0.5.
    #expect(Self.cell(g, i: 3, j: 2).fg == .rgb(Compositing.blend(Self.grey(3, 2, 2), yellow, 0.5)))
    // Voxel (4, 2) is on the right edge of the class-1 box (i = 4 is its last column; screen
    // left in radiological view): its left pixel is outline, its right pixel still fill.
    let left = g[12 + 2 * 3, 2 + 3]
    let right = g[13 + 2 * 3, 2 + 3]
    #expect(left.fg == .rgb(yellow))
    #expect(right.fg == .rgb(Compositing.blend(Self.grey(4, 2, 2), yellow, 0.5)))
    // Background voxel predicted as class 2: filled with class 2's colour.
    #expect(
      Self.cell(g, i: 0, j: 0).fg
        == .rgb(Compositing.blend(Self.grey(0, 0, 2), LabelPalette.generated(2), 0.5)))
    #expect(
      valuesLine(Self.small()) == "img 234 | gt 1 label 1 | pred 0 background p=[0.80 0.10 0.10]")
  }

  @Test func errorLayerColoursTPFPFN() {
    var s = Self.small()
    s.visible.error = true
    let g1 = view(s)  // class 1
    #expect(
      Self.cell(g1, i: 3, j: 2).fg
        == .rgb(Compositing.blend(Self.grey(3, 2, 2), ErrorColors.truePositive, 0.6)))
    #expect(
      g1[12 + 2 * 3, 2 + 2].fg
        == .rgb(Compositing.blend(Self.grey(4, 3, 2), ErrorColors.falseNegative, 0.6)))
    #expect(Self.cell(g1, i: 0, j: 0).fg == .rgb(Self.grey(0, 0, 2)))  // not class 1: untouched
    s.selectedClass = 2
    let g2 = view(s)
    #expect(
      Self.cell(g2, i: 0, j: 0).fg
        == .rgb(Compositing.blend(Self.grey(0, 0, 2), ErrorColors.falsePositive, 0.6)))
    #expect(
      Self.cell(g2, i: 6, j: 5).fg
        == .rgb(Compositing.blend(Self.grey(6, 5, 2), ErrorColors.truePositive, 0.6)))
  }

  @Test func errorKindPerClassAndAllClasses() {
    #expect(ErrorKind.classify(gt: 1, pred: 1, selected: 1) == .truePositive)
    #expect(ErrorKind.classify(gt: 1, pred: 2, selected: 1) == .falseNegative)
    #expect(ErrorKind.classify(gt: 1, pred: 2, selected: 2) == .falsePositive)
    #expect(ErrorKind.classify(gt: 0, pred: 0, selected: 1) == .none)
    #expect(ErrorKind.classify(gt: 2, pred: 2, selected: 0) == .truePositive)
    #expect(ErrorKind.classify(gt: 2, pred: 1, selected: 0) == .falseNegative)
    #expect(ErrorKind.classify(gt: 0, pred: 1, selected: 0) == .falsePositive)
  }

  @Test func mapLayerUsesTheDivergingMapAndShowsValues() {
    var s = Self.small()
    s.visible.groundTruth = false
    s.visible.prediction = false
    s.visible.map = true
    let job = MapJob(
      generation: 1, options: MapOptions(kind: .rwAC), dims: [8, 6, 4], spacing: [1, 1, 1],
      labels: s.groundTruth!.labels, classCount: 3, priority: [])
    s.mapGeneration = 1
    s.maps = MapVolume(generation: 1, settings: job.options, dims: [8, 6, 4], classCount: 3)
    _ = update(
      &s,
      .mapUnit(
        generation: 1, unit: 2, values: try! ActiveContourTestSource().computeUnit(2, job: job)))
    // A stale generation is ignored.
    _ = update(&s, .mapUnit(generation: 0, unit: 1, values: [Float](repeating: 9, count: 144)))
    #expect(s.maps!.doneCount == 1)
    let g = view(s)
    let cmap = DivergingMap(maxAbs: 1)
    // Class 1 map: 0 inside the box (white), 1 outside (red), blended at 0.6.
    #expect(
      Self.cell(g, i: 3, j: 2).fg == .rgb(Compositing.blend(Self.grey(3, 2, 2), cmap.color(0), 0.6))
    )
    #expect(
      Self.cell(g, i: 0, j: 0).fg == .rgb(Compositing.blend(Self.grey(0, 0, 2), cmap.color(1), 0.6))
    )
    // Cursor (4, 3) is class 1, predicted 0 with p = (0.8, 0.1, 0.1): Z = (1, 0, 1), P·Z = 0.9.
    #expect(valuesLine(s).hasSuffix(" | rw-ac Z=[1 0 1] P·Z=0.9000"))
    #expect(g.lines[0].contains("maps 1/4"))
    // The loss view: l = Σ P_k Z_k; at (3, 2) p = (0.1, 0.8, 0.1) → 0.2.
    s.mapQuantity = .loss
    let gl = view(s)
    let lossMap = DivergingMap(maxAbs: 1)
    #expect(
      Self.cell(gl, i: 3, j: 2).fg
        == .rgb(Compositing.blend(Self.grey(3, 2, 2), lossMap.color(0.2), 0.6)))
    // Slice k = 1 is not computed: the map layer leaves it untouched.
    s.cursor[2] = 1
    #expect(Self.cell(view(s), i: 3, j: 2).fg == .rgb(Self.grey(3, 2, 1)))
  }

  @Test func tooSmallTerminalSaysSo() {
    var s = Phantom.state(cols: 30, rows: 8)
    let g = view(s)
    #expect(g.lines.contains { $0.contains("terminal too small") })
    #expect(g.lines.contains { $0.contains("(need 40×12,") })
    s.caps = RenderCaps(colorMode: .palette256, unicode: false)
    #expect(view(s).lines.contains { $0.contains("(need 40x12,") })
  }

  @Test func asciiAndMonochromeFallbacks() {
    var s = Self.small()
    s.caps = RenderCaps(colorMode: .palette8, unicode: false)
    let g = view(s)
    #expect(g.cells.allSatisfy { $0.char.isASCII })
    #expect(Self.cell(g, i: 7, j: 5).bg == .rgb(Self.grey(7, 5, 2)))
    s.caps = RenderCaps(colorMode: .monochrome, unicode: false)
    let m = view(s)
    #expect(m.cells.allSatisfy { $0.char.isASCII })
    s.visible.groundTruth = false
    s.visible.prediction = false
    // Brightest voxel (7, 5, 2) → grey 163 → ramp index 163 * 10 / 256 = 6 → "*".
    #expect(Self.cell(view(s), i: 7, j: 5).char == "*")
  }

  @Test func helpOverlayListsTheKeyMapInColumnsWhenItFits() {
    // 160×50: every group fits on one screen, in columns, without scrolling.
    var s = Phantom.state(cols: 160, rows: 50)
    s.helpVisible = true
    let g = view(s)
    let text = g.lines.joined(separator: "\n")
    #expect(text.contains("rwview keys"))
    #expect(!text.contains("lines 1"))
    for b in KeyMap.standard.bindings { #expect(text.contains(b.help), "help lacks \(b.help)") }
    // More than one column, and every group title sits directly above its first entry.
    let groups = KeyMap.standard.helpGroups()
    var columnsSeen = Set<Int>()
    for group in groups {
      let found = Self.find(group.title, in: g)
      #expect(found != nil, "no title \(group.title)")
      guard let (x, y) = found else { continue }
      columnsSeen.insert(x)
      #expect(
        g.lines[y + 1].unicodeScalars.dropFirst(x).starts(with: group.entries[0].unicodeScalars),
        "\(group.title) is not followed by its first entry")
    }
    #expect(columnsSeen.count >= 2)
  }

  /// Column and row of the first cell where `text` starts.
  static func find(_ text: String, in g: CellGrid) -> (Int, Int)? {
    for (y, line) in g.lines.enumerated() {
      let cells = Array(line.unicodeScalars)
      let t = Array(text.unicodeScalars)
      guard cells.count >= t.count else { continue }
      for x in 0...(cells.count - t.count) where Array(cells[x..<(x + t.count)]) == t {
        return (x, y)
      }
    }
    return nil
  }

  /// Opens the help, then scrolls with `key` until the last row shows, collecting every frame.
  static func helpPages(cols: Int, rows: Int, caps: RenderCaps = .full, key: Key = .char("j"))
    -> [CellGrid]
  {
    var s = Phantom.state(cols: cols, rows: rows, caps: caps)
    _ = update(&s, .key(.char("?")))
    var frames = [view(s)]
    for _ in 0..<500 {
      let before = s.helpScroll
      _ = update(&s, .key(key))
      if s.helpScroll == before { break }
      frames.append(view(s))
    }
    return frames
  }

  @Test(arguments: [(80, 24, true), (80, 24, false), (120, 30, true), (40, 12, false)])
  func everyBindingIsReachableByScrolling(cols: Int, rows: Int, unicode: Bool) {
    let caps = unicode ? RenderCaps.full : RenderCaps(colorMode: .palette8, unicode: false)
    let frames = Self.helpPages(cols: cols, rows: rows, caps: caps)
    #expect(frames.count > 1, "the help should scroll at \(cols)x\(rows)")
    let all = frames.flatMap(\.lines)
    // Each binding's whole entry ("  keys  description") shows on some row of some frame.
    for group in KeyMap.standard.helpGroups(ascii: !unicode) {
      #expect(all.contains { $0.contains(group.title) }, "never shows \(group.title)")
      for entry in group.entries where cols >= 80 {
        #expect(all.contains { $0.contains(entry) }, "never shows \(entry)")
      }
    }
    // Narrower than an entry, descriptions wrap onto indented rows: every word still shows.
    for b in KeyMap.standard.bindings {
      for word in (unicode ? b.help : b.help.asciiFolded).split(separator: " ") {
        #expect(all.contains { $0.contains(word) }, "never shows \(word) of \(b.help)")
      }
    }
    if !unicode { #expect(frames.allSatisfy { $0.cells.allSatisfy { $0.char.isASCII } }) }
    // The footer counts rows: the first page starts at 1, the last ends at N.
    let dash = unicode ? "–" : "-"
    let firstFooter = frames[0].lines.first { $0.contains("lines 1\(dash)") }
    #expect(firstFooter != nil)
    let lastFooter = frames.last!.lines.first { $0.contains("lines ") && $0.contains(" of ") }
    if let f = lastFooter,
      let r = f.range(of: #"lines (\d+)\S(\d+) of (\d+)"#, options: .regularExpression)
    {
      let nums = f[r].split { !$0.isNumber }.map { Int($0)! }
      #expect(nums[1] == nums[2] && nums[0] > 1, "last page: \(f[r])")
    } else {
      Issue.record("no footer on the last page")
    }
  }

  @Test func helpPagesEndsAndClosesWithoutQuitting() {
    var s = Phantom.state(cols: 80, rows: 24)
    _ = update(&s, .key(.char("?")))
    _ = update(&s, .key(.end))
    let last = s.helpScroll
    #expect(last > 0)
    _ = update(&s, .key(.char("j")))
    #expect(s.helpScroll == last)  // clamped at the end
    _ = update(&s, .key(.pageUp))
    #expect(s.helpScroll == last - 21)  // a page is the 22 visible rows less one kept for context
    _ = update(&s, .key(.home))
    #expect(s.helpScroll == 0)
    _ = update(&s, .key(.char("k")))
    #expect(s.helpScroll == 0 && s.cursor == [4, 3, 2])
    _ = update(&s, .key(.pageDown))
    #expect(s.helpScroll == 21)
    // Arrow keys scroll too, and neither they nor j/k move the cursor or the slice.
    _ = update(&s, .key(.down))
    _ = update(&s, .key(.down))
    _ = update(&s, .key(.up))
    #expect(s.helpScroll == 22 && s.cursor == [4, 3, 2])
    let q = update(&s, .key(.char("q")))
    #expect(!s.helpVisible && !s.quitRequested && q.isEmpty)
    // Reopened, it starts at the top.
    _ = update(&s, .key(.char("?")))
    #expect(s.helpVisible && s.helpScroll == 0)
    _ = update(&s, .key(.char("?")))
    #expect(!s.helpVisible)
  }

  @Test func snapshotHelpFirstPage80x24() {
    var s = Phantom.state(cols: 80, rows: 24)
    s.window = WindowLevel(low: 0, high: 400)
    _ = update(&s, .key(.char("?")))
    assertSnapshot(view(s).snapshotText, named: "help-first-page-80x24")
  }

  /// The help box leaves no fragment of the frame's text beside it (a window "0..400" showed as
  /// "00" right of the box, "gt 1" as "gt" left of it): the cells beside the box are blank or
  /// image, at every width.
  @Test func helpLeavesNoCutTextBesideIt() {
    for cols in ViewLayout.minCols...200 {
      var s = Phantom.state(cols: cols, rows: 24)
      s.window = WindowLevel(low: 0, high: 400)
      _ = update(&s, .key(.char("?")))
      let g = view(s)
      let box = helpLayout(s, .standard).box
      let images = ViewLayout(s).panes.map { ViewLayout.imageRect($0.rect) }
      for y in box.y..<(box.y + box.height) {
        for x in [box.x - 1, box.x + box.width] where x >= 0 && x < cols {
          let inImage = images.contains {
            x >= $0.x && x < $0.x + $0.width && y >= $0.y && y < $0.y + $0.height
          }
          #expect(inImage || g[x, y].char == " ", "\(cols)x24 row \(y): \(g.lines[y])")
        }
      }
    }
  }

  @Test func snapshotSinglePlaneWithSidebar() {
    var s = Phantom.state(cols: 80, rows: 18)
    s.window = WindowLevel(low: 0, high: 400)
    s.visible.error = true
    assertSnapshot(view(s).snapshotText, named: "single-plane-error-80x18")
  }

  @Test func snapshotThreePlaneWithMap() {
    var s = Phantom.state(cols: 90, rows: 20)
    s.window = WindowLevel(low: 0, high: 400)
    s.threePlane = true
    s.plane = .coronal
    s.visible.map = true
    s.mapGeneration = 1
    let settings = MapOptions(kind: .rwAC, geometry: .volume)
    s.maps = MapVolume(generation: 1, settings: settings, dims: [8, 6, 4], classCount: 3)
    let job = MapJob(
      generation: 1, options: settings, dims: [8, 6, 4], spacing: [1, 1, 1],
      labels: s.groundTruth!.labels, classCount: 3, priority: [])
    _ = update(
      &s,
      .mapUnit(
        generation: 1, unit: 0, values: try! ActiveContourTestSource().computeUnit(0, job: job)))
    let g = view(s)
    #expect(g.lines[0].contains("coronal j=3/5"))
    #expect(g.lines.contains { $0.contains("map rw-ac c1") })
    assertSnapshot(g.snapshotText, named: "three-plane-map-90x20")
  }
}
