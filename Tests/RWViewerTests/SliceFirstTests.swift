import Foundation
import RWLoss
import RWRender
import Synchronization
import Testing

@testable import RWViewer

/// The visible slice's numbers come first: while the loss core evaluates the volume, the loss
/// and metrics panels show the slice's own numbers (the slice evaluated alone), and the volume's
/// lines say they are being computed.
@Suite struct SliceFirstTests {
  /// The panel line that starts with `label` (after the inspector's separator), trimmed.
  static func line(_ g: CellGrid, _ label: String) -> String? {
    g.lines.lazy.compactMap { l -> String? in
      guard let bar = l.firstIndex(of: "│") else { return nil }
      let t = l[l.index(after: bar)...].trimmingCharacters(in: .whitespaces)
      return t.hasPrefix(label) ? t : nil
    }.first
  }

  @Test func lossAndMetricsPanelsShowTheSliceWhileTheVolumeIsEvaluated() throws {
    let (done, _) = PanelViewTests.session(PanelViewTests.keys("LT"))
    let a = try #require(done.debug.analysis)
    let x = try #require(done.debug.sliceExtras)
    let st = try #require(x.loss, "the slice job evaluated the slice alone")
    // The slice alone gives the volume evaluation's numbers of that slice.
    let whole = a.field.profile(.k).statistics(slice: done.cursor[2])
    #expect(abs(st.rwSum - whole.rwSum) <= 1e-9 * max(1, abs(whole.rwSum)))
    #expect(
      zip(st.rwSumPerClass, whole.rwSumPerClass).allSatisfy {
        abs($0 - $1) <= 1e-9 * max(1, abs($1))
      })
    #expect(st.bViolations == whole.bViolations && st.aViolations == whole.aViolations)

    // The same session before the analysis is in.
    var early = done
    early.debug.analysis = nil
    early.debug.analysisProgress = 0.4
    let g = view(early)
    let full = view(done)
    let rwEarly = try #require(Self.line(g, "RW loss"))
    let rwFull = try #require(Self.line(full, "RW loss"))
    // Sum and mean as in the full panel; the share of the volume waits ("…").
    let early3 = rwEarly.split(separator: " ", omittingEmptySubsequences: true)
    let full3 = rwFull.split(separator: " ", omittingEmptySubsequences: true)
    #expect(early3.count >= 5 && full3.count >= 5, "\(rwEarly) | \(rwFull)")
    #expect(Array(early3.prefix(4)) == Array(full3.prefix(4)), "\(rwEarly) | \(rwFull)")
    // (Columns to the right of the loss panel follow on the same screen line.)
    #expect(early3[4] == "…" && full3[4].hasSuffix("%"), "\(rwEarly) | \(rwFull)")
    #expect(Self.line(g, "volume  computing…") != nil)
    #expect(Self.line(full, "volume  RW") != nil && Self.line(g, "volume  RW") == nil)
    #expect(Self.line(g, "evaluating rrw … 40.0%") != nil)
    // The metrics panel: the slice table now, the volume's "computing…".
    #expect(Self.line(g, "slice k=") != nil)
    let volume = try #require(g.lines.firstIndex { $0.contains("volume 3D") })
    #expect(g.lines[volume + 1].contains("computing…"))
    let fullVolume = try #require(full.lines.firstIndex { $0.contains("volume 3D") })
    #expect(!full.lines[fullVolume + 1].contains("computing"))
  }

  /// A map that is not 2D along the viewed axis needs the volume for any slice: the slice job
  /// does not evaluate it (the analysis does).
  @Test func sliceAloneOnlyWhenTheMapIsTwoDAlongTheView() throws {
    let (s, _) = PanelViewTests.session(PanelViewTests.keys("L")) {
      $0.mapOptions.geometry = .volume
    }
    #expect(s.debug.sliceKey?.wantsLoss != true)
    #expect(s.debug.sliceExtras?.loss == nil)
    #expect(s.debug.analysis != nil)
    let (t, _) = PanelViewTests.session(PanelViewTests.keys("L"))
    #expect(t.debug.sliceKey?.wantsLoss == true)
  }
}

/// The profile strip fills with the k-planes the loss core has finished, before the volume is
/// done: bars for those slices, none for the others, the progress in the title.
@Suite struct ProfileFillTests {
  @Test func stripShowsTheCompletedPlanesOnly() throws {
    let (done, _) = PanelViewTests.session(PanelViewTests.keys("P"), cols: 160, rows: 50)
    let a = try #require(done.debug.analysis)
    let full = view(done)
    // The same evaluation's completed planes, the first half of them in.
    var early = done
    early.debug.analysis = nil
    early.debug.analysisProgress = 0.5
    let nz = a.field.dims[2]
    var partial = PartialProfile(dims: a.field.dims, classCount: a.field.classCount)
    let planes = try Self.completedPlanes(done)
    for c in planes where c.planes.upperBound <= nz / 2 { partial.add(c) }
    #expect(partial.doneCount > 0 && partial.doneCount < nz)
    early.debug.partialProfile = partial
    let g = view(early)
    let title = try #require(g.lines.first { $0.contains("PROFILE k") })
    #expect(title.contains("computing… 50.0%"), "\(title)")
    // The excess row (the strip's default mode): bars of the completed slices, none after.
    func bars(_ grid: CellGrid) throws -> [Character] {
      let line = try #require(
        grid.lines.first { $0.contains(" excess ") && !$0.contains("PROFILE") })
      return line.filter { "▁▂▃▄▅▆▇█".contains($0) }
    }
    let now = try bars(g)
    let all = try bars(full)
    #expect(now.count > 0 && now.count < all.count, "\(now.count) of \(all.count)")
    #expect(now.count * nz == all.count * partial.doneCount, "one bar width per completed slice")
  }

  /// The completed planes of the state's main map evaluated again.
  static func completedPlanes(_ s: ViewerState) throws -> [CompletedPlanes] {
    let inputs = try #require(debugInputs(s))
    let ctx = try DebugContext(inputs)
    let got = Mutex([CompletedPlanes]())
    _ = try ctx.analyze(
      s.mapOptions, progress: nil, isCancelled: nil,
      completed: { c in got.withLock { $0.append(c) } })
    return got.withLock { $0 }
  }
}
