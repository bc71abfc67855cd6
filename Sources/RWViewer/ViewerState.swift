import RWLoss
import RWRender
import RWReport
import RWVolume

/// What the map layer shows.
public enum MapQuantity: String, Sendable {
  /// The map channel Z_c of the selected class.
  case classMap
  /// The per-voxel loss l = Σ_k P_k Z_k.
  case loss
}

/// Which layers are on.
public struct LayerVisibility: Equatable, Sendable {
  public var image = true
  public var groundTruth = true
  public var prediction = true
  public var error = false
  public var map = false
  /// The second prediction (`--pred-b`) as an outline.
  public var predictionB = false
  /// Where the two predictions disagree, coloured by which one is right.
  public var difference = false
  public init() {}
}

/// Progress of one input file.
public enum LoadStatus: Equatable, Sendable {
  case pending, loading, loaded
  case failed(String)
}

/// The viewer as a value: what is loaded, where the user is looking and what is shown.
///
/// `update(_:_:)` changes it in response to events; `view(_:)` draws it.
public struct ViewerState: Sendable {
  // MARK: inputs
  /// The files to load per role.
  public var paths: [LayerRole: String] = [:]
  public var loadStatus: [LayerRole: LoadStatus] = [:]
  public var image: ImageLayer?
  public var groundTruth: LabelLayer?
  public var prediction: PredictionLayer?
  /// A second model's prediction (`--pred-b`), on the same grid.
  public var predictionB: PredictionLayer?
  /// Volumes read before the image arrived, aligned once its grid is known.
  public var pendingOverlays: [LayerRole: (path: String, volume: Volume)] = [:]
  public var predictionKind: PredictionKind?
  public var labelTable = LabelTable()
  /// `--remap auto`: the sorted label values present are the classes.
  public var remapLabels = false
  /// Label values as classes (`ViewerClasses`), refreshed when labels or a prediction arrive.
  public var labelClasses = ViewerClasses()

  // MARK: navigation
  /// The plane slice keys act on (and the one shown in single-plane layout).
  public var plane: Plane = .axial
  public var threePlane = false
  /// Cursor voxel (i, j, k); the slice of each plane is the cursor's index along its axis.
  public var cursor: [Int] = [0, 0, 0]
  /// View centre in continuous voxel coordinates (nil: the centre of the grid).
  public var center: [Double]?
  /// Slice to show once the grid is known (along the plane's axis; nil: the middle).
  public var initialSlice: Int?
  public var zoom: Double = 1
  public var radiological = true
  /// Index along the 4th (and further) dimension of the image.
  public var frame = 0

  // MARK: layers
  public var visible = LayerVisibility()
  public var groundTruthStyle: OverlayStyle = .outline
  public var predictionStyle: OverlayStyle = .fill
  /// Opacity of fills and the map layer, in [0, 1].
  public var opacity: Double = 0.5
  /// Current window (nil: automatic for the current frame).
  public var window: WindowLevel?
  public var selectedClass = 1
  public var mapQuantity: MapQuantity = .classMap
  /// The map the layer, panels and analysis use (kind, geometry, units, ratios, weights).
  public var mapOptions = MapOptions()
  /// `--classes`: the number of classes K (nil: from the labels and the prediction).
  public var classes: Int?
  /// Whether a map was asked for (`--map`); maps are computed once labels are in.
  public var mapsWanted = false
  public var maps: MapVolume?
  public var mapGeneration = 0

  // MARK: interface
  public var termCols = 80
  public var termRows = 24
  public var caps = RenderCaps.full
  public var helpVisible = false
  /// First help row shown when the help is taller than the terminal.
  public var helpScroll = 0
  /// Digits typed after `g` (nil when not typing a slice number).
  public var gotoBuffer: String?
  /// One-line message shown in the status area (errors, hints).
  public var message: String?
  /// True when the viewer was opened from the case browser: `(` and `)` then end it asking
  /// for the previous or next case (`caseStep` -1 or +1).
  public var caseNavigation = false
  public var caseStep: Int?
  /// Every notice of the session, in order (e.g. an input reoriented onto the image grid);
  /// `render` prints them, since it shows no status line over time.
  public var notices: [String] = []
  /// Set when the viewer should stop; `fatalError` when it stops because of an error.
  public var quitRequested = false
  public var fatalError: String?
  /// Width of the side panel (legends; later helpers add panels below them).
  public var sidebarWidth = 30
  /// Extra rows at the bottom reserved for panels (0 by default).
  public var bottomPanelRows = 0
  /// Loss and instability debugging: panels, profile, instability view, compare maps, simulator.
  public var debug = DebugState()

  public init() {}

  // MARK: derived

  /// The reference grid (the image's once loaded, else the first overlay's).
  public var grid: VoxelGrid? { image?.volume.grid ?? groundTruth?.grid ?? prediction?.grid }

  /// The mapping of `plane` on the current grid.
  public func mapping(_ plane: Plane) -> SliceMapping? {
    guard let g = grid else { return nil }
    return SliceMapping(
      plane: plane, dims: g.dims, spacing: g.spacing, affine: g.affine, radiological: radiological)
  }

  /// Number of frames along the image's 4th and further dimensions.
  public var frameCount: Int { image?.volume.channels ?? 1 }

  /// The active window: manual or the automatic one of the current frame.
  public var activeWindow: WindowLevel {
    if let w = window { return w }
    if let img = image, frame < img.autoWindows.count { return img.autoWindows[frame] }
    return WindowLevel(low: 0, high: 1)
  }

  /// Number of classes: the label mapping's (a table, `--remap auto`), `--classes`, the
  /// prediction's channels, or labels seen + 1.
  public var classCount: Int {
    if let m = labelClasses.mapping { return m.classCount }
    if let k = classes { return k }
    var k = 2
    if let p = prediction { k = max(k, p.classCount) }
    if let g = groundTruth, let last = g.present.last { k = max(k, Int(last) + 1) }
    return k
  }

  /// Linear index of the cursor voxel.
  public var cursorIndex: Int? {
    guard let g = grid, g.voxelCount > 0 else { return nil }
    return (cursor[2] * g.dims[1] + cursor[1]) * g.dims[0] + cursor[0]
  }

  /// Whether any file is still loading.
  public var isLoading: Bool {
    loadStatus.values.contains { $0 == .pending || $0 == .loading }
  }
}
