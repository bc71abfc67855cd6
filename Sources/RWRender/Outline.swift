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
