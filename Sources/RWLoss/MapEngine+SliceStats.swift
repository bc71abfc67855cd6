extension MapEngine {
  /// Every loss quantity of one slice (`SliceStatistics`) for a prediction.
  ///
  /// When the map geometry is 2D along `axis` only that slice is transformed and evaluated
  /// (what the viewer needs for the visible slice); otherwise the whole volume is evaluated.
  public func sliceStatistics(prediction: Prediction, axis: VolumeAxis, index: Int) throws
    -> SliceStatistics
  {
    let dims = labels.dims
    guard index >= 0 && index < dims[axis.rawValue] else {
      throw RWLossError(
        "slice", "index \(index) is outside 0..<\(dims[axis.rawValue]) along \(axis.name)")
    }
    guard prediction.dims == dims, prediction.classCount == classCount else {
      throw RWLossError("prediction", "does not match the labels' grid and classes")
    }
    guard case .slices(let a) = options.geometry, a == axis else {
      return try evaluate(prediction: prediction).profile(axis).statistics(slice: index)
    }
    let (lab, u, v) = Self.extractSlice(
      labels.labels, dims: dims, axis: axis, index: index, withAxes: true)
    let sdims = [dims[u], dims[v], 1]
    let sp = labels.spacing
    let sub = try LabelVolume(
      dims: sdims, spacing: [sp[u], sp[v], sp[axis.rawValue]], labels: lab, classes: classCount)
    var subOptions = options
    subOptions.geometry = .slices(axis: .k)
    let n = labels.voxelCount
    func channels(_ values: [Float]) -> [Float] {
      var out: [Float] = []
      out.reserveCapacity(sdims[0] * sdims[1] * classCount)
      for c in 0..<classCount {
        out +=
          Self.extractSlice(
            values, dims: dims, axis: axis, index: index, withAxes: true, offset: c * n
          ).0
      }
      return out
    }
    let subPred: Prediction
    switch prediction.values {
    case .logits(let x, _):
      subPred = try Prediction(dims: sdims, classCount: classCount, logits: channels(x))
    case .probabilities(let p):
      subPred = try Prediction(dims: sdims, classCount: classCount, probabilities: channels(p))
    case .labels(let l):
      let sl = Self.extractSlice(l, dims: dims, axis: axis, index: index)
      subPred = try Prediction(dims: sdims, classCount: classCount, labels: sl)
    }
    let engine = try MapEngine(labels: sub, options: subOptions)
    var s = try engine.evaluate(prediction: subPred).profile(.k).statistics(slice: 0)
    s.axis = axis
    s.index = index
    return s
  }
}
