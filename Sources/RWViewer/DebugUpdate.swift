import RWLoss
import RWRender
import RWReport

/// Applies one event to the state and returns the work to do: the viewer's own handling, then
/// whatever the debugging features need for the new state (analysis, slice results, compare map).
public func update(_ s: inout ViewerState, _ event: ViewerEvent, keyMap: KeyMap = .standard)
  -> [Effect]
{
  var out = coreUpdate(&s, event, keyMap: keyMap)
  out += debugFollowUp(&s)
  return out
}

/// Applies one of the debugging actions.
func performDebug(_ s: inout ViewerState, _ action: Action) -> [Effect] {
  switch action {
  case .lossPanel: s.debug.lossPanel.toggle()
  case .classOrder:
    s.debug.classOrder = s.debug.classOrder.next
    s.debug.lossPanel = true
    s.message = "loss panel classes " + s.debug.classOrder.message
  case .metricsPanel:
    s.debug.metricsPanel.toggle()
    if s.debug.metricsPanel && s.paths[.prediction] == nil { s.message = "metrics need --pred" }
  case .profileStrip: s.debug.profileVisible.toggle()
  case .profileMode:
    s.debug.profileMode = s.debug.profileMode.next
    s.debug.profileVisible = true
  case .worstNext: return jumpWorst(&s, 1)
  case .worstPrevious: return jumpWorst(&s, -1)
  case .mapKindNext, .mapKindPrevious:
    var m = s.mapOptions
    m.kind = m.kind.cycled(forward: action == .mapKindNext)
    return changeMap(&s, m)
  case .mapGeometry:
    var m = s.mapOptions
    if let a = m.sliceAxis {
      s.debug.mapSliceAxis = a
      m.geometry = .volume
    } else {
      m.geometry = .slices(axis: s.debug.mapSliceAxis)
    }
    return changeMap(&s, m)
  case .mapAxis:
    var m = s.mapOptions
    let a = m.sliceAxis ?? s.debug.mapSliceAxis
    let next = VolumeAxis(rawValue: (a.rawValue + 1) % 3) ?? .k
    s.debug.mapSliceAxis = next
    m.geometry = .slices(axis: next)
    return changeMap(&s, m)
  case .mapUnits:
    var m = s.mapOptions
    m.units = m.units == .mm ? .voxel : .mm
    return changeMap(&s, m)
  case .mapInt32:
    var m = s.mapOptions
    m.int32.toggle()
    if m.int32 && m.kind != .boundaryKervadec {
      s.message = "int32 truncation applies to boundary-kervadec only"
    }
    return changeMap(&s, m)
  case .mapRatio:
    var m = s.mapOptions
    let presets = ratioPresets(s.classCount)
    if m.kind != .rrwCI {
      m.kind = .rrwCI
      m.ratio = presets[0]
    } else {
      let i = presets.firstIndex(of: m.ratio) ?? -1
      m.ratio = presets[(i + 1) % presets.count]
    }
    return changeMap(&s, m)
  case .mapWeights:
    var m = s.mapOptions
    m.weights = m.weights == nil ? [Double](repeating: 1, count: s.classCount) : nil
    m.kind = .wce
    return changeMap(&s, m)
  case .compareToggle:
    s.debug.compare.toggle()
    if s.debug.compare {
      if s.debug.compareOptions.kind == s.mapOptions.kind {
        s.debug.compareOptions.kind = s.mapOptions.kind == .boundary ? .rrw : .boundary
      }
      return showMaps(&s)
    }
  case .compareKindNext:
    s.debug.compareOptions.kind = s.debug.compareOptions.kind.cycled(forward: true)
    if !s.debug.compare {
      s.debug.compare = true
      return showMaps(&s)
    }
  case .instability:
    s.debug.instability = s.debug.instability.next
    if s.debug.instability != .off && s.paths[.groundTruth] == nil {
      s.message = "the instability view needs --gt LABELS"
      s.debug.instability = .off
    }
  case .simulate: return toggleSimulation(&s)
  case .simulationStart:
    s.debug.simulationStart = s.debug.simulationStart == .prediction ? .uniform : .prediction
    s.message =
      "simulator starts from "
      + (s.debug.simulationStart == .prediction ? "the prediction" : "uniform logits")
  case .simulationCompound:
    let all = DescentSettings.Compound.allCases
    s.debug.simulationCompound =
      all[(all.firstIndex(of: s.debug.simulationCompound)! + 1) % all.count]
    s.message = "simulator loss: " + simulationLossName(s.debug.simulationCompound)
  case .exportFrame: return exportFrame(&s)
  case .exportProfile: return exportProfile(&s)
  default: break
  }
  return []
}

