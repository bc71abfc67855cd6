/// Layer compositing onto a pane's pixels: the one pipeline of every view.
///
/// A view first resolves which element each pixel shows (`SliceViewport.sampleIndices`: an
/// index into a volume or slice buffer, −1 for none), then paints the image and composites the
/// overlays in order with these functions; `HalfBlock` turns the pixels into cells. All loops
/// run over flat buffers without per-pixel allocation.
extension PixelImage {
  /// Paints the grey image: pixel `q` shows `data[offset + samples[q]]` through `window`.
  /// Pixels that show no voxel keep their colour.
  /// Non-finite values (NaN, ±Inf) are painted `WindowLevel.nonFiniteColor`, not a grey.
  public mutating func paintGrey(
    _ data: [Float], offset: Int = 0, samples: [Int], window: WindowLevel
  ) {
    precondition(samples.count == pixels.count, "one sample per pixel")
    let scale = window.greyScale
    pixels.withUnsafeMutableBufferPointer { px in
      data.withUnsafeBufferPointer { d in
        samples.withUnsafeBufferPointer { sm in
          for q in 0..<px.count {
            let v = sm[q]
            if v < 0 { continue }
            let x = d[offset + v]
            if x.isFinite {
              let g = window.grey(x, scale: scale)
              px[q] = RGB(g, g, g)
            } else {
              px[q] = WindowLevel.nonFiniteColor
            }
          }
        }
      }
    }
  }

  /// Paints `color` on every pixel that shows a voxel (the slice's extent without an image).
  public mutating func paintExtent(samples: [Int], color: RGB) {
    precondition(samples.count == pixels.count, "one sample per pixel")
    for q in 0..<pixels.count where samples[q] >= 0 { pixels[q] = color }
  }

  /// Composites a label map: filled with opacity `alpha`, or outlined (opaque, one display pixel
  /// thick at any zoom). Label 0 (background) and negative labels are not drawn. An outline
  /// pixel is a labelled pixel whose 4-neighbour holds another label or lies outside the slice
  /// (the region ends with the volume); at a side of the pane the outline is closed only where
  /// `sliceEnds` says the slice ends there too (elsewhere the pane only clips the region).
  public mutating func overlayLabels(
    _ labels: [Int32], samples: [Int], style: OverlayStyle, alpha: Float,
    sliceEnds: PaneSides = .all, color: (Int32) -> RGB
  ) {
    precondition(samples.count == pixels.count, "one sample per pixel")
    let w = width
    let h = height
    let a = Compositing.alpha256(alpha)
    var cache: [Int32: RGB] = [:]
    func colorOf(_ l: Int32) -> RGB {
      if let c = cache[l] { return c }
      let c = color(l)
      cache[l] = c
      return c
    }
    pixels.withUnsafeMutableBufferPointer { px in
      labels.withUnsafeBufferPointer { lab in
        samples.withUnsafeBufferPointer { sm in
          @inline(__always) func label(_ q: Int) -> Int32 {
            let v = sm[q]
            return v < 0 ? -1 : lab[v]
          }
          @inline(__always) func differs(_ q: Int, _ l: Int32) -> Bool { label(q) != l }
          for y in 0..<h {
            for x in 0..<w {
              let q = y * w + x
              let l = label(q)
              if l <= 0 { continue }
              if style == .fill {
                px[q] = Compositing.blend(px[q], colorOf(l), alpha256: a)
              } else if (x > 0 ? differs(q - 1, l) : sliceEnds.left)
                || (x < w - 1 ? differs(q + 1, l) : sliceEnds.right)
                || (y > 0 ? differs(q - w, l) : sliceEnds.top)
                || (y < h - 1 ? differs(q + w, l) : sliceEnds.bottom)
              {
                px[q] = colorOf(l)
              }
            }
          }
        }
      }
    }
  }

  /// Composites the agreement of `prediction` with `truth` for class `selected` (0: every
  /// foreground class) in the error colours with opacity `alpha`.
  public mutating func overlayErrors(
    truth: [Int32], prediction: [Int32], selected: Int32, samples: [Int], alpha: Float
  ) {
    overlayPairs(truth, prediction, samples: samples, alpha: alpha) { _, gt, pred in
      switch ErrorKind.classify(gt: gt, pred: pred, selected: selected) {
      case .truePositive: return ErrorColors.truePositive
      case .falsePositive: return ErrorColors.falsePositive
      case .falseNegative: return ErrorColors.falseNegative
      case .none: return nil
      }
    }
  }

  /// The loop of the overlays of two label maps on one grid: at each pixel whose sample voxel
  /// `v` is not −1, blends `color(v, first[v], second[v])` (nil: the pixel stays) with opacity
  /// `alpha`.
  @inline(__always)
  mutating func overlayPairs(
    _ first: [Int32], _ second: [Int32], samples: [Int], alpha: Float,
    color: (_ voxel: Int, _ first: Int32, _ second: Int32) -> RGB?
  ) {
    precondition(samples.count == pixels.count, "one sample per pixel")
    precondition(first.count == second.count, "one grid")
    let a = Compositing.alpha256(alpha)
    pixels.withUnsafeMutableBufferPointer { px in
      first.withUnsafeBufferPointer { p1 in
        second.withUnsafeBufferPointer { p2 in
          samples.withUnsafeBufferPointer { sm in
            for q in 0..<px.count {
              let v = sm[q]
              if v < 0 { continue }
              guard let c = color(v, p1[v], p2[v]) else { continue }
              px[q] = Compositing.blend(px[q], c, alpha256: a)
            }
          }
        }
      }
    }
  }

  /// Composites a signed quantity on the diverging colour map with opacity `alpha`: `values`
  /// holds one value per pixel (NaN: leave the pixel alone).
  public mutating func overlayDiverging(_ values: [Float], colors: DivergingMap, alpha: Float) {
    precondition(values.count == pixels.count, "one value per pixel")
    let a = Compositing.alpha256(alpha)
    pixels.withUnsafeMutableBufferPointer { px in
      values.withUnsafeBufferPointer { vs in
        for q in 0..<px.count where !vs[q].isNaN {
          px[q] = Compositing.blend(px[q], colors.color(vs[q]), alpha256: a)
        }
      }
    }
  }
}

/// How a label overlay is drawn.
public enum OverlayStyle: String, CaseIterable, Sendable { case fill, outline }

/// Agreement of prediction and ground truth at a voxel, for the selected class (or, for class 0,
/// for every foreground class at once).
public enum ErrorKind: Equatable, Sendable {
  case truePositive, falsePositive, falseNegative, none

  /// Classifies one voxel.
  @inline(__always) public static func classify(gt: Int32, pred: Int32, selected c: Int32)
    -> ErrorKind
  {
    if c > 0 {
      if gt == c { return pred == c ? .truePositive : .falseNegative }
      return pred == c ? .falsePositive : .none
    }
    if gt != 0 { return pred == gt ? .truePositive : .falseNegative }
    return pred != 0 ? .falsePositive : .none
  }
}
