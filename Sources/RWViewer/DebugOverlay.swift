import RWLoss
import RWRender

/// The instability view and the simulator drawn over a pane's pixels.
enum DebugOverlay {
  // Every marker has its own colour, none the cursor's magenta (`PaneComposer.cursorColor`).
  static let aColor = RGB(255, 40, 40)
  static let bColor = RGB(255, 130, 0)
  static let raiseColor = RGB(40, 140, 255)
  static let flipColor = RGB(255, 235, 0)
  /// Opacity of a marker's tint between its hatch lines, and on them: the anatomy under a
  /// marked voxel stays readable.
  static let tint: Float = 0.3
  static let hatch: Float = 0.8

  /// Whether display pixel q of a `width`-pixel-wide pane lies on a hatch line (diagonals
  /// every 4 pixels).
  @inline(__always) static func onHatch(_ q: Int, width: Int) -> Bool {
    (q % width + q / width) % 4 == 0
  }

  /// The slice-local index (lower remaining axis fastest) of voxel `v` in a slice along `axis`.
  @inline(__always) static func local(_ v: Int, dims: [Int], axis: Int) -> Int {
    let nx = dims[0]
    let ny = dims[1]
    let i = v % nx
    let j = (v / nx) % ny
    let k = v / (nx * ny)
    switch axis {
    case 0: return j + ny * k
    case 1: return i + nx * k
    default: return i + nx * j
    }
  }

  static func compose(_ s: ViewerState, _ p: PaneSampling, _ img: inout PixelImage) {
    let d = s.debug
    guard let grid = s.grid else { return }
    let axis = p.mapping.sliceAxis
    let index = s.cursor[axis]
    if let sim = d.simulation, sim.axis == axis, sim.index == index,
      let t = d.drawingComparePane ? sim.compare : sim.main, !t.argmax.isEmpty
    {
      drawSimulation(s, p, &img, t, dims: grid.dims, axis: axis)
      return
    }
    switch d.instability {
    case .off: return
    case .principle, .raise:
      guard let a = d.drawingComparePane ? d.compareAnalysis : d.analysis else { return }
      let mask: UInt8 =
        d.instability == .raise
        ? VoxelFlag.wrongLogitPushedUp : VoxelFlag.aViolation | VoxelFlag.bViolation
      let width = img.width
      // Marked voxels: a light tint with diagonal hatch lines, so the anatomy shows through.
      a.field.voxelFlags.withUnsafeBufferPointer { fl in
        img.pixels.withUnsafeMutableBufferPointer { px in
          for q in 0..<px.count {
            let v = Int(p.voxel[q])
            if v < 0 { continue }
            let f = fl[v]
            if f & mask == 0 { continue }
            let color =
              d.instability == .raise
              ? raiseColor : (f & VoxelFlag.aViolation != 0 ? aColor : bColor)
            px[q] = blend(px[q], color, onHatch(q, width: width) ? hatch : tint)
          }
        }
      }
    case .gradient:
      guard let x = d.sliceExtras, x.key == d.sliceKey, x.key.axis == axis, x.key.index == index,
        let gr = d.drawingComparePane ? x.compareGradient : x.gradient
      else { return }
      var mx = 0.0
      for v in gr where v.isFinite { mx = max(mx, abs(v)) }
      let cmap = DivergingMap(maxAbs: Float(mx))
      let dims = grid.dims
      img.pixels.withUnsafeMutableBufferPointer { px in
        for q in 0..<px.count {
          let v = Int(p.voxel[q])
          if v < 0 { continue }
          let l = local(v, dims: dims, axis: axis)
          if l < gr.count { px[q] = blend(px[q], cmap.color(Float(gr[l])), 0.85) }
        }
      }
    }
  }

  /// The simulated argmax (label colours), flipped voxels and raised wrong logits.
  private static func drawSimulation(
    _ s: ViewerState, _ p: PaneSampling, _ img: inout PixelImage,
    _ t: SimulationTrack, dims: [Int], axis: Int
  ) {
    let k = max(1, s.classCount)
    let colors = (0..<k).map { s.labelTable.color(s.classValue($0)) }
    img.pixels.withUnsafeMutableBufferPointer { px in
      for q in 0..<px.count {
        let v = Int(p.voxel[q])
        if v < 0 { continue }
        let l = local(v, dims: dims, axis: axis)
        guard l < t.argmax.count else { continue }
        let c = Int(t.argmax[l])
        if t.argmax[l] != t.startArgmax[l] {
          px[q] = blend(px[q], flipColor, 0.85)
        } else if t.raised[l] {
          px[q] = blend(px[q], raiseColor, 0.7)
        } else if c > 0 && c < k {
          px[q] = blend(px[q], colors[c], 0.45)
        }
      }
    }
  }
}
