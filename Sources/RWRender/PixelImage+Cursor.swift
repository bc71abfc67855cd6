extension PixelImage {
  /// Draws a crosshair through pixel (`x`, `y`): lines along the row and column, leaving `gap`
  /// pixels clear on each side of the centre so the voxel under the cursor stays visible.
  /// `arm` limits each line to that many pixels beyond the gap (nil: to the image edges).
  public mutating func drawCrosshair(
    x: Int, y: Int, color: RGB, alpha: Float = 1, gap: Int = 1, arm: Int? = nil
  ) {
    guard width > 0, height > 0 else { return }
    let a = Compositing.alpha256(alpha)
    let reachX = arm.map { gap + $0 } ?? Int.max / 4
    let reachY = arm.map { gap + $0 } ?? Int.max / 4
    let x0 = max(0, x - reachX)
    let x1 = min(width - 1, x + reachX)
    let y0 = max(0, y - reachY)
    let y1 = min(height - 1, y + reachY)
    if y >= 0 && y < height && x0 <= x1 {
      for px in x0...x1 where abs(px - x) > gap {
        pixels[y * width + px] = Compositing.blend(pixels[y * width + px], color, alpha256: a)
      }
    }
    if x >= 0 && x < width && y0 <= y1 {
      for py in y0...y1 where abs(py - y) > gap {
        pixels[py * width + x] = Compositing.blend(pixels[py * width + x], color, alpha256: a)
      }
    }
  }
}
