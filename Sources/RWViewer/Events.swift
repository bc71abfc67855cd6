import RWLoss
import RWRender
import RWVolume

/// A prepared layer, ready to be shown.
public enum PreparedLayer: Sendable {
  case image(ImageLayer)
  case labels(LabelLayer)
  case prediction(PredictionLayer)
}

/// Something that happened: a key, a resize, or the result of background work.
public enum ViewerEvent: Sendable {
  case key(Key)
  case resize(cols: Int, rows: Int)
  /// A file was read (not yet aligned or prepared).
  case fileRead(LayerRole, path: String, volume: Volume, warnings: [String])
  /// A layer is ready on the reference grid.
  case layerReady(LayerRole, PreparedLayer)
  /// Reading or aligning a file failed; the viewer stops with this one-line message.
  case loadFailed(LayerRole, message: String)
  /// One unit of the map of `generation` was computed.
  case mapUnit(generation: Int, unit: Int, values: [Float])
  case mapFailed(generation: Int, message: String)
  /// Something the user should know (shown on the message line).
  case notice(String)
  /// A result of the loss and instability debugging work.
  case debug(DebugResult)
}

/// Work `update` asks the runtime to do.
public enum Effect: Sendable {
  /// Read a file in the background; answer with `.fileRead` or `.loadFailed`.
  case load(LayerRole, path: String)
  /// Align (onto `target` when given) and prepare a read volume; answer with `.layerReady` or `.loadFailed`.
  case prepare(LayerRole, path: String, volume: Volume, target: VoxelGrid?, kind: PredictionKind?)
  /// Compute the map units of a job (priority units first); answer with `.mapUnit` events.
  case computeMaps(MapJob)
  /// Compute these units of the running job next.
  case prioritizeMaps(generation: Int, units: [Int])
  /// Give the terminal back to the shell until resumed (Ctrl-Z in raw mode).
  case suspend
  /// Loss and instability debugging work (analysis, slices, compare maps, simulator, exports).
  case debug(DebugJob)
  /// Stop the viewer.
  case quit
}
