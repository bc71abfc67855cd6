import Foundation
import RWLoss
import RWRender
import RWVolume

/// Turns freshly read volumes into viewer layers: windows, label maps and argmax.
public enum LayerPreparation {
  /// An image layer with the automatic window (`WindowLevel.automatic`) of each channel and
  /// the count of its NaN/Inf voxels.
  public static func image(path: String, volume: Volume) -> ImageLayer {
    let n = volume.grid.voxelCount
    var windows: [WindowLevel] = []
    var nonFinite = 0
    volume.data.withUnsafeBufferPointer { buf in
      for c in 0..<volume.channels {
        windows.append(.automatic(UnsafeBufferPointer(rebasing: buf[(c * n)..<((c + 1) * n)])))
      }
      for v in buf where !v.isFinite { nonFinite += 1 }
    }
    return ImageLayer(path: path, volume: volume, autoWindows: windows, nonFiniteCount: nonFinite)
  }

  /// A label layer from the first channel of `volume`; every value must be a class label (the
  /// loss core's `LabelValues` rule), else a one-line error naming the file and voxel.
  public static func labels(path: String, volume: Volume, what: String = "labels") throws
    -> LabelLayer
  {
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
  public static func prediction(path: String, volume: Volume, kind: PredictionKind?) throws
    -> PredictionLayer
  {
    do {
      let made = try Prediction.make(
        shape: volume.shape, data: volume.data, classCount: nil, forced: kind)
      return PredictionLayer(path: path, grid: volume.grid, prediction: made.prediction)
    } catch let e as RWLossError {
      throw ViewerError("\(path): \(e.thing) \(e.problem)")
    }
  }
}
