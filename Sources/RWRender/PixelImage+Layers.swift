/// Layer compositing onto a display image through a `SampleMap`.
///
/// Each function reads the slice values of one layer (row-major, `map.sliceWidth ×
/// map.sliceHeight`) at the display pixels the map selects and composites them into `self`,
/// which must be `map.displayWidth × map.displayHeight`. Pixels showing no voxel are untouched
/// by overlays. All loops run over flat buffers without per-pixel allocation.
extension PixelImage {
  /// Runs `body(displayIndex, sliceIndex)` for every display pixel that shows a voxel.
  @inline(__always)
  func forEachSample(_ map: SampleMap, _ body: (Int, Int) -> Void) {
    precondition(map.displayWidth == width && map.displayHeight == height, "map must match the image")
    let sw = map.sliceWidth
    map.columns.withUnsafeBufferPointer { cols in
      map.rows.withUnsafeBufferPointer { rows in
        for py in 0..<height {
          let r = Int(rows[py])
          if r < 0 { continue }
          let base = r * sw, out = py * width
          for px in 0..<width {
            let c = Int(cols[px])
            if c >= 0 { body(out + px, base + c) }
          }
        }
      }
    }
  }

  /// Paints the grey image with a window; pixels showing no voxel become `outside`.
  public mutating func paintGrey(
    _ slice: [Float], map: SampleMap, window: GreyWindow, outside: RGB = RGB(0, 0, 0)
  ) {
    precondition(slice.count == map.sliceWidth * map.sliceHeight, "slice size must match the map")
    let w = width
    pixels.withUnsafeMutableBufferPointer { px in
      slice.withUnsafeBufferPointer { s in
        map.rows.withUnsafeBufferPointer { rows in
          map.columns.withUnsafeBufferPointer { cols in
            for py in 0..<height {
              let r = Int(rows[py]), out = py * w
              if r < 0 {
                for px_ in 0..<w { px[out + px_] = outside }
                continue
              }
              let base = r * map.sliceWidth
              for x in 0..<w {
                let c = Int(cols[x])
                px[out + x] = c >= 0 ? window.color(s[base + c]) : outside
              }
            }
          }
        }
      }
    }
  }

  /// Overlays label colours (filled regions) with opacity `alpha`; transparent labels are skipped.
  public mutating func overlayLabels(
    _ slice: [Float], map: SampleMap, colors: LabelColorTable, alpha: Float
  ) {
    precondition(slice.count == map.sliceWidth * map.sliceHeight, "slice size must match the map")
    let a = Compositing.alpha256(alpha)
    guard a > 0 else { return }
    var img = pixels
    pixels = []
    img.withUnsafeMutableBufferPointer { px in
      slice.withUnsafeBufferPointer { s in
        forEachSample(map) { o, i in
          if let c = colors.color(LabelColorTable.label(s[i])) {
            px[o] = Compositing.blend(px[o], c, alpha256: a)
          }
        }
      }
    }
    pixels = img
  }

  /// Overlays label outlines (display pixels whose 4-neighbour shows another label) with opacity
  /// `alpha`. The outline is one display pixel thick at any zoom.
  public mutating func overlayOutline(
    _ slice: [Float], map: SampleMap, colors: LabelColorTable, alpha: Float
  ) {
    precondition(slice.count == map.sliceWidth * map.sliceHeight, "slice size must match the map")
    let a = Compositing.alpha256(alpha)
    guard a > 0 else { return }
    var labels = [Int32](repeating: 0, count: width * height)
    labels.withUnsafeMutableBufferPointer { l in
      slice.withUnsafeBufferPointer { s in
        forEachSample(map) { o, i in l[o] = LabelColorTable.label(s[i]) }
      }
    }
    let w = width, h = height
    labels.withUnsafeBufferPointer { l in
      pixels.withUnsafeMutableBufferPointer { px in
        for y in 0..<h {
          let row = y * w
          for x in 0..<w {
            let v = l[row + x]
            if v == 0 { continue }
            if (x > 0 && l[row + x - 1] != v) || (x + 1 < w && l[row + x + 1] != v)
              || (y > 0 && l[row - w + x] != v) || (y + 1 < h && l[row + w + x] != v),
              let c = colors.color(v)
            {
              px[row + x] = Compositing.blend(px[row + x], c, alpha256: a)
            }
          }
        }
      }
    }
  }

  /// Overlays a signed map on the diverging colour map with opacity `alpha`; exact zeros (and
  /// NaN) are left transparent when `transparentZero` is set.
  public mutating func overlayDiverging(
    _ slice: [Float], map: SampleMap, colors: DivergingMap, alpha: Float,
    transparentZero: Bool = true
  ) {
    precondition(slice.count == map.sliceWidth * map.sliceHeight, "slice size must match the map")
    let a = Compositing.alpha256(alpha)
    guard a > 0 else { return }
    var img = pixels
    pixels = []
    img.withUnsafeMutableBufferPointer { px in
      slice.withUnsafeBufferPointer { s in
        forEachSample(map) { o, i in
          let v = s[i]
          if transparentZero && !(v != 0) { return }
          px[o] = Compositing.blend(px[o], colors.color(v), alpha256: a)
        }
      }
    }
    pixels = img
  }

  /// Overlays true positives, false positives and false negatives of `prediction` against
  /// `truth` for label `label` (nil: any non-zero label counts as foreground).
  public mutating func overlayErrors(
    truth: [Float], prediction: [Float], label: Int32?, map: SampleMap, alpha: Float,
    showTruePositives: Bool = true
  ) {
    let n = map.sliceWidth * map.sliceHeight
    precondition(truth.count == n && prediction.count == n, "slice size must match the map")
    let a = Compositing.alpha256(alpha)
    guard a > 0 else { return }
    var img = pixels
    pixels = []
    img.withUnsafeMutableBufferPointer { px in
      truth.withUnsafeBufferPointer { t in
        prediction.withUnsafeBufferPointer { p in
          forEachSample(map) { o, i in
            let tl = LabelColorTable.label(t[i]), pl = LabelColorTable.label(p[i])
            let inT = label.map { tl == $0 } ?? (tl != 0)
            let inP = label.map { pl == $0 } ?? (pl != 0)
            let c: RGB
            if inT && inP {
              guard showTruePositives else { return }
              c = ErrorColors.truePositive
            } else if inP {
              c = ErrorColors.falsePositive
            } else if inT {
              c = ErrorColors.falseNegative
            } else {
              return
            }
            px[o] = Compositing.blend(px[o], c, alpha256: a)
          }
        }
      }
    }
    pixels = img
  }
}
