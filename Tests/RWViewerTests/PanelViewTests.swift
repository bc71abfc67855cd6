import Foundation
import RWLoss
import RWRender
import RWTestSupport
import RWVolume
import Testing

@testable import RWViewer

/// The debugging features on the small phantom: keys, worst slices, overlays, exports.
@Suite struct PanelViewTests {
  static let files: [String: Volume] = [
    "img.nii": Phantom.image(), "gt.nii": Phantom.labels(), "pred.nii": Phantom.probabilities(),
  ]

  static func session(
    _ keys: [Key], map: String = "rrw", cols: Int = 160, rows: Int = 50,
    configure: (inout ViewerState) -> Void = { _ in }
  ) -> (ViewerState, RecordingTerminal) {
    let loader: VolumeLoader = { path in
      // A ".png" path stands for an input named like an export (the labels).
      guard let v = files[path] ?? (path.hasSuffix(".png") ? Phantom.labels() : nil) else {
        throw ViewerError("\(path): no such file")
      }
      return (v, [])
    }
    var s = ViewerState()
    s.paths = [.image: "img.nii", .groundTruth: "gt.nii", .prediction: "pred.nii"]
    s.mapOptions = MapOptions(kind: MapKind(name: map) ?? .rrw)
    s.debug.simulationDelayMs = 0
    configure(&s)
    let term = RecordingTerminal(width: cols, height: rows, events: keys.map { .key($0) })
    let rt = ViewerRuntime(terminal: term, state: s, loader: loader, mapSource: LossMapSource())
    rt.deterministic = true
    return (rt.run(), term)
  }

  static func keys(_ text: String) -> [Key] { text.map { .char($0) } }

