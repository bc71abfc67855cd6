import RWRender

/// What one pane shows, resolved from the state: per pixel, the voxel index (or −1).
struct PaneSampling {
  let mapping: SliceMapping
  let viewport: SliceViewport
  /// Linear voxel index per pixel, −1 outside the slice; `pixelWidth * pixelHeight` entries.
  let voxel: [Int]
  /// Pixel of the cursor (may be outside the pane).
  let cursorX: Int
  let cursorY: Int

  init(state s: ViewerState, plane: Plane, pixelWidth: Int, pixelHeight: Int) {
    let g = s.grid!
    let m = s.mapping(plane)!
    mapping = m
    let center = s.center ?? g.dims.map { Double($0) / 2 }
    viewport = SliceViewport(
      mapping: m, pixelWidth: pixelWidth, pixelHeight: pixelHeight, zoom: s.zoom, center: center)
    let strides = [1, g.dims[0], g.dims[0] * g.dims[1]]
    voxel = viewport.sampleIndices(
      base: s.cursor[m.sliceAxis] * strides[m.sliceAxis], hStride: strides[m.hAxis],
      vStride: strides[m.vAxis])
    cursorX = viewport.pixelX(ofIndex: s.cursor[m.hAxis])
    cursorY = viewport.pixelY(ofIndex: s.cursor[m.vAxis])
  }
}

extension SliceViewport {
  /// The viewport of `mapping`'s plane in a pane, centred on `center` (continuous voxel
  /// coordinates i, j, k).
  init(mapping m: SliceMapping, pixelWidth: Int, pixelHeight: Int, zoom: Double, center: [Double]) {
    self.init(
      width: m.width, height: m.height, spacingH: m.spacingH, spacingV: m.spacingV,
      flipH: m.hFlip, flipV: m.vFlip, pixelWidth: pixelWidth, pixelHeight: pixelHeight,
      zoom: zoom, center: (center[m.hAxis], center[m.vAxis]))
  }
}

/// Composites every visible layer of one plane into pixels with RWRender's layer functions.
enum PaneComposer {
  static let outside = RGB(0, 0, 0)
  static let noImage = RGB(24, 24, 24)
  static let cursorColor = RGB(255, 0, 255)

  static func compose(_ s: ViewerState, _ p: PaneSampling) -> PixelImage {
    let w = p.viewport.pixelWidth
    let h = p.viewport.pixelHeight
    var img = PixelImage(width: w, height: h, fill: outside)
    guard w > 0 && h > 0 else { return img }
    let alpha = Float(s.opacity)
    // 1. Image, windowed to grey.
    if s.visible.image, let im = s.image {
      let off = min(s.frame, im.volume.channels - 1) * im.volume.grid.voxelCount
      img.paintGrey(im.volume.data, offset: off, samples: p.voxel, window: s.activeWindow)
    } else {
      img.paintExtent(samples: p.voxel, color: noImage)
    }
    // 2. RW map or per-voxel loss on the diverging map.
    if s.visible.map, let m = s.maps {
      composeMap(s, m, &img, p.voxel, alpha: max(alpha, 0.6))
    }
    // 3. The A/B difference, the error layer, or predictions then ground truth.
    if s.visible.difference, let pa = s.prediction, let pb = s.predictionB {
      img.overlayDifference(
        truth: s.groundTruth?.labels, a: pa.labels, b: pb.labels, samples: p.voxel,
        alpha: max(alpha, 0.6))
    } else if s.visible.error, let gt = s.groundTruth, let pr = s.prediction {
      img.overlayErrors(
        truth: gt.labels, prediction: pr.labels,
        selected: s.selectedClass == 0 ? 0 : s.classValue(s.selectedClass),
        samples: p.voxel, alpha: max(alpha, 0.6))
    } else {
      let table = s.labelTable
      let ends = p.viewport.sliceEnds
      if s.visible.prediction, let pr = s.prediction {
        img.overlayLabels(
          pr.labels, samples: p.voxel, style: s.predictionStyle, alpha: alpha, sliceEnds: ends,
          color: table.color)
      }
      if s.visible.predictionB, let pb = s.predictionB {
        img.overlayLabels(
          pb.labels, samples: p.voxel, style: .outline, alpha: alpha, sliceEnds: ends,
          color: table.color)
      }
      if s.visible.groundTruth, let gt = s.groundTruth {
        img.overlayLabels(
          gt.labels, samples: p.voxel, style: s.groundTruthStyle, alpha: alpha, sliceEnds: ends,
          color: table.color)
      }
    }
    DebugOverlay.compose(s, p, &img)
    if p.cursorX >= 0 && p.cursorX < w && p.cursorY >= 0 && p.cursorY < h {
      img.pixels[p.cursorY * w + p.cursorX] = cursorColor
    }
    return img
  }

  /// The selected class's map, or the loss P·Z summed over classes, where computed.
  private static func composeMap(
    _ s: ViewerState, _ m: MapVolume, _ img: inout PixelImage, _ samples: [Int], alpha: Float
  ) {
    let n = m.voxelCount
    let k = m.classCount
    let d = m.dims
    let c = max(0, min(k - 1, s.selectedClass))
    let loss = s.mapQuantity == .loss
    let cmap = DivergingMap(maxAbs: loss ? m.overallMaxAbs : m.maxAbs[c])
    let pred = s.prediction
    if loss && pred == nil { return }
    var values = [Float](repeating: .nan, count: samples.count)
    m.values.withUnsafeBufferPointer { z in
      for q in 0..<samples.count {
        let v = samples[q]
        if v < 0 { continue }
        let i = v % d[0]
        let j = (v / d[0]) % d[1]
        let kk = v / (d[0] * d[1])
        guard m.done[m.unit(i, j, kk)] else { continue }
        guard loss, let pr = pred else {
          values[q] = z[c * n + v]
          continue
        }
        var value: Float = 0
        for cl in 0..<min(k, pr.classCount) { value += pr.probability(cl, v) * z[cl * n + v] }
        values[q] = value
      }
    }
    img.overlayDiverging(values, colors: cmap, alpha: alpha)
  }
}
