import Foundation
import RWLoss
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

  /// A label layer from the first channel of `volume`; every value must be a class label (the
  /// loss core's `LabelValues` rule), else a one-line error naming the file and voxel.
  public static func labels(path: String, volume: Volume, what: String = "labels") throws -> LabelLayer {
    let n = volume.grid.voxelCount
    let values = volume.channels == 1 ? volume.data : Array(volume.data.prefix(n))
    do {
      let out = try LabelValues.labels(values, dims: volume.grid.dims, what: what)
      return LabelLayer(path: path, grid: volume.grid, labels: out)
    } catch let e as RWLossError {
      throw ViewerError("\(path): \(e.thing) \(e.problem)")
    }
  }

  /// A prediction layer, read by the loss core's one prediction-kind rule (`Prediction.make`,
  /// the rule `rwview stats` uses); `kind` forces the kind (nil: detect).
  public static func prediction(path: String, volume: Volume, kind: PredictionKind?) throws -> PredictionLayer {
    do {
      let made = try Prediction.make(shape: volume.shape, data: volume.data, classCount: nil, forced: kind)
      return PredictionLayer(path: path, grid: volume.grid, prediction: made.prediction)
    } catch let e as RWLossError {
      throw ViewerError("\(path): \(e.thing) \(e.problem)")
    }
  }
}