  /// f/F cycle the listed map kinds (the undocumented hd-* extensions are never offered); each
  /// switch recomputes the map and the analysis.
  @Test func mapKeysCycleEveryKindAndRecompute() {
    let (s, term) = Self.session(Self.keys("Lfff"))
    #expect(s.mapOptions.kind == .boundaryKervadec)
    #expect(
      s.visible.map && s.maps?.settings.name == "boundary-kervadec" && s.maps?.isComplete == true)
    #expect(s.debug.analysis?.settings.name == "boundary-kervadec")
    #expect(term.lastFrame!.lines.contains { $0.contains("boundary-kervadec 2d/k voxel") })
    let (b, _) = Self.session(Self.keys("F"))
    #expect(b.mapOptions.kind == .rrwCI)
    var seen: [MapKind] = []
    var k = MapKind.rrw
    for _ in 0..<8 {
      k = k.cycled(forward: true)
      seen.append(k)
    }
    #expect(seen == [.rwAC, .boundary, .boundaryKervadec, .wce, .rrwCI, .rrw, .rwAC, .boundary])
    #expect(MapKind.hdDTM.cycled(forward: true) == .rrw)
    // Geometry, axis, units and int32 options.
    let (o, _) = Self.session(Self.keys("yuz"))
    #expect(o.mapOptions.geometry == .volume && o.mapOptions.units == .mm && o.mapOptions.int32)
    #expect(o.maps?.settings.summary == "rrw 3d mm int32" && o.maps?.isComplete == true)
    let (x, _) = Self.session(Self.keys("xx"))
    #expect(x.mapOptions.geometry == .slices(axis: .j) && x.maps?.unitCount == 6)
    // y then y: back to 2D along the axis it left.
    let (xy, _) = Self.session(Self.keys("xxyy"))
    #expect(xy.mapOptions.geometry == .slices(axis: .j))
    let (r, _) = Self.session(Self.keys("RH"))
    #expect(
      r.mapOptions.name == "wce" && r.mapOptions.weights == [1, 1, 1]
        && r.mapOptions.ratio == [0.95, 0.05, 0.05])
  }

  /// w/b walk the slices from the highest RW excess down and back; the profile strip marks them.
  @Test func worstSliceJumps() throws {
    let (s, term) = Self.session(Self.keys("Pww") + [.char("b")], map: "boundary")
    let a = try #require(s.debug.analysis)
    let p = a.field.profile(.k)
    // Ranked by the excess over the lowest reachable RW sum (the default profile mode).
    let sums = (0..<p.sliceCount).map {
      p.statistics(slice: $0).rwSum - p.statistics(slice: $0).lowestRWSum
    }
    let order = worstRanking(a, axis: 2, mode: .excess)
    #expect(order.count == 4 && Set(order) == Set(0..<4))
    for (x, y) in zip(order, order.dropFirst()) { #expect(sums[x] >= sums[y]) }
    #expect(s.debug.rank == 0 && s.cursor[2] == order[0])
    #expect(s.message?.hasPrefix("worst slice 1/4: k=\(order[0])") == true)
    #expect(
      term.frames.contains { f in f.lines.contains { $0.contains("worst slice 2/4: k=\(order[1])") }
      })
    #expect(term.lastFrame!.lines.contains { $0.contains("PROFILE k") })
  }

  /// The instability view paints violations (boundary) and nothing for rrw.
  @Test func instabilityOverlayColours() throws {
    func orangeCells(_ g: CellGrid) -> Int {
      g.cells.filter { c in
        [c.fg, c.bg].contains { col in
          if case .rgb(let v) = col { return v.r > 200 && v.g > 100 && v.g < 200 && v.b < 90 }
          return false
        }
      }.count
    }
    let (b, bt) = Self.session(Self.keys("I"), map: "boundary")
    let (r, rt) = Self.session(Self.keys("I"), map: "rrw")
    #expect(try #require(InstabilityPanelModel(b)).slice.bViolations > 0)
    #expect(try #require(InstabilityPanelModel(r)).slice.bViolations == 0)
    #expect(orangeCells(bt.lastFrame!) > orangeCells(rt.lastFrame!))
    // Gradient mode computes dl/dX of the selected class on the slice (equal to the loss core's).
    let (g, _) = Self.session(Self.keys("II"), map: "boundary")
    #expect(g.debug.instability == .gradient)
    let x = try #require(g.debug.sliceExtras)
    let lv = try LabelVolume(dims: [8, 6, 4], labels: g.groundTruth!.labels, classes: 3)
    let pred = try Prediction(
      dims: [8, 6, 4], classCount: 3,
      probabilities: try #require(g.prediction?.prediction.probabilities))
    let e = try MapEngine(labels: lv, options: MapOptions(kind: .boundary))
    let full = try e.gradient(prediction: pred)
    let expected = MapEngine.extractSlice(
      Array(full[48 * 4..<48 * 8]), dims: [8, 6, 4], axis: .k, index: 2)
    #expect(x.gradient?.count == expected.count)
    for (u, v) in zip(x.gradient ?? [], expected) { #expect(abs(u - v) < 1e-6) }
  }

  /// PNG frame and CSV/JSON profile exports: written atomically, inputs never overwritten.
  @Test func exports() throws {
    let dir = TemporaryDirectory.make("export")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (s, _) = Self.session(Self.keys("PX#"), map: "boundary") {
      $0.debug.exportDirectory = dir.path
    }
    let png = dir.appendingPathComponent("rwview-img-axial-2-labels-profile_excess-1.png")
    let bytes = try Data(contentsOf: png)
    #expect(bytes.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    let csv = try String(
      contentsOf: dir.appendingPathComponent("rwview-img-boundary-k-profile-1.csv"), encoding: .utf8
    )
    let lines = csv.split(separator: "\n")
    #expect(lines.count == 5 && lines[0].hasPrefix("slice,rw_sum,rw_mean,rw_sum_class0"))
    let a = try #require(s.debug.analysis)
    let st = a.field.profile(.k).statistics(slice: 3)
    #expect(lines[4].hasPrefix("3,\(st.rwSum),\(st.rwMean),"))
    let json =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: dir.appendingPathComponent("rwview-img-boundary-k-profile-1.json")))
      as! [String: Any]
    // The `stats --json` document (one encoder): its schema, slices along the viewed axis.
    #expect(
      Set(json.keys) == ["inputs", "options", "classes", "total", "per_class", "slices", "metrics"])
    let slices = json["slices"] as! [String: Any]
    let rw = (slices["rw_sum"] as! [NSNumber]).map(\.doubleValue)
    #expect(slices["axis"] as? String == "k" && rw.count == 4 && rw[3] == st.rwSum)
    #expect(
      (slices["B_violations"] as! [NSNumber])[1].intValue
        == a.field.profile(.k).statistics(slice: 1).bViolations)
    #expect((json["options"] as! [String: Any])["map"] as? String == "boundary")
    #expect((json["inputs"] as! [String: Any])["labels"] as? String == "gt.nii")
    #expect((json["classes"] as! [[String: Any]]).map { $0["value"] as! Int } == [0, 1, 2])
    #expect(lines[0].contains(",soft_dice_loss,soft_dice_class0,"))
    #expect(s.message?.contains("profile written to") == true)
    // An input where the export's first name would be: the export takes the next counter
    // and the input is untouched.
    let victim = dir.appendingPathComponent("rwview-img-axial-2-labels-1.png").path
    try Data("input".utf8).write(to: URL(fileURLWithPath: victim))
    let (t, _) = Self.session(Self.keys("X")) { st in
      st.debug.exportDirectory = dir.path
      st.paths[.groundTruth] = victim
    }
    #expect(
      t.fatalError == nil
        && t.message == "frame written to " + dir.path + "/rwview-img-axial-2-labels-2.png")
    #expect(try String(contentsOfFile: victim, encoding: .utf8) == "input")
  }

  /// The simulator runs on the current slice and reports boundary's raised wrong logits.
  @Test func simulatorInTheViewer() throws {
    let (s, term) = Self.session(Self.keys("Cs"), map: "rrw") {
      $0.debug.compareOptions = MapOptions(kind: .boundary)
    }
    let sim = try #require(s.debug.simulation)
    #expect(sim.axis == 2 && sim.index == 2 && !sim.running)
    #expect(sim.main?.raised.contains(true) == false)
    #expect(sim.compare?.raised.contains(true) == true)
    let text = term.lastFrame!.lines.joined(separator: "\n")
    #expect(text.contains("DESCENT") && text.contains("raised wrong"))
    // s again closes the finished simulation.
    let (c, _) = Self.session(Self.keys("ss"))
    #expect(c.debug.simulation == nil)
  }

  /// Panels fit a small terminal without crashing, and ASCII mode stays ASCII.
  /// Issue 12 items 1 and 2: while the loss core evaluates, the inspector shows its progress at
  /// every size that has an inspector (80x24 dropped the whole line), the percentage whole,
  /// never a label without it.
  @Test func analysisProgressShownWholeAtEverySize() throws {
    for kind in ["boundary", "boundary-kervadec"] {
      for caps in [RenderCaps.full, RenderCaps(colorMode: .monochrome, unicode: false)] {
        for rows in [ViewLayout.minRows, 24, 26, 50] {
          for cols in ViewLayout.minCols...200 {
            var s = Phantom.state(cols: cols, rows: rows, caps: caps)
            s.mapOptions = MapOptions(kind: MapKind(name: kind) ?? .rrw)
            s.debug.lossPanel = true
            s.debug.analysisProgress = 0.453
            let r = ViewLayout(s).inspector
            guard r.width > 0 else { continue }
            let g = view(s)
            let text = (r.y..<(r.y + r.height)).map {
              String(
                String.UnicodeScalarView(
                  g.lines[$0].unicodeScalars.dropFirst(r.x + 2).prefix(r.width - 3)))
            }.joined(separator: "\n")
            #expect(text.contains("45.3%"), "\(kind) \(cols)x\(rows):\n\(text)")
            #expect(!text.contains("evaluating\n"), "\(cols)x\(rows)")
          }
        }
      }
    }
  }

  @Test func smallAndASCIITerminals() {
    for (cols, rows) in [(40, 12), (80, 24), (200, 60)] {
      let (s, term) = Self.session(Self.keys("LTPICs"), cols: cols, rows: rows)
      #expect(s.fatalError == nil)
      #expect(term.lastFrame!.width == cols)
    }
    var st = Phantom.state(
      cols: 120, rows: 40, caps: RenderCaps(colorMode: .palette8, unicode: false))
    st.debug.lossPanel = true
    st.debug.profileVisible = true
    let ascii = view(st)
    #expect(
      ascii.cells.allSatisfy { $0.char.isASCII },
      "\(ascii.lines.filter { !$0.allSatisfy(\.isASCII) })")
  }
}

