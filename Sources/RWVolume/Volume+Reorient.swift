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
  /// This volume on `reference` by the grid rule (`VoxelGrid.reorientation(onto:)`), with the
  /// reorientation applied (the identity when the grids already match). The result carries the
  /// reference's grid exactly, so later comparisons see one grid.
  public func aligned(to reference: VoxelGrid) throws(GridMismatch)
    -> (volume: Volume, reorientation: AxisReorientation)
  {
    let r = try grid.reorientation(onto: reference)
    var out = reoriented(r)
    out.grid = reference
    return (out, r)
  }

  /// `aligned(to:)` with the sentences the user sees: a notice when the file was stored flipped
  /// or permuted ("p.nii: prediction stored as (-i, j, k), reoriented onto the labels grid"),
  /// and a one-line error naming the file when the grids differ otherwise.
  public func aligned(to reference: VoxelGrid, path: String, role: String, referenceRole: String)
    throws(GridAlignmentError) -> (volume: Volume, notice: String?)
  {
    do {
      let (v, r) = try aligned(to: reference)
      let notice =
        r.isIdentity
        ? nil : "\(path): \(role) stored as \(r), reoriented onto the \(referenceRole) grid"
      return (v, notice)
    } catch {
      throw GridAlignmentError(
        path: path, role: role, referenceRole: referenceRole, mismatch: error)
    }
  }
}

/// An input whose grid the grid rule cannot line up with the reference, as one line:
/// "p.nii: prediction grid differs from the labels: shape 8x6x5 vs 8x6x4".
public struct GridAlignmentError: Error, Equatable, Sendable, CustomStringConvertible {
  public var path: String
  public var role: String
  public var referenceRole: String
  public var mismatch: GridMismatch

  public init(path: String, role: String, referenceRole: String, mismatch: GridMismatch) {
    self.path = path
    self.role = role
    self.referenceRole = referenceRole
    self.mismatch = mismatch
  }

  public var description: String {
    "\(path): \(role) grid differs from the \(referenceRole): \(mismatch.detail)"
  }
}
