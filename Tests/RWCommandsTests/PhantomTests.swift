import Testing

@testable import RWCommands

/// The phantom must carry the errors it promises: a shifted boundary, a missed lesion and
/// scattered false positives, with probabilities that are a valid softmax.
@Suite struct PhantomTests {
  let p = Phantom.make()

  func argmax(_ v: Int) -> Int {
    let n = p.labels.grid.voxelCount
    let probs = (0..<3).map { p.probabilities.data[$0 * n + v] }
    return probs.firstIndex(of: probs.max()!)!
  }

  @Test func probabilitiesSumToOneExactly() {
    let n = p.labels.grid.voxelCount
    var worst: Float = 0
    for v in 0..<n {
      let s =
        p.probabilities.data[v] + p.probabilities.data[n + v] + p.probabilities.data[2 * n + v]
      worst = max(worst, abs(s - 1))
      #expect(p.probabilities.data[v] >= 0)
    }
    #expect(worst == 0)
  }

  @Test func hasAllThreeClassesAndRealisticErrors() {
    let n = p.labels.grid.voxelCount
    var counts = [0, 0, 0]
    var confusion = [[Int]](repeating: [0, 0, 0], count: 3)
    for v in 0..<n {
      let t = Int(p.labels.data[v])
      counts[t] += 1
      confusion[t][argmax(v)] += 1
    }
    #expect(counts.allSatisfy { $0 > 100 })
    // Boundary shift: organ voxels predicted background and background predicted organ.
    #expect(confusion[1][0] > 50)
    #expect(confusion[0][1] > 50)
    // Scattered false positives of the lesion class in background.
    #expect(confusion[0][2] > 5)
    // Most organ voxels are still right: the prediction is plausible, not random.
    #expect(Double(confusion[1][1]) / Double(counts[1]) > 0.8)
  }

  @Test func smallLesionIsMissed() {
    // The lesion centred at (-12, -3, -10) mm is absent from the prediction.
    let g = p.labels.grid
    let (nx, ny) = (g.dims[0], g.dims[1])
    // World x = -0.8 (i - cx) so i = cx - x / 0.8; y = 0.8 (j - cy); z = 2.5 (k - cz).
    let i = Int((Double(nx - 1) / 2 + 12 / 0.8).rounded())
    let j = Int((Double(ny - 1) / 2 - 3 / 0.8).rounded())
    let k = Int((Double(g.dims[2] - 1) / 2 - 10 / 2.5).rounded())
    let v = i + nx * (j + ny * k)
    #expect(p.labels.data[v] == 2)
    #expect(argmax(v) != 2)
  }

  @Test func deterministic() {
    #expect(Phantom.make().image.data == p.image.data)
    #expect(Phantom.make(seed: 1).image.data != p.image.data)
  }
}
