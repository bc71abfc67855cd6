import RWRender
import RWVolume
import Testing

@testable import RWViewer

@Suite struct KeyMapStateTests {
  func press(_ s: inout ViewerState, _ keys: Key...) -> [Effect] {
    var out: [Effect] = []
    for k in keys { out += update(&s, .key(k)) }
    return out
  }

  @Test func everyKeyIsBoundOnceAndEveryActionHasAKey() {
    var seen = Set<Key>()
    for b in KeyMap.standard.bindings {
      for k in b.keys {
        #expect(!seen.contains(k), "key \(k) bound twice")
        seen.insert(k)
      }
    }
    for a in Action.allCases { #expect(!KeyMap.standard.keys(for: a).isEmpty, "no key for \(a)") }
  }

  @Test func helpIsGeneratedFromTheKeyMap() {
    let lines = KeyMap.standard.helpLines()
    for b in KeyMap.standard.bindings {
      #expect(lines.contains { $0.contains(b.help) && $0.contains(b.keys[0].displayName) })
    }
    #expect(lines.contains("  k PgUp    next slice"))
  }

  @Test func slicesStepWithJKAndPages() {
    var s = Phantom.state()
    #expect(s.cursor == [4, 3, 2])
    _ = press(&s, .char("k"))
    #expect(s.cursor[2] == 3)
    _ = press(&s, .char("k"))  // clamps at the last slice (k = 3)
    #expect(s.cursor[2] == 3)
    _ = press(&s, .pageDown, .char("j"))
    #expect(s.cursor[2] == 1)
    _ = press(&s, .char("J"))
    #expect(s.cursor[2] == 0)
    _ = press(&s, .char("K"))
    #expect(s.cursor[2] == 3)
    _ = press(&s, .home)
    #expect(s.cursor[2] == 0)
    // In the coronal plane the slice keys move j.
    _ = press(&s, .char("2"), .char("k"))
    #expect(s.plane == .coronal && s.cursor == [4, 4, 0])
  }

  @Test func goToSliceTakesDigitsAndEnter() {
    var s = Phantom.state()
    _ = press(&s, .char("3"))  // sagittal: slices along i (0...7)
    _ = press(&s, .char("g"), .char("6"))
    #expect(s.gotoBuffer == "6")
    #expect(view(s).lines.last!.hasPrefix("go to slice (i): 6_"))
    _ = press(&s, .enter)
    #expect(s.cursor[0] == 6 && s.gotoBuffer == nil)
    _ = press(&s, .char("g"), .char("9"), .char("9"), .enter)
    #expect(s.cursor[0] == 7 && s.message == "slice 99 is outside 0-7")
    _ = press(&s, .char("g"), .char("1"), .escape)
    #expect(s.cursor[0] == 7 && s.gotoBuffer == nil)
  }

  @Test func arrowsMoveTheCursorOnScreenDirections() {
    var s = Phantom.state()  // axial, radiological: screen-right is patient left (−i)
    _ = press(&s, .right)
    #expect(s.cursor == [3, 3, 2])
    _ = press(&s, .up)  // screen-up is anterior (+j)
    #expect(s.cursor == [3, 4, 2])
    _ = press(&s, .char("r"), .right)  // neurological: screen-right is +i
    #expect(s.cursor == [4, 4, 2])
    _ = press(&s, .char("j"), .char("j"), .char("j"))  // j never moves the cursor in-plane
    #expect(s.cursor == [4, 4, 0])
  }

  @Test func zoomPanCentreAndReset() {
    var s = Phantom.state()
    _ = press(&s, .char("+"), .char("+"))
    #expect(abs(s.zoom - 1.5625) < 1e-12)
    _ = press(&s, .shiftRight)  // radiological: screen-right is −i
    #expect(s.center![0] < 4 && s.center![1] == 3)
    _ = press(&s, .char("W"))  // pan up: towards anterior (+j)
    #expect(s.center![1] > 3)
    _ = press(&s, .char("c"))
    #expect(s.center == [4.5, 3.5, 2.5])
    _ = press(&s, .char("0"))
    #expect(s.zoom == 1 && s.center == nil)
  }

  @Test func layerTogglesAndStyles() {
    var s = Phantom.state()
    #expect(s.visible.image && s.visible.groundTruth && s.visible.prediction && !s.visible.error)
    _ = press(&s, .char("i"), .char("t"), .char("p"), .char("e"))
    #expect(!s.visible.image && !s.visible.groundTruth && !s.visible.prediction && s.visible.error)
    _ = press(&s, .char("o"), .char("O"))
    #expect(s.groundTruthStyle == .fill && s.predictionStyle == .outline)
    _ = press(&s, .char("."), .char("."))
    #expect(abs(s.opacity - 0.7) < 1e-9)
    _ = press(&s, .char(","))
    #expect(abs(s.opacity - 0.6) < 1e-9)
    _ = press(&s, .char("n"), .char("n"))
    #expect(s.selectedClass == 0)  // 3 classes: 1 → 2 → 0
    _ = press(&s, .char("N"))
    #expect(s.selectedClass == 2)
  }

  @Test func windowKeysMoveFromTheAutomaticWindow() {
    var s = Phantom.state()
    let auto = s.activeWindow
    _ = press(&s, .char("}"))
    #expect(s.activeWindow.low > auto.low && abs(s.activeWindow.width - auto.width) < 1e-3)
    _ = press(&s, .char("<"))
    #expect(s.activeWindow.width < auto.width)
    _ = press(&s, .char("a"))
    #expect(s.window == nil && s.activeWindow == auto)
  }

  @Test func mapToggleStartsTheComputationOnce() {
    var s = Phantom.state()
    let effects = press(&s, .char("m"))
    guard case .computeMaps(let job)? = effects.first else {
      Issue.record("expected computeMaps")
      return
    }
    #expect(job.priority == [2] && job.unitCount == 4 && job.classCount == 3)
    #expect(s.maps?.generation == 1)
    // Moving to an uncomputed slice asks for it first.
    let next = press(&s, .char("k"))
    guard case .prioritizeMaps(let gen, let units)? = next.first else {
      Issue.record("expected prioritizeMaps")
      return
    }
    #expect(gen == 1 && units == [3])
    // Toggling off and on again does not restart it.
    #expect(
      press(&s, .char("m"), .char("m")).allSatisfy {
        if case .computeMaps = $0 { return false } else { return true }
      })
  }

