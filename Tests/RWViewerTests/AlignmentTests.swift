import Foundation
import RWLoss
import RWVolume
import Testing

@testable import RWViewer

@Suite struct AlignmentTests {
  /// The same phantom stored with i flipped and i/j swapped: the world position of every value
  /// is unchanged, so after alignment each voxel must hold the original value.
  @Test func flippedAndPermutedOverlayIsReoriented() throws {
    let target = Phantom.grid(dims: [8, 6, 4], spacing: [1, 2, 3])
    let image = Phantom.image(target)
    // Source voxel (a, b, c) = target voxel (i = 7 - b, j = a, k = c).
    let src = Affine(rowMajor: [0, -1, 0, 7, 2, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 1])
    let sg = VoxelGrid(dims: [6, 8, 4], spacing: [2, 1, 3], affine: src)
    var data = [Float]()
    for c in 0..<4 {
      for b in 0..<8 {
        for a in 0..<6 {
          data.append(image.data[(c * 6 + a) * 8 + (7 - b)])
        }
      }
    }
    let moved = Volume(grid: sg, shape: [6, 8, 4], data: data)
    // World of source voxel (a,b,c) equals world of target (7-b, a, c).
    let w1 = src.apply(2, 5, 1)
    let w2 = target.affine.apply(2, 2, 1)
    #expect(w1.x == w2.x && w1.y == w2.y && w1.z == w2.z)
    let map = try sg.reorientation(onto: target)
    #expect(map.sourceAxis == [1, 0, 2] && map.flipped == [true, false, false])
    #expect(map.description == "(-j, i, k)")
    // Through the runtime's preparation: a notice, then the layer on the image grid.
    let events = ViewerRuntime.prepare(
      .groundTruth, path: "moved.nii",
      volume: Volume(grid: sg, shape: [6, 8, 4], data: data.map { $0 > 200 ? 1 : 0 }),
      target: target, kind: nil)
    var s = ViewerState()
    for e in events { _ = update(&s, e) }
    #expect(s.message == "moved.nii: labels stored as (-j, i, k), reoriented onto the image grid")
    #expect(
      s.groundTruth?.grid == target && s.groundTruth?.labels == image.data.map { $0 > 200 ? 1 : 0 })
    let (back, r) = try moved.aligned(to: target)
    #expect(r == map && back.data == image.data)
    #expect(back.grid == target)
  }

  @Test func sameGridIsIdentity() throws {
    let g = Phantom.grid()
    #expect(try g.reorientation(onto: g).isIdentity)
  }

  @Test func mismatchesSayHowTheGridsDiffer() {
    let g = Phantom.grid()
    func detail(_ other: VoxelGrid) -> GridMismatch? {
      do {
        _ = try other.reorientation(onto: g)
        return nil
      } catch { return error }
    }
    let shape = detail(Phantom.grid(dims: [8, 6, 5]))
    #expect(shape?.kind == .shape && shape?.detail == "shape 8x6x5 vs 8x6x4")
    let spacing = detail(Phantom.grid(spacing: [1, 1, 2]))
    #expect(spacing?.kind == .spacing && spacing?.detail == "spacing (1, 1, 2) vs (1, 1, 1) mm")
    var shifted = g
    shifted.affine[0, 3] = 5
    let origin = detail(shifted)
    #expect(origin?.kind == .origin)
    #expect(
      origin?.detail
        == "origin differs: centre at (8.5, 2.5, 1.5) vs (3.5, 2.5, 1.5) mm, 5 mm apart")
    let c = 0.8
    let s = 0.6
    let rotated = VoxelGrid(
      dims: [8, 6, 4], spacing: [1, 1, 1],
      affine: Affine(rowMajor: [c, -s, 0, 0, s, c, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]))
    #expect(detail(rotated)?.kind == .rotation)
    #expect(
      detail(rotated)?.detail
        == "axes rotated by 36.87° (orientation RAS vs RAS, not a flip or permutation)")
  }

  @Test func alignmentFailureStopsTheViewerWithOneLine() {
    var s = ViewerState()
    s.paths = [.image: "img.nii", .groundTruth: "gt.nii"]
    _ = startEffects(&s)
    _ = update(
      &s,
      .layerReady(.image, .image(LayerPreparation.image(path: "img.nii", volume: Phantom.image()))))
    let other = Volume(
      grid: Phantom.grid(dims: [8, 6, 5]), shape: [8, 6, 5], data: [Float](repeating: 0, count: 240)
    )
    let effects = update(&s, .fileRead(.groundTruth, path: "gt.nii", volume: other, warnings: []))
    guard case .prepare(let role, let path, let vol, let target, let kind)? = effects.first else {
      Issue.record("expected a prepare effect")
      return
    }
    for event in ViewerRuntime.prepare(role, path: path, volume: vol, target: target, kind: kind) {
      _ = update(&s, event)
    }
    #expect(s.quitRequested)
    #expect(s.fatalError == "gt.nii: labels grid differs from the image: shape 8x6x5 vs 8x6x4")
  }
}