/// "RW only", "a(e)·Dice + (1−a(e))·RW", "a(e)·CE + (1−a(e))·RW".
func simulationLossName(_ c: DescentSettings.Compound) -> String {
  switch c {
  case .off: return "RW only"
  case .dice: return "a(e) Dice + (1-a(e)) RW"
  case .ce: return "a(e) CE + (1-a(e)) RW"
  }
}

/// rrw-ci outside values: the reference's (0.95 for background, 0.05 otherwise), even, extreme.
func ratioPresets(_ k: Int) -> [[Double]] {
  let rest = max(1, k - 1)
  return [
    [0.95] + [Double](repeating: 0.05, count: rest), [Double](repeating: 0.5, count: rest + 1),
    [0.99] + [Double](repeating: 0.01, count: rest),
  ]
}

/// Switches the main map: recomputed live (visible slice first), the layer shown.
func changeMap(_ s: inout ViewerState, _ m: MapOptions) -> [Effect] {
  s.mapOptions = m
  s.maps = nil
  if s.paths[.groundTruth] == nil {
    s.message = "maps need --gt LABELS"
    return []
  }
  return showMaps(&s)
}

/// Turns the map layer on and starts the map computation when needed.
func showMaps(_ s: inout ViewerState) -> [Effect] {
  guard s.paths[.groundTruth] != nil else {
    s.message = "maps need --gt LABELS"
    return []
  }
  s.visible.map = true
  s.mapsWanted = true
  return startMapsIfReady(&s)
}

// MARK: follow-up work

/// The data identity used to reuse the loss-core objects between jobs.
func debugInputs(_ s: ViewerState) -> DebugInputs? {
  guard let g = s.grid, !s.isLoading, let c = s.classInputs() else { return nil }
  let k = s.classCount
  let key = "\(s.paths[.groundTruth] ?? "")|\(s.paths[.prediction] ?? "-")|\(k)|\(g.dims)"
  return DebugInputs(
    key: key, dims: g.dims, spacing: g.spacing, labels: c.labels, classCount: k,
    prediction: c.prediction)
}

/// Starts the analysis, compare-map and slice jobs the current state needs (idempotent).
func debugFollowUp(_ s: inout ViewerState) -> [Effect] {
  guard let inputs = debugInputs(s), let m = s.mapping(s.plane) else { return [] }
  var out: [Effect] = []
  let d = s.debug
  if d.needsAnalysis {
    let cmp = d.compare ? d.compareOptions : nil
    let key = "\(inputs.key)|\(s.mapOptions)|\(cmp.map { "\($0)" } ?? "-")"
    if key != d.analysisKey {
      s.debug.analysisGeneration += 1
      s.debug.analysisKey = key
      s.debug.analysis = nil
      s.debug.compareAnalysis = nil
      s.debug.analysisError = nil
      s.debug.analysisProgress = 0
      s.debug.partialProfile = nil
      out.append(
        .debug(
          .analyze(
            AnalysisJob(
              generation: s.debug.analysisGeneration, main: s.mapOptions,
              compare: cmp, inputs: inputs))))
    }
  }
  if d.compare {
    if s.debug.compareMaps?.settings != d.compareOptions {
      s.debug.compareGeneration += 1
      let cs = d.compareOptions
      let mv = MapVolume(
        generation: s.debug.compareGeneration, settings: cs, dims: inputs.dims,
        classCount: inputs.classCount)
      s.debug.compareMaps = mv
      let job = MapJob(
        generation: s.debug.compareGeneration, options: cs, dims: inputs.dims,
        spacing: inputs.spacing,
        labels: inputs.labels, classCount: inputs.classCount,
        priority: [mv.unit(s.cursor[0], s.cursor[1], s.cursor[2])])
      out.append(.debug(.compareMaps(job)))
    } else if let mv = s.debug.compareMaps, !mv.isComplete {
      let u = mv.unit(s.cursor[0], s.cursor[1], s.cursor[2])
      if !mv.done[u] {
        out.append(.debug(.prioritizeCompare(generation: mv.generation, units: [u])))
      }
    }
  }
  let wantsMetrics = d.metricsPanel && s.prediction != nil
  let wantsGradient = d.instability == .gradient
  // The visible slice's loss numbers first, on their own: cheap only when the map is 2D along
  // the slice axis (otherwise the slice needs the volume's transforms, the analysis's work).
  let wantsLoss =
    d.lossPanel && s.mapOptions.sliceAxis.map { $0.rawValue == m.sliceAxis } == true
  if wantsMetrics || wantsGradient || wantsLoss {
    let key = SliceKey(
      axis: m.sliceAxis, index: s.cursor[m.sliceAxis], selectedClass: s.selectedClass,
      main: s.mapOptions, compare: d.compare ? s.debug.compareOptions : nil,
      wantsMetrics: wantsMetrics, wantsGradient: wantsGradient, wantsLoss: wantsLoss)
    if key != d.sliceKey {
      s.debug.sliceKey = key
      out.append(.debug(.slice(SliceJob(key: key, inputs: inputs))))
    }
  }
  return out
}

