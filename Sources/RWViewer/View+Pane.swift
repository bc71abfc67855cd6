import RWRender

/// What one pane shows, resolved from the state: per pixel, the voxel index (or −1).
struct PaneSampling {
  let mapping: SliceMapping
  let viewport: PaneViewport
  /// Linear voxel index per pixel, −1 outside the slice; `pixelWidth * pixelHeight` entries.
  let voxel: [Int32]
  /// Pixel of the cursor (may be outside the pane).
  let cursorX: Int
  let cursorY: Int

  init(state s: ViewerState, plane: Plane, pixelWidth: Int, pixelHeight: Int) {
    let g = s.grid!
    mapping = s.mapping(plane)!
    let center = s.center ?? g.dims.map { Double($0) / 2 }
    viewport = PaneViewport(mapping: mapping, pixelWidth: pixelWidth, pixelHeight: pixelHeight, zoom: s.zoom, center: center)
    let strides = [1, g.dims[0], g.dims[0] * g.dims[1]]
    let cols = viewport.columnIndices(), rows = viewport.rowIndices()
    let m = mapping
    let base = s.cursor[m.sliceAxis] * strides[m.sliceAxis]
    let offH = cols.map { $0 < 0 ? -1 : m.hIndex(Int($0)) * strides[m.hAxis] }
    let offV = rows.map { $0 < 0 ? -1 : m.vIndex(Int($0)) * strides[m.vAxis] }
    var vox = [Int32](repeating: -1, count: pixelWidth * pixelHeight)
    vox.withUnsafeMutableBufferPointer { out in
      for y in 0..<pixelHeight where offV[y] >= 0 {
        let row = base + offV[y]
        for x in 0..<pixelWidth where offH[x] >= 0 {
          out[y * pixelWidth + x] = Int32(row + offH[x])
        }
      }
    }
    voxel = vox
    cursorX = viewport.pixelX(ofColumn: m.column(ofIndex: s.cursor[m.hAxis]))
    cursorY = viewport.pixelY(ofRow: m.row(ofIndex: s.cursor[m.vAxis]))
  }
}

/// Composites every visible layer of one plane into pixels.
enum PaneComposer {
  static let outside = RGB(0, 0, 0)
  static let cursorColor = RGB(255, 0, 255)

  static func compose(_ s: ViewerState, _ p: PaneSampling) -> PixelImage {
    let w = p.viewport.pixelWidth, h = p.viewport.pixelHeight
    var img = PixelImage(width: w, height: h, fill: outside)
    guard w > 0 && h > 0 else { return img }
    let count = w * h
    let alpha = Float(s.opacity)
    img.pixels.withUnsafeMutableBufferPointer { px in
      p.voxel.withUnsafeBufferPointer { vox in
        // 1. Image, windowed to grey.
        if s.visible.image, let im = s.image {
          let n = im.volume.grid.voxelCount
          let off = min(s.frame, im.volume.channels - 1) * n
          let win = s.activeWindow
          let scale = 255 / max(win.high - win.low, 1e-12)
          im.volume.data.withUnsafeBufferPointer { d in
            for q in 0..<count {
              let v = Int(vox[q])
              if v < 0 { continue }
              let x = d[off + v]
              let g = x.isFinite ? UInt8(max(0, min(255, (x - win.low) * scale))) : 0
              px[q] = RGB(g, g, g)
            }
          }
        } else {
          for q in 0..<count where vox[q] >= 0 { px[q] = RGB(24, 24, 24) }
        }
        // 2. RW map or per-voxel loss on the diverging map.
        if s.visible.map, let m = s.maps {
          composeMap(s, m, px, vox, count: count, alpha: max(alpha, 0.6))
        }
        // 3. Error layer, or ground truth and prediction.
        if s.visible.error, let gt = s.groundTruth, let pr = s.prediction {
          composeError(s, gt.labels, pr.labels, px, vox, count: count, alpha: max(alpha, 0.6))
        } else {
          if s.visible.prediction, let pr = s.prediction {
            composeLabels(s, pr.labels, style: s.predictionStyle, px, vox, w: w, h: h, alpha: alpha)
          }
          if s.visible.groundTruth, let gt = s.groundTruth {
            composeLabels(s, gt.labels, style: s.groundTruthStyle, px, vox, w: w, h: h, alpha: alpha)
          }
        }
      }
    }
    DebugOverlay.compose(s, p, &img)
    if p.cursorX >= 0 && p.cursorX < w && p.cursorY >= 0 && p.cursorY < h {
      img.pixels[p.cursorY * w + p.cursorX] = cursorColor
    }
    return img
  }

