import Dispatch
import Foundation
import Synchronization
import Testing

@testable import RWLoss

/// The loss core's one worker pool, its scoped buffers, and `MapEngine` shared by threads.
@Suite struct ConcurrencyTests {
  /// Every item is visited exactly once, in contiguous ranges, whatever the split.
  @Test(arguments: [0, 1, 2, 3, 7, 64, 1000])
  func workerPoolCoversEveryItemOnce(items: Int) {
    for perCore in [1, 2, 4] {
      for parallel in [true, false] {
        let seen = Mutex([Int](repeating: 0, count: items))
        let ranges = Mutex([Range<Int>]())
        WorkerPool.forEachRange(items, parallel: parallel, perCore: perCore) { w, r in
          #expect(w >= 0 && w < WorkerPool.workers(items, parallel: parallel, perCore: perCore))
          seen.withLock { s in for i in r { s[i] += 1 } }
          ranges.withLock { $0.append(r) }
        }
        #expect(seen.withLock { $0 } == [Int](repeating: 1, count: items))
        #expect(ranges.withLock { $0.allSatisfy { !$0.isEmpty } })
        if !parallel { #expect(ranges.withLock { $0 } == (items > 0 ? [0..<items] : [])) }
      }
    }
    let chunks = Mutex([Int: Range<Int>]())
    WorkerPool.forEachChunk(items, size: 3) { c, r in chunks.withLock { $0[c] = r } }
    let got = chunks.withLock { $0 }
    #expect(got.count == (items + 2) / 3)
    for (c, r) in got { #expect(r == (c * 3)..<min(items, c * 3 + 3)) }
  }

  /// Scoped buffers are fine on empty arrays (no `baseAddress!`), and so are the helpers that
  /// take arrays.
  @Test func emptyBuffersAreFine() {
    let empty: [Float] = []
    #expect(empty.withShared { $0.count } == 0)
    #expect(LogitGradient.rw(p: [], z: []) == [])
    var one: [Double] = [2]
    one.withSharedMutable { $0[0] = 5 }
    #expect(one == [5])
    #expect(LogitGradient.rw(p: [0.25, 0.75], z: [1, -1]) == [0.25 * 0.75 * 2, 0.75 * 0.25 * -2])
  }

  /// Cache limits are init parameters; with tiny caches many threads asking for slices and
  /// channels at once get exactly the serial values.
  @Test func engineSharedByThreadsWithTinyCaches() throws {
    let (lv, _) = try EngineTests.volume(dims: [11, 9, 6], classes: 3, seed: 4)
    let opts = MapOptions(kind: .boundary)
    let serial = try MapEngine(labels: lv, options: opts)
    let expectSlices = try (0..<18).map {
      try serial.sliceChannel(class: $0 % 3, axis: .k, index: $0 / 3)
    }
    let expectJ = try (0..<3).map { try serial.sliceChannel(class: $0, axis: .j, index: 4) }
    let limits = MapEngine.CacheLimits(fullChannels: 1, sliceChannels: 2, sliceRegions: 1)
    let shared = try MapEngine(labels: lv, options: opts, cacheLimits: limits)
    #expect(shared.cacheLimits == limits)
    let wrong = Mutex(0)
    DispatchQueue.concurrentPerform(iterations: 48) { it in
      let s = it % 6
      let c = (it / 6) % 3
      if (try? shared.sliceChannel(class: c, axis: .k, index: s)) != expectSlices[s * 3 + c] {
        wrong.withLock { $0 += 1 }
      }
      if it % 5 == 0, (try? shared.sliceChannel(class: c, axis: .j, index: 4)) != expectJ[c] {
        wrong.withLock { $0 += 1 }
      }
      _ = shared.flags(class: c, domain: s)
    }
    #expect(wrong.withLock { $0 } == 0)
  }

  /// Closed-form profiles merge per-worker partials in worker order: the same bits every run.
  @Test func closedFormProfilesAreDeterministic() throws {
    let (lv, pred) = try EngineTests.volume(dims: [23, 17, 40], classes: 4, seed: 8)
    let e = try MapEngine(labels: lv, options: MapOptions(kind: .rrw, geometry: .volume))
    let first = try e.rwProfiles(prediction: pred)
    for _ in 0..<10 { #expect(try e.rwProfiles(prediction: pred) == first) }
    // Under load (as in the full parallel suite): engines of their own on every thread, so the
    // workers of each call finish in varying order. Merging in completion order (before
    // 1092af0) made `labelMapEqualsItsOneHot` fail now and then in the full run.
    let same = Mutex(true)
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      guard let e2 = try? MapEngine(labels: lv, options: MapOptions(kind: .rrw, geometry: .volume))
      else { return same.withLock { $0 = false } }
      for _ in 0..<4 where (try? e2.rwProfiles(prediction: pred)) != first {
        same.withLock { $0 = false }
      }
    }
    #expect(same.withLock { $0 })
  }
}
