import Foundation
import RWVolume

/// Turns freshly read volumes into viewer layers: windows, label maps and argmax.
public enum LayerPreparation {
  /// An image layer with the 1st/99th percentile window of each channel.
  public static func image(path: String, volume: Volume) -> ImageLayer {
    let n = volume.grid.voxelCount
    var windows: [WindowLevel] = []
    volume.data.withUnsafeBufferPointer { buf in
      for c in 0..<volume.channels {
        let ch = UnsafeBufferPointer(rebasing: buf[(c * n)..<((c + 1) * n)])
        let (lo, hi) = percentiles(ch, 0.01, 0.99)
        windows.append(WindowLevel(low: lo, high: hi > lo ? hi : lo + 1))
      }
    }
    return ImageLayer(path: path, volume: volume, autoWindows: windows)
  }

  /// Approximate `p`/`q` quantiles of the finite values (4096-bin histogram between min and max).
  public static func percentiles(_ values: UnsafeBufferPointer<Float>, _ p: Double, _ q: Double) -> (Float, Float) {
    var lo = Float.infinity, hi = -Float.infinity
    var count = 0
    for v in values where v.isFinite {
      if v < lo { lo = v }
      if v > hi { hi = v }
      count += 1
    }
    guard count > 0 else { return (0, 1) }
    guard hi > lo else { return (lo, hi) }
    let bins = 4096
    var hist = [Int](repeating: 0, count: bins)
    let scale = Float(bins) / (hi - lo)
    hist.withUnsafeMutableBufferPointer { h in
      for v in values where v.isFinite {
        h[min(bins - 1, Int((v - lo) * scale))] += 1
      }
    }
    func quantile(_ f: Double) -> Float {
      let target = f * Double(count)
      var acc = 0
      for b in 0..<bins {
        acc += hist[b]
        if Double(acc) >= target { return lo + Float(b + 1) / scale }
      }
      return hi
    }
    return (max(lo, quantile(p) - 1 / scale), quantile(q))
  }

  /// A label layer from the first channel of `volume`; every value must be a non-negative
  /// integer (as the loss core requires), else a one-line error naming the file and voxel.
  public static func labels(path: String, volume: Volume, what: String = "labels") throws -> LabelLayer {
    let n = volume.grid.voxelCount
    var out = [Int32](repeating: 0, count: n)
    var bad: (Int, Float)?
    volume.data.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for v in 0..<n {
          let x = src[v]
          guard x.isFinite, x >= 0, x == x.rounded(), x < 2_147_483_648 else {
            bad = (v, x)
            return
          }
          dst[v] = Int32(x)
        }
      }
    }
    if let (v, x) = bad {
      let d = volume.grid.dims
      let ijk = "(\(v % d[0]),\((v / d[0]) % d[1]),\(v / (d[0] * d[1])))"
      throw ViewerError("\(path): \(what) value \(x) at voxel \(ijk) is not a class label (a non-negative integer)")
    }
    return LabelLayer(path: path, grid: volume.grid, labels: out)
  }

  /// Decides how a prediction file is to be read, by the rule `rwview stats` uses: one channel
  /// is a label map; several channels are probabilities when every value is in [0, 1] and each
  /// voxel's values sum to 1 (±1e-3), otherwise logits.
  public static func detectKind(_ volume: Volume) -> PredictionFormat {
    if volume.channels == 1 { return .labels }
    let n = volume.grid.voxelCount, k = volume.channels
    for v in volume.data where !(v >= 0 && v <= 1) { return .logits }
    return volume.data.withUnsafeBufferPointer { p in
      for t in 0..<n {
        var s = 0.0
        for c in 0..<k { s += Double(p[c * n + t]) }
        if abs(s - 1) > 1e-3 { return .logits }
      }
      return .probabilities
    }
  }

  /// A prediction layer: probabilities (softmax of logits; a single channel read as
  /// probabilities, by `--pred-kind probs`, is the foreground probability of a binary problem) or
  /// a label map, plus the argmax.
  public static func prediction(path: String, volume: Volume, kind requested: PredictionFormat) throws -> PredictionLayer {
    let kind = requested == .auto ? detectKind(volume) : requested
    let n = volume.grid.voxelCount
    switch kind {
    case .labels, .auto:
      let l = try labels(path: path, volume: volume, what: "prediction")
      let k = Int(max(1, (l.present.last ?? 0) + 1))
      return PredictionLayer(path: path, grid: volume.grid, kind: .labels, classCount: k, probabilities: nil, labels: l.labels)
    case .probabilities, .logits:
      var k = volume.channels
      var probs: [Float]
      if k == 1 {
        // One channel: the foreground probability (or logit) of a binary problem.
        k = 2
        probs = [Float](repeating: 0, count: 2 * n)
        for v in 0..<n {
          var p = volume.data[v]
          if kind == .logits { p = 1 / (1 + exp(-p)) }
          probs[n + v] = p
          probs[v] = 1 - p
        }
      } else {
        probs = volume.data
        if kind == .logits { softmaxInPlace(&probs, classes: k, voxels: n) }
      }
      var arg = [Int32](repeating: 0, count: n)
      probs.withUnsafeBufferPointer { p in
        for v in 0..<n {
          var best = p[v], bi: Int32 = 0
          for c in 1..<k where p[c * n + v] > best {
            best = p[c * n + v]
            bi = Int32(c)
          }
          arg[v] = bi
        }
      }
      var layer = PredictionLayer(path: path, grid: volume.grid, kind: kind, classCount: k, probabilities: probs, labels: arg)
      if kind == .logits && volume.channels > 1 { layer.logits = volume.data }
      return layer
    }
  }

  /// Softmax over the class axis of channel-major logits.
  static func softmaxInPlace(_ x: inout [Float], classes k: Int, voxels n: Int) {
    x.withUnsafeMutableBufferPointer { p in
      for v in 0..<n {
        var m = -Float.infinity
        for c in 0..<k { m = max(m, p[c * n + v]) }
        var s: Float = 0
        for c in 0..<k {
          let e = exp(p[c * n + v] - m)
          p[c * n + v] = e
          s += e
        }
        for c in 0..<k { p[c * n + v] /= s }
      }
    }
  }
}