  @Test func mapsStartWithTheLabelsAndRestartWhenThePredictionAddsClasses() throws {
    var s = ViewerState()
    s.paths = [.image: "img.nii", .groundTruth: "gt.nii", .prediction: "pred.nii"]
    s.mapsWanted = true
    _ = startEffects(&s)
    _ = update(
      &s,
      .layerReady(.image, .image(LayerPreparation.image(path: "img.nii", volume: Phantom.image()))))
    let first = update(
      &s,
      .layerReady(
        .groundTruth, .labels(try LayerPreparation.labels(path: "gt.nii", volume: Phantom.labels()))
      ))
    guard case .computeMaps(let job)? = first.first else {
      Issue.record("maps should start with the labels")
      return
    }
    #expect(job.classCount == 3 && job.generation == 1 && s.loadStatus[.prediction] == .loading)
    // A 4-channel prediction: K becomes 4 and the maps are computed again.
    let g = Phantom.grid()
    var d = Phantom.probabilities().data.map { $0 * 0.75 }
    d += [Float](repeating: 0.25, count: g.voxelCount)
    let pred = try LayerPreparation.prediction(
      path: "pred.nii", volume: RWVolume.Volume(grid: g, shape: g.dims + [4], data: d), kind: nil)
    let second = update(&s, .layerReady(.prediction, .prediction(pred)))
    guard case .computeMaps(let job2)? = second.first else {
      Issue.record("maps should restart with K = 4")
      return
    }
    #expect(job2.classCount == 4 && job2.generation == 2 && s.maps?.classCount == 4)
    // Results of the first job are now ignored.
    _ = update(&s, .mapUnit(generation: 1, unit: 0, values: [Float](repeating: 0, count: 3 * 48)))
    #expect(s.maps?.doneCount == 0)
  }

  @Test func absurdClassCountsDoNotSizeTheMap() {
    var s = Phantom.state()
    var labels = s.groundTruth!.labels
    labels[7] = 1_000_000_000
    s.groundTruth = LabelLayer(path: "gt.nii", grid: s.groundTruth!.grid, labels: labels)
    #expect(press(&s, .char("m")).isEmpty && s.maps == nil)
    #expect(s.message?.hasPrefix("RW maps: 1000000001 classes over 192 voxels is too many") == true)
    // The legend lists only labels that occur.
    #expect(legendLabels(s) == [0, 1, 2, 1_000_000_000])
  }

  @Test func mapNeedsGroundTruth() {
    var s = Phantom.state()
    s.paths[.groundTruth] = nil
    s.groundTruth = nil
    #expect(press(&s, .char("m")).isEmpty)
    #expect(s.message == "the map layer needs --gt LABELS")
  }

  @Test func helpOverlayAndQuit() {
    var s = Phantom.state()
    _ = press(&s, .char("?"))
    #expect(s.helpVisible)
    _ = press(&s, .char("k"))  // ignored while help is up
    #expect(s.cursor[2] == 2)
    _ = press(&s, .escape)
    #expect(!s.helpVisible)
    // While the help is up, q closes it; then q quits.
    _ = press(&s, .char("?"))
    #expect(press(&s, .char("q")).isEmpty && !s.helpVisible && !s.quitRequested)
    let e = press(&s, .char("q"))
    #expect(s.quitRequested)
    if case .quit? = e.first {} else { Issue.record("expected quit") }
    var t = Phantom.state()
    _ = press(&t, .ctrl("c"))
    #expect(t.quitRequested)
  }

  @Test func fourthDimensionSteps() {
    var s = Phantom.state()
    let g = s.image!.volume.grid
    let four = RWVolume.Volume(
      grid: g, shape: g.dims + [3], data: (0..<(g.voxelCount * 3)).map { Float($0) })
    s.image = LayerPreparation.image(path: "img.nii", volume: four)
    _ = press(&s, .char("]"), .char("]"), .char("]"))
    #expect(s.frame == 2)
    _ = press(&s, .char("["))
    #expect(s.frame == 1)
    let expected: Int = 192 + 4 + 3 * 8 + 2 * 48
    #expect(valuesLine(s).hasPrefix("img \(expected) "))
  }
}