@Suite struct LayerPreparationTests {
  @Test func predictionKindFollowsTheStatsRule() throws {
    let g = Phantom.grid()
    let n = g.voxelCount
    let probs = try LayerPreparation.prediction(
      path: "p.nii", volume: Phantom.probabilities(), kind: nil)
    #expect(probs.kind == .probs && probs.classCount == 3)
    let labels = try LayerPreparation.prediction(path: "l.nii", volume: Phantom.labels(), kind: nil)
    #expect(labels.kind == .labels && labels.classCount == 3 && labels.present == [0, 1, 2])
    // In [0, 1] but not summing to 1: logits.
    let halves = Volume(grid: g, shape: g.dims + [2], data: [Float](repeating: 0.3, count: 2 * n))
    #expect(
      try LayerPreparation.prediction(path: "h.nii", volume: halves, kind: nil).kind == .logits)
    // Logits (0, ln 3) → softmax (0.25, 0.75) everywhere, argmax 1.
    let logits = Volume(
      grid: g, shape: g.dims + [2],
      data: [Float](repeating: 0, count: n) + [Float](repeating: Float(log(3.0)), count: n))
    let p = try LayerPreparation.prediction(path: "l.nii", volume: logits, kind: nil)
    #expect(p.kind == .logits && p.classCount == 2 && p.labels.allSatisfy { $0 == 1 })
    #expect(abs(p.probability(1, 5) - 0.75) < 1e-6 && abs(p.probability(0, 5) - 0.25) < 1e-6)
    // A single channel forced to probabilities: the foreground of a binary problem.
    let fg = Volume(grid: g, shape: g.dims, data: (0..<n).map { Float($0 % 10) / 10 })
    let b = try LayerPreparation.prediction(path: "fg.nii", volume: fg, kind: .probs)
    #expect(
      b.classCount == 2 && abs(b.probability(1, 7) - 0.7) < 1e-6 && b.labels[7] == 1
        && b.labels[3] == 0)
  }

  /// The layer holds the loss core's `Prediction`: a label map stays one label per voxel (its
  /// one-hot is implicit), and a one-channel 4D file is a label map, as in `rwview stats`.
  @Test func labelMapPredictionStaysALabelMap() throws {
    let g = Phantom.grid()
    let four = Volume(grid: g, shape: g.dims + [1], data: Phantom.labels().data)
    let p = try LayerPreparation.prediction(path: "l.nii", volume: four, kind: nil)
    #expect(p.kind == .labels && p.classCount == 3)
    #expect(p.prediction.probabilities == nil)
    #expect(p.prediction.labelMap == p.labels)
    // (6, 4, 0) is class 2: one-hot 0, 0, 1.
    let v = 6 + 8 * 4
    #expect([p.probability(0, v), p.probability(1, v), p.probability(2, v)] == [0, 0, 1])
  }

  @Test func nonLabelValuesAreOneLineErrors() {
    let g = Phantom.grid()
    var d = Phantom.labels().data
    d[8 + 2] = 1.5  // voxel (2, 1, 0)
    #expect(
      throws: ViewerError(
        "gt.nii: labels value 1.5 at voxel (2,1,0) is not a class label (a non-negative integer)")
    ) {
      try LayerPreparation.labels(path: "gt.nii", volume: Volume(grid: g, shape: g.dims, data: d))
    }
    d[8 + 2] = -1
    #expect(
      throws: ViewerError(
        "p.nii: prediction value -1.0 at voxel (2,1,0) is not a class label (a non-negative integer)"
      )
    ) {
      try LayerPreparation.prediction(
        path: "p.nii", volume: Volume(grid: g, shape: g.dims, data: d), kind: nil)
    }
  }
}