/// Snapshots of the debugging panels alone (cropped, so changes elsewhere in the frame do not
/// touch them): characters and colours.
@Suite struct PanelSnapshotTests {
  static func crop(_ g: CellGrid, _ r: CellRect) -> CellGrid {
    var out = CellGrid(width: r.width, height: r.height)
    for y in 0..<r.height { for x in 0..<r.width { out[x, y] = g[r.x + x, r.y + y] } }
    return out
  }

  @Test func inspectorAndProfileStrip() throws {
    let (s, term) = PanelViewTests.session(
      PanelViewTests.keys("LTPIC"), map: "boundary", cols: 150, rows: 48
    ) {
      $0.debug.compareOptions = MapOptions(kind: .rrw)
    }
    let layout = ViewLayout(s)
    #expect(layout.inspector.width == DebugLayout.inspectorMax && layout.panes.count == 2)
    let frame = try #require(term.lastFrame)
    assertSnapshot(
      Self.crop(frame, layout.inspector).snapshotText, named: "debug-inspector-boundary-vs-rrw")
    assertSnapshot(
      Self.crop(frame, layout.bottomPanel).snapshotText, named: "debug-profile-boundary")
  }
}

/// The panel writer's words: a label holding a digit stays on the line of its number.
@Suite struct PanelWriterWordTests {
  /// The instability panel's per-class counts ("c2 " then "0/56") at every width: "c2" never
  /// ends a line whose count went to the next (at 90×26 it did).
  @Test(arguments: 16...40) func classLabelStaysWithItsCount(width: Int) {
    let parts: [(String, CellColor, CellStyle)] =
      [("  ", Panel.dim, .plain)]
      + (0..<3).flatMap { c -> [(String, CellColor, CellStyle)] in
        [("c\(c) ", Panel.text, .bold), ("\(c * 7)/\(c * 700 + 56)  ", Panel.text, .plain)]
      } + [("(A/B)", Panel.dim, .plain)]
    var g = CellGrid(width: width + 2, height: 8)
    var w = PanelWriter(CellRect(x: 0, y: 0, width: width + 2, height: 8))
    w.line(&g, parts)
    let lines = g.lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    #expect(lines.joined().contains("c2"), "width \(width): \(lines)")
    for l in lines {
      for c in 0..<3 where l.contains("c\(c) ") || l.hasSuffix("c\(c)") {
        #expect(l.contains("c\(c) \(c * 7)/\(c * 700 + 56)"), "width \(width): \(lines)")
      }
    }
  }
}
