import Foundation
import RWVolume
import Testing

@Suite struct OrientationTests {
  func diag(_ x: Double, _ y: Double, _ z: Double) -> Affine {
    Affine(rowMajor: [x, 0, 0, 0, 0, y, 0, 0, 0, 0, z, 0, 0, 0, 0, 1])
  }

  @Test func axcodesOfSimpleAffines() {
    #expect(Affine.identity.axcodes == "RAS")
    #expect(diag(-2, 2, 2).axcodes == "LAS")
    #expect(diag(1, -1, -1).axcodes == "RPI")
    // nibabel's doc example: [[0,1,0,10],[-1,0,0,20],[0,0,1,30]] -> ('P'?) with labels L/R,B/F,D/U gives (B, R, U)
    let a = Affine(rowMajor: [0, 1, 0, 10, -1, 0, 0, 20, 0, 0, 1, 30, 0, 0, 0, 1])
    #expect(a.axcodes == "PRS")
  }

  @Test func axcodesOfObliqueAndDegenerate() {
    #expect(obliqueAffine().axcodes == "RAI")
    #expect(obliqueAffine(flip: false).axcodes == "RAS")
    // A zero column has no direction.
    #expect(diag(1, 0, 1).axcodes == "R?S")
    // 45° in the x-y plane with a slight preference: the stronger axis is assigned first.
    let c = cos(0.7)
    let s = sin(0.7)
    let r = Affine(rowMajor: [c, -s, 0, 0, s, c, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
    #expect(r.axcodes == "RAS")
  }

  @Test func svdReconstructs() {
    let m = obliqueAffine().linear3x3
    let d = SVD3(m)
    for i in 0..<3 {
      for j in 0..<3 {
        let v = (0..<3).reduce(0.0) { $0 + d.u[3 * i + $1] * d.s[$1] * d.v[3 * j + $1] }
        #expect(abs(v - m[3 * i + j]) < 1e-12)
      }
    }
    #expect(d.s.sorted().map { ($0 * 1e9).rounded() / 1e9 } == [1.5, 2, 3])
  }

  @Test func inverseInverts() throws {
    let a = obliqueAffine()
    let inv = try #require(a.inverse)
    let p = a * inv
    for i in 0..<16 { #expect(abs(p.m[i] - Affine.identity.m[i]) < 1e-12) }
    #expect(Affine(rowMajor: [Double](repeating: 0, count: 16)).inverse == nil)
  }

  /// An LAS volume reoriented onto an RAS grid of the same world geometry lines up voxel by voxel.
  @Test func reorientsFlipsAndPermutations() throws {
    let dims = [4, 3, 2]
    // Source: x flipped, and axes i/j swapped relative to the target.
    let target = Affine(rowMajor: [2, 0, 0, -10, 0, 3, 0, 5, 0, 0, 4, 1, 0, 0, 0, 1])
    // Source voxel (i, j, k) = target (dims_t[0]-1-j, i, k) with target dims [3, 4, 2].
    let targetDims = [3, 4, 2]
    let t = Affine(rowMajor: [
      0, -1, 0, Double(targetDims[0] - 1), 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1,
    ])
    let source = target * t
    let sourceGrid = VoxelGrid(dims: dims, spacing: [3, 2, 4], affine: source)
    let r = try sourceGrid.reorientation(
      onto: VoxelGrid(dims: targetDims, spacing: [2, 3, 4], affine: target))
    #expect(r.targetDims(dims) == targetDims)
    let n = dims.reduce(1, *)
    let data = (0..<n).map { Float($0) }
    let vol = Volume(grid: sourceGrid, shape: dims, data: data)
    let out = vol.reoriented(r)
    #expect(out.grid.dims == targetDims)
    for i in 0..<16 { #expect(abs(out.grid.affine.m[i] - target.m[i]) < 1e-9) }
    #expect(out.grid.spacing == [2, 3, 4])
    // Every target voxel holds the source voxel at the same world position.
    for k in 0..<2 {
      for b in 0..<4 {
        for a in 0..<3 {
          let w = target.apply(Double(a), Double(b), Double(k))
          let inv = try #require(source.inverse)
          let s = inv.apply(w.x, w.y, w.z)
          let si =
            Int(s.x.rounded()) + dims[0] * (Int(s.y.rounded()) + dims[1] * Int(s.z.rounded()))
          #expect(out.data[a + 3 * (b + 4 * k)] == data[si])
        }
      }
    }
    #expect(try sourceGrid.reorientation(onto: sourceGrid).isIdentity)
  }

  @Test func refusesObliqueOrShiftedGrids() {
    func grid(_ a: Affine) -> VoxelGrid {
      VoxelGrid(dims: [3, 3, 3], spacing: [1, 1, 1], affine: a)
    }
    let a = grid(.identity)
    #expect(throws: GridMismatch.self) { try a.reorientation(onto: grid(obliqueAffine())) }
    let shifted = Affine(rowMajor: [1, 0, 0, 0.5, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
    do {
      _ = try a.reorientation(onto: grid(shifted))
      Issue.record("accepted a shifted grid")
    } catch {
      #expect(error.kind == .origin && error.description.contains("0.5 mm apart"))
    }
    #expect(throws: GridMismatch.self) { try a.reorientation(onto: grid(diag(2, 1, 1))) }
  }
}

/// A label map saved LAS lines up with an RAS image of the same grid; a wrong-size one is refused.
@Test func reorientedToMatchGrid() throws {
  let ras = Affine(rowMajor: [1, 0, 0, -1.5, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
  let target = VoxelGrid(dims: [4, 2, 1], spacing: [1, 1, 1], affine: ras)
  // LAS: x flipped, voxel 0 at the target's last x.
  let las = Affine(rowMajor: [-1, 0, 0, 1.5, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
  let labels = Volume(
    grid: VoxelGrid(dims: [4, 2, 1], spacing: [1, 1, 1], affine: las), shape: [4, 2, 1],
    data: [0, 1, 2, 3, 4, 5, 6, 7])
  let (out, r) = try labels.aligned(to: target)
  #expect(out.data == [3, 2, 1, 0, 7, 6, 5, 4])
  #expect(r.description == "(-i, j, k)" && out.grid == target)
  let small = VoxelGrid(dims: [4, 3, 1], spacing: [1, 1, 1], affine: ras)
  #expect(throws: GridMismatch(kind: .shape, detail: "shape 4x2x1 vs 4x3x1")) {
    try labels.aligned(to: small)
  }
}