/// Applies a result of debug work.
func debugEvent(_ s: inout ViewerState, _ e: DebugResult) -> [Effect] {
  switch e {
  case .analysisProgress(let gen, let p):
    if gen == s.debug.analysisGeneration && s.debug.analysis == nil { s.debug.analysisProgress = p }
  case .analysisPlanes(let gen, let planes):
    guard gen == s.debug.analysisGeneration, s.debug.analysis == nil, let g = s.grid else {
      return []
    }
    if s.debug.partialProfile == nil {
      s.debug.partialProfile = PartialProfile(dims: g.dims, classCount: s.classCount)
    }
    s.debug.partialProfile!.add(planes)
  case .analysis(let gen, let main, let cmp):
    guard gen == s.debug.analysisGeneration else { return [] }
    s.debug.analysis = main
    s.debug.compareAnalysis = cmp
    s.debug.analysisProgress = nil
    s.debug.partialProfile = nil
  case .analysisFailed(let gen, let msg):
    guard gen == s.debug.analysisGeneration else { return [] }
    s.debug.analysisError = msg
    s.debug.analysisProgress = nil
    s.message = msg
  case .slice(let x):
    if x.key == s.debug.sliceKey { s.debug.sliceExtras = x }
  case .sliceFailed(let key, let msg):
    if key == s.debug.sliceKey { s.message = msg }
  case .compareUnit(let gen, let unit, let values):
    guard gen == s.debug.compareGeneration, s.debug.compareMaps != nil else { return [] }
    s.debug.compareMaps!.store(unit: unit, channels: values)
  case .compareFailed(let gen, let msg):
    guard gen == s.debug.compareGeneration else { return [] }
    s.debug.compareMaps?.error = msg
    s.message = msg
  case .simulation(let gen, let main, let cmp, let finished):
    guard gen == s.debug.simulationGeneration, s.debug.simulation != nil else { return [] }
    s.debug.simulation!.main = main
    s.debug.simulation!.compare = cmp
    if finished { s.debug.simulation!.running = false }
    if let err = main?.error ?? cmp?.error { s.message = err }
  case .exported(let msg):
    s.message = msg
  case .exportFailed(let msg):
    s.message = msg
  }
  return []
}

// MARK: worst slices

/// The slices along `axis` ordered by the profile's value, highest first (ties: lower index).
func worstRanking(_ a: LossAnalysis, axis: Int, mode: ProfileMode) -> [Int] {
  let values = ProfileSeries(a, axis: axis, mode: mode).total
  return values.indices.sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
}

private func jumpWorst(_ s: inout ViewerState, _ delta: Int) -> [Effect] {
  guard let m = s.mapping(s.plane) else { return [] }
  guard let a = s.debug.analysis else {
    if s.paths[.groundTruth] == nil {
      s.message = "worst slices need --gt LABELS"
      return []
    }
    s.debug.profileVisible = true
    s.message = "computing the loss profile; press w again when it is shown"
    return []
  }
  let key = "\(m.sliceAxis)|\(s.debug.profileMode)|\(s.debug.analysisGeneration)"
  if key != s.debug.rankKey {
    s.debug.rankKey = key
    s.debug.rank = -1
  }
  let ranking = worstRanking(a, axis: m.sliceAxis, mode: s.debug.profileMode)
  guard !ranking.isEmpty else { return [] }
  s.debug.rank = max(0, min(ranking.count - 1, s.debug.rank + delta))
  let slice = ranking[s.debug.rank]
  s.cursor[m.sliceAxis] = slice
  let p = a.field.profile(VolumeAxis(rawValue: m.sliceAxis) ?? .k).statistics(slice: slice)
  let axis = ["i", "j", "k"][m.sliceAxis]
  let what: String
  switch s.debug.profileMode {
  case .excess: what = "excess \(fmtValue(p.rwExcess))  RW sum \(fmtValue(p.rwSum))"
  case .loss: what = "RW sum \(fmtValue(p.rwSum))"
  case .violations: what = "A \(p.aViolations) B \(p.bViolations) violations"
  }
  s.message = "worst slice \(s.debug.rank + 1)/\(ranking.count): \(axis)=\(slice)  \(what)"
  return []
}

