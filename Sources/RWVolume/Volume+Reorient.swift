/// Applying an `AxisReorientation` to a volume's data.
extension Volume {
  /// A copy of this volume with its three spatial axes permuted and flipped as `r` says
  /// (every channel alike). The new grid has the permuted dims and spacing, and the affine
  /// `affine · T` (which equals the target affine `r` was computed for).
  public func reoriented(_ r: AxisReorientation) -> Volume {
    if r.isIdentity { return self }
    let src = grid.dims
    let dst = r.targetDims(src)
    let srcStride = [1, src[0], src[0] * src[1]]
    var step = [0, 0, 0]
    var start = 0
    for j in 0..<3 {
      let i = r.sourceAxis[j]
      step[j] = r.flipped[j] ? -srcStride[i] : srcStride[i]
      if r.flipped[j] { start += (src[i] - 1) * srcStride[i] }
    }
    let n = grid.voxelCount
    let channels = self.channels
    var out = [Float](repeating: 0, count: data.count)
    data.withUnsafeBufferPointer { s in
      out.withUnsafeMutableBufferPointer { d in
        for ch in 0..<channels {
          let base = ch * n
          var o = base
          for c in 0..<dst[2] {
            let oc = base + start + c * step[2]
            for b in 0..<dst[1] {
              var si = oc + b * step[1]
              for _ in 0..<dst[0] {
                d[o] = s[si]
                o += 1
                si += step[0]
              }
            }
          }
        }
      }
    }
    let newGrid = VoxelGrid(
      dims: dst, spacing: r.sourceAxis.map { grid.spacing[$0] },
      affine: grid.affine * r.voxelTransform(sourceDims: src))
    var newShape = shape
    newShape[0] = dst[0]
    newShape[1] = dst[1]
    newShape[2] = dst[2]
    return Volume(grid: newGrid, shape: newShape, data: out)
  }
}

extension Volume {
  /// This volume permuted and flipped onto `target` (the grid of the image it is shown with):
  /// the affines must differ only by axis permutations and flips (within `tolerance` voxels) and
  /// the reoriented dims must equal `target.dims`. Throws a `ReorientationError` describing the
  /// difference otherwise. Returns `self` unchanged when the grids already match.
  public func reoriented(toMatch target: VoxelGrid, tolerance: Double = 1e-3) throws(ReorientationError) -> Volume {
    let r = try grid.affine.reorientation(to: target.affine, dims: grid.dims, tolerance: tolerance)
    let dims = r.targetDims(grid.dims)
    guard dims == target.dims else {
      throw ReorientationError("grid sizes differ: \(grid.dims) (\(grid.affine.axcodes)) cannot cover \(target.dims) (\(target.affine.axcodes))")
    }
    return reoriented(r)
  }
}