  private static func composeMap(
    _ s: ViewerState, _ m: MapVolume, _ px: UnsafeMutableBufferPointer<RGB>, _ vox: UnsafeBufferPointer<Int32>,
    count: Int, alpha: Float
  ) {
    let n = m.voxelCount, k = m.classCount
    let d = m.dims
    let c = max(0, min(k - 1, s.selectedClass))
    let loss = s.mapQuantity == .loss
    let cmap = DivergingMap(maxAbs: loss ? m.overallMaxAbs : m.maxAbs[c])
    let pred = s.prediction
    m.values.withUnsafeBufferPointer { z in
      for q in 0..<count {
        let v = Int(vox[q])
        if v < 0 { continue }
        let i = v % d[0], j = (v / d[0]) % d[1], kk = v / (d[0] * d[1])
        if !m.done[m.unit(i, j, kk)] { continue }
        var value: Float
        if loss {
          guard let pr = pred else { continue }
          value = 0
          for cl in 0..<min(k, pr.classCount) { value += pr.probability(cl, v) * z[cl * n + v] }
        } else {
          value = z[c * n + v]
        }
        px[q] = blend(px[q], cmap.color(value), alpha)
      }
    }
  }

  private static func composeError(
    _ s: ViewerState, _ gt: [Int32], _ pr: [Int32], _ px: UnsafeMutableBufferPointer<RGB>,
    _ vox: UnsafeBufferPointer<Int32>, count: Int, alpha: Float
  ) {
    let c = Int32(s.selectedClass)
    for q in 0..<count {
      let v = Int(vox[q])
      if v < 0 { continue }
      let kind = ErrorKind.classify(gt: gt[v], pred: pr[v], selected: c)
      switch kind {
      case .truePositive: px[q] = blend(px[q], ErrorColors.truePositive, alpha)
      case .falsePositive: px[q] = blend(px[q], ErrorColors.falsePositive, alpha)
      case .falseNegative: px[q] = blend(px[q], ErrorColors.falseNegative, alpha)
      case .none: break
      }
    }
  }

  private static func composeLabels(
    _ s: ViewerState, _ labels: [Int32], style: OverlayStyle, _ px: UnsafeMutableBufferPointer<RGB>,
    _ vox: UnsafeBufferPointer<Int32>, w: Int, h: Int, alpha: Float
  ) {
    let table = s.labelTable
    var colorCache: [Int32: RGB] = [:]
    func color(_ l: Int32) -> RGB {
      if let c = colorCache[l] { return c }
      let c = table.color(l)
      colorCache[l] = c
      return c
    }
    labels.withUnsafeBufferPointer { lab in
      @inline(__always) func label(_ q: Int) -> Int32 {
        let v = Int(vox[q])
        return v < 0 ? -1 : lab[v]
      }
      for y in 0..<h {
        for x in 0..<w {
          let q = y * w + x
          let l = label(q)
          if l <= 0 { continue }
          if style == .fill {
            px[q] = blend(px[q], color(l), alpha)
          } else {
            let edge =
              (x == 0 || label(q - 1) != l) || (x == w - 1 || label(q + 1) != l)
              || (y == 0 || label(q - w) != l) || (y == h - 1 || label(q + w) != l)
            if edge { px[q] = color(l) }
          }
        }
      }
    }
  }
}

/// Agreement of prediction and ground truth at a voxel, for the selected class (or, for class 0,
/// for every foreground class at once).
public enum ErrorKind: Equatable, Sendable {
  case truePositive, falsePositive, falseNegative, none

  /// Classifies one voxel.
  @inline(__always) public static func classify(gt: Int32, pred: Int32, selected c: Int32) -> ErrorKind {
    if c > 0 {
      if gt == c { return pred == c ? .truePositive : .falseNegative }
      return pred == c ? .falsePositive : .none
    }
    if gt != 0 { return pred == gt ? .truePositive : .falseNegative }
    return pred != 0 ? .falsePositive : .none
  }
}