// MARK: simulator

private func toggleSimulation(_ s: inout ViewerState) -> [Effect] {
  if let sim = s.debug.simulation {
    if sim.running {
      s.debug.simulation!.running = false
      s.message = "simulator stopped at step \((sim.main?.history.count ?? 1) - 1)"
      return [.debug(.stopSimulation)]
    }
    s.debug.simulation = nil
    return []
  }
  guard let inputs = debugInputs(s), let m = s.mapping(s.plane) else {
    s.message = s.paths[.groundTruth] == nil ? "the simulator needs --gt LABELS" : "still loading"
    return []
  }
  s.debug.simulationGeneration += 1
  let start: DescentProblem.Start = s.prediction == nil ? .uniform : s.debug.simulationStart
  let settings = DescentSettings(
    steps: s.debug.simulationSteps, compound: s.debug.simulationCompound)
  let cmp = s.debug.compare ? s.debug.compareOptions : nil
  s.debug.simulation = SimulationState(
    generation: s.debug.simulationGeneration, axis: m.sliceAxis, index: s.cursor[m.sliceAxis],
    steps: settings.steps, start: start, compound: settings.compound, main: nil, compare: nil,
    running: true)
  return [
    .debug(
      .simulate(
        SimulationJob(
          generation: s.debug.simulationGeneration, axis: m.sliceAxis, index: s.cursor[m.sliceAxis],
          settings: settings,
          start: start, main: s.mapOptions, compare: cmp, inputs: inputs,
          stepDelayMs: s.debug.simulationDelayMs)))
  ]
}

// MARK: exports

/// "phantom" for ".../phantom.nii.gz".
func caseName(_ s: ViewerState) -> String {
  var b = baseName(s.paths[.image] ?? "rwview")
  for ext in [".gz", ".nii", ".hdr", ".img"] where b.hasSuffix(ext) {
    b = String(b.dropLast(ext.count))
  }
  let safe = fileNameSafe(b)
  return safe.isEmpty ? "case" : safe
}

/// `name` inside the export folder.
func exportPath(_ s: ViewerState, _ name: String) -> String {
  guard let d = s.debug.exportDirectory, !d.isEmpty else { return name }
  return d.hasSuffix("/") ? d + name : d + "/" + name
}

private func exportFrame(_ s: inout ViewerState) -> [Effect] {
  guard let m = s.mapping(s.plane) else {
    s.message = "nothing to export yet"
    return []
  }
  let plane = s.threePlane ? "3planes" : s.plane.rawValue
  let name = ExportName(
    base: exportPath(s, "rwview-\(caseName(s))-\(plane)-\(s.cursor[m.sliceAxis])-\(s.exportView)"))
  var snap = s
  snap.message = nil
  snap.helpVisible = false
  s.message = "writing \(name.pattern(".png"))"
  return [.debug(.exportFrame(snap, name: name, protecting: Array(s.paths.values)))]
}

private func exportProfile(_ s: inout ViewerState) -> [Effect] {
  guard let m = s.mapping(s.plane) else { return [] }
  guard let a = s.debug.analysis else {
    s.message =
      s.paths[.groundTruth] == nil
      ? "the profile needs --gt LABELS" : "the profile is not computed yet (P shows it)"
    if s.paths[.groundTruth] != nil { s.debug.profileVisible = true }
    return []
  }
  let axis = ["i", "j", "k"][m.sliceAxis]
  let name = ExportName(
    base: exportPath(s, "rwview-\(caseName(s))-\(fileNameSafe(s.mapOptions.name))-\(axis)-profile"))
  let prof = ProfileExport(
    analysis: a, axis: m.sliceAxis, context: s.reportContext(classCount: a.field.classCount))
  s.message = "writing \(name.pattern(".csv")) and .json"
  return [
    .debug(
      .exportText(
        name, [(".csv", prof.csv()), (".json", prof.json())], protecting: Array(s.paths.values)))
  ]
}
