import Foundation
import RWVolume

/// A deterministic synthetic case: an image, a 3-class ground truth and a 4D softmax prediction
/// with the errors a real network makes (shifted boundaries, a missed small object, scattered
/// false positives).
///
/// Classes: 0 background, 1 organ, 2 lesion. Grid 96×96×32, spacing (0.8, 0.8, 2.5) mm, LAS.
public struct Phantom {
  /// The int16-valued image (stored as float for the writer).
  public var image: Volume
  /// Ground-truth labels 0...2.
  public var labels: Volume
  /// Softmax probabilities, shape (X, Y, Z, 3), each a multiple of 1/256 summing exactly to 1.
  public var probabilities: Volume

  /// Class names, index = label value.
  public static let classNames = ["background", "organ", "lesion"]

  /// Builds the phantom; the same `seed` gives the same bytes.
  public static func make(dims: [Int] = [96, 96, 32], seed: UInt64 = 20_231_208) -> Phantom {
    let (nx, ny, nz) = (dims[0], dims[1], dims[2])
    let spacing = [0.8, 0.8, 2.5]
    let cx = Double(nx - 1) / 2
    let cy = Double(ny - 1) / 2
    let cz = Double(nz - 1) / 2
    let affine = Affine(rowMajor: [
      -spacing[0], 0, 0, spacing[0] * cx,
      0, spacing[1], 0, -spacing[1] * cy,
      0, 0, spacing[2], -spacing[2] * cz,
      0, 0, 0, 1,
    ])
    let grid = VoxelGrid(dims: dims, spacing: spacing, affine: affine)
    let n = nx * ny * nz
    var rng = SplitMix64(seed: seed)

    // Truth: an organ ellipsoid with two lesions inside and one outside it.
    let organ = Ellipsoid(centre: (-4, 2, 0), axes: (20, 15, 30))
    let lesions = [
      Ellipsoid(centre: (6, 4, 5), axes: (5, 5, 5)),
      Ellipsoid(centre: (-12, -3, -10), axes: (3, 3, 3.5)),  // small: the network misses it
      Ellipsoid(centre: (18, -12, 12), axes: (4, 4, 5)),
    ]
    let body = Ellipsoid(centre: (0, 0, 0), axes: (34, 27, 200))

    // Prediction: organ shifted 3 voxels in x and slightly too wide in y; first lesion
    // under-segmented, second missed, third right; small false-positive blobs.
    let predOrgan = Ellipsoid(centre: (-4 + 2.4, 2, 0), axes: (20, 16.6, 30))
    let predLesions = [
      Ellipsoid(centre: (6, 4, 5), axes: (4.2, 4.2, 4.2)),
      Ellipsoid(centre: (18, -12, 12), axes: (4, 4, 5)),
    ]
    var falsePositives: [(Ellipsoid, Int)] = []
    for t in 0..<8 {
      let x = rng.uniform(-28, 28)
      let y = rng.uniform(-20, 20)
      let z = rng.uniform(-35, 35)
      falsePositives.append((Ellipsoid(centre: (x, y, z), axes: (1.6, 1.6, 2.5)), t < 5 ? 2 : 1))
    }

    var img = [Float](repeating: 0, count: n)
    var lab = [Float](repeating: 0, count: n)
    var prob = [Float](repeating: 0, count: 3 * n)
    let tau = 1.2
    for k in 0..<nz {
      for j in 0..<ny {
        for i in 0..<nx {
          let p = (
            (cx - Double(i)) * spacing[0], (Double(j) - cy) * spacing[1],
            (Double(k) - cz) * spacing[2]
          )
          let v = i + nx * (j + ny * k)
          var label = 0
          if organ.contains(p) { label = 1 }
          if lesions.contains(where: { $0.contains(p) }) { label = 2 }
          lab[v] = Float(label)

          var intensity = 0.0
          if body.contains(p) {
            intensity = [300.0, 550, 800][label] * (1 + 0.1 * p.0 / 34) + rng.gaussian() * 25
          } else {
            intensity = abs(rng.gaussian() * 5)
          }
          img[v] = Float(intensity.rounded())

          // Logits from signed distances to the predicted regions.
          var l1 = -predOrgan.signedDistance(p) / tau
          var l2 = -(predLesions.map { $0.signedDistance(p) }.min() ?? 100) / tau + 1
          for (blob, c) in falsePositives where blob.contains(p) {
            if c == 2 { l2 = max(l2, 3) } else { l1 = max(l1, 3) }
          }
          l1 = min(max(l1, -20), 20) + rng.gaussian() * 0.3
          l2 = min(max(l2, -20), 20) + rng.gaussian() * 0.3
          let m = max(0, l1, l2)
          let e0 = exp(-m)
          let e1 = exp(l1 - m)
          let e2 = exp(l2 - m)
          let s = e0 + e1 + e2
          let a = (e1 / s * 256).rounded()
          let b = min((e2 / s * 256).rounded(), 256 - a)
          prob[v] = Float((256 - a - b) / 256)
          prob[n + v] = Float(a / 256)
          prob[2 * n + v] = Float(b / 256)
        }
      }
    }
    return Phantom(
      image: Volume(grid: grid, shape: dims, data: img),
      labels: Volume(grid: grid, shape: dims, data: lab),
      probabilities: Volume(grid: grid, shape: dims + [3], data: prob))
  }
}

/// An axis-aligned ellipsoid in mm.
struct Ellipsoid {
  var centre: (Double, Double, Double)
  var axes: (Double, Double, Double)

  /// Normalised radius: 1 on the surface.
  func radius(_ p: (Double, Double, Double)) -> Double {
    let dx = (p.0 - centre.0) / axes.0
    let dy = (p.1 - centre.1) / axes.1
    let dz = (p.2 - centre.2) / axes.2
    return (dx * dx + dy * dy + dz * dz).squareRoot()
  }

  func contains(_ p: (Double, Double, Double)) -> Bool { radius(p) <= 1 }

  /// Approximate signed distance in mm (negative inside).
  func signedDistance(_ p: (Double, Double, Double)) -> Double {
    (radius(p) - 1) * min(axes.0, axes.1, axes.2)
  }
}

/// A small deterministic generator (SplitMix64): samples regenerate byte for byte, and the
/// fuzzer reproduces a finding from its seed alone.
public struct SplitMix64: RandomNumberGenerator {
  /// The generator's state (the seed, then advanced by each draw).
  public var state: UInt64
  /// A generator starting at `seed`.
  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

  mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }

  /// Standard normal (Box–Muller, one value per call).
  mutating func gaussian() -> Double {
    let u1 = max(unit(), 1e-300)
    let u2 = unit()
    return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
  }
}
