/// Per-pixel alpha compositing of layers.
public enum Compositing {
  /// `over` on top of `base` with opacity `alpha` (0: base, 1: over), rounded per channel.
  @inline(__always)
  public static func blend(_ base: RGB, _ over: RGB, _ alpha: Float) -> RGB {
    let a = Int(max(0, min(1, alpha)) * 256 + 0.5)
    return blend(base, over, alpha256: a)
  }

  /// `blend` with the opacity in 0...256 (256 is opaque), integer-only for hot loops.
  @inline(__always)
  public static func blend(_ base: RGB, _ over: RGB, alpha256 a: Int) -> RGB {
    let b = 256 - a
    return RGB(
      UInt8((Int(base.r) * b + Int(over.r) * a + 128) >> 8),
      UInt8((Int(base.g) * b + Int(over.g) * a + 128) >> 8),
      UInt8((Int(base.b) * b + Int(over.b) * a + 128) >> 8))
  }
}

/// `over` on top of `base` with opacity `alpha` in 0...1.
@inline(__always)
public func blend(_ base: RGB, _ over: RGB, _ alpha: Float) -> RGB {
  Compositing.blend(base, over, alpha)
}

/// Colour-blind-safe colours (Okabe–Ito) for agreement between ground truth and prediction.
public enum ErrorColors {
  /// True positive: bluish green.
  public static let truePositive = RGB(0, 158, 115)
  /// False positive (predicted, not in ground truth): vermillion.
  public static let falsePositive = RGB(213, 94, 0)
  /// False negative (in ground truth, missed): blue.
  public static let falseNegative = RGB(0, 114, 178)
}

/// Outline extraction for label images.
public enum Outline {
  /// True where a pixel has a non-background label and a 4-neighbour (inside the image) has a
  /// different label. `labels` is row-major `width × height`.
  public static func mask(labels: [Int32], width: Int, height: Int, background: Int32 = 0) -> [Bool] {
    precondition(labels.count == width * height, "labels must fill width × height")
    var out = [Bool](repeating: false, count: labels.count)
    labels.withUnsafeBufferPointer { l in
      out.withUnsafeMutableBufferPointer { o in
        for y in 0..<height {
          let row = y * width
          for x in 0..<width {
            let v = l[row + x]
            if v == background { continue }
            if (x > 0 && l[row + x - 1] != v) || (x + 1 < width && l[row + x + 1] != v)
              || (y > 0 && l[row - width + x] != v) || (y + 1 < height && l[row + width + x] != v)
            {
              o[row + x] = true
            }
          }
        }
      }
    }
    return out
  }
}
