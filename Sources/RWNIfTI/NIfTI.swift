import RWSystem
import RWVolume

/// One clear error about one file: `"<path>: <problem>"`.
public struct NIfTIError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file the problem is about.
  public var path: String
  /// What is wrong, in one line.
  public var problem: String

  public init(path: String, problem: String) {
    self.path = path
    self.problem = problem
  }

  public var description: String { "\(path): \(problem)" }
}

/// Entry points of NIfTI I/O used by the rest of the program.
///
/// CONTRACT (other modules build against these signatures; keep them):
/// - `loadVolume(path:)` reads a .nii/.nii.gz/.hdr(+.img) and returns the scaled data as float32
///   plus human-readable warnings (lying extension, NaN pixdim, bad extensions...).
/// - `writeVolume(_:to:datatype:)` writes NIfTI-1 (.nii or .nii.gz by the name), affine in both
///   sform and qform, atomically (temporary file, then rename).
public enum NIfTI {
  /// Reads a volume; throws `NIfTIError` naming the file and the problem.
  ///
  /// Reads NIfTI-1 and NIfTI-2 (.nii, .hdr/.img, each optionally gzipped, either byte order)
  /// and Analyze 7.5 pairs as nibabel's `Spm2AnalyzeImage` (SPM origin and scaling; a pair with
  /// an SPM `.mat` affine beside it is refused).
  ///
  /// The data are scaled (nibabel's rule) and converted to Float. Shapes with fewer than 3
  /// axes are padded with 1s; axes past the third become `Volume` channels. Complex data
  /// become 2 channels (real, imag) and RGB(A) 3 (4) channels, appended as a last axis.
  /// A NaN, zero or negative spacing is replaced by 1 in the grid (with a warning), and a
  /// non-finite affine by `diag(spacing)`.
  public static func loadVolume(path: String) throws -> (volume: Volume, warnings: [String]) {
    try loadVolume(path: path, inflater: .libdeflate)
  }

  /// `loadVolume(path:)` with a choice of inflater (the benchmark compares them).
  static func loadVolume(path: String, inflater: NIfTIReader.Inflater) throws(NIfTIError) -> (
    volume: Volume, warnings: [String]
  ) {
    let o = try NIfTIReader.open(path)
    let info = o.info
    let layout = info.layout
    let t = layout.datatype
    let data: [Float]
    // Peak: the compressed stream (if any), the stored block, and Float copies of other types.
    let floats = MemoryBudget.bytes(layout.voxelCount, t.channels, 4)
    let stored = NIfTIReader.payloadCapacity(o, inflater: inflater)
    try checkMemory(
      for: o, bytes: t == .float32 ? floats : MemoryBudget.sum(stored, floats))
    if t == .float32 {
      // Read (or inflate) straight into the final Float storage; scale in place.
      var floats: [Float] = try readPayload(o, inflater: inflater, count: layout.voxelCount)
      if info.scalingApplies {
        let (s, b) = info.scaling
        floats.withUnsafeMutableBufferPointer { p in
          let box = UncheckedBox(value: p)
          Parallel.chunks(p.count) { r in
            for i in r { box.value[i] = Float(Double(box.value[i]) * s + b) }
          }
        }
      }
      data = floats
    } else {
      let image = try readImage(opened: o, inflater: inflater)
      data = image.scaledFloats()
    }
    return (makeVolume(info, data: data), info.warnings + volumeWarnings(info))
  }

  /// Reads the whole image: header information and the stored voxel block (for exact
  /// nibabel-compatible access, see `NIfTIImage.scaledDoubles()`).
  public static func readImage(path: String) throws -> NIfTIImage {
    try readImage(opened: NIfTIReader.open(path), inflater: .libdeflate)
  }

  static func readImage(opened o: NIfTIReader.Opened, inflater: NIfTIReader.Inflater)
    throws(NIfTIError) -> NIfTIImage
  {
    try checkMemory(for: o, bytes: NIfTIReader.payloadCapacity(o, inflater: inflater))
    let raw: [UInt8] = try readPayload(o, inflater: inflater, count: o.info.layout.byteCount)
    return NIfTIImage(info: o.info, raw: raw)
  }

  /// The voxel block read (or inflated) straight into a new array of `T`, sized for
  /// `payloadCapacity` bytes (huge pages advised), keeping its first `count` elements.
  static func readPayload<T>(
    _ o: NIfTIReader.Opened, inflater: NIfTIReader.Inflater, count: Int
  ) throws(NIfTIError) -> [T] {
    let cap = NIfTIReader.payloadCapacity(o, inflater: inflater)
    let size = MemoryLayout<T>.stride
    var err: NIfTIError?
    let out = [T](unsafeUninitializedCapacity: (cap + size - 1) / size) { buf, kept in
      kept = 0
      guard let base = buf.baseAddress else { return }  // an empty block: nothing to read
      let raw = UnsafeMutableRawPointer(base)
      HugePages.advise(raw, count: cap)
      do throws(NIfTIError) {
        if o.info.dataGzipped {
          // Inflating is serial: the other core faults the pages in ahead of it.
          try Prefault.whileFilling(raw, count: cap) { () throws(NIfTIError) in
            try NIfTIReader.readData(o, into: raw, inflater: inflater)
          }
        } else {
          try NIfTIReader.readData(o, into: raw, inflater: inflater)
        }
        kept = count
      } catch {
        err = error
      }
    }
    if let err { throw err }
    return out
  }

  /// Reads and validates the header, walks the extensions and checks that the voxel block fits
  /// in the data file, without reading the voxels. For a plain file that is a size check; for
  /// a gzipped file the stream is inflated once through a small buffer and discarded (the cost
  /// of one decompression, no allocation) to prove it holds exactly the declared bytes.
  public static func readHeader(path: String) throws -> NIfTIFileInfo {
    let o = try NIfTIReader.open(path)
    if o.info.dataGzipped { try NIfTIReader.checkGzipSize(o) }
    return o.info
  }

  /// Refuses to read `o` when `bytes` (plus its compressed stream) exceed the memory budget;
  /// `what` names the work ("reading its 512×512×512 uint8 voxels").
  static func checkMemory(
    for o: NIfTIReader.Opened, bytes: Int, what: String = "reading"
  ) throws(NIfTIError) {
    let info = o.info
    let total = info.dataGzipped ? MemoryBudget.sum(bytes, o.dataFile.size) : bytes
    let shape = info.layout.shape.map(String.init).joined(separator: "×")
    do {
      try MemoryBudget.check(total, for: "\(what) its \(shape) \(info.layout.datatype.name) voxels")
    } catch {
      throw NIfTIError(path: info.path, problem: error.description)
    }
  }

  /// The `Volume` for loaded data.
  static func makeVolume(_ info: NIfTIFileInfo, data: [Float]) -> Volume {
    let (grid, shape) = gridAndShape(info)
    return Volume(grid: grid, shape: shape, data: data)
  }

  /// The grid and `Volume` shape of a file from its header alone (no voxel data are read):
  /// what `loadVolume` would return, for files that lend their geometry to others (the
  /// segmentation beside nnU-Net's `.npz` probabilities).
  public static func loadGrid(path: String) throws -> (
    grid: VoxelGrid, shape: [Int], warnings: [String]
  ) {
    let o = try NIfTIReader.open(path)
    let (grid, shape) = gridAndShape(o.info)
    return (grid, shape, o.info.warnings + volumeWarnings(o.info))
  }

  /// The grid and full shape `makeVolume` builds from a header.
  static func gridAndShape(_ info: NIfTIFileInfo) -> (VoxelGrid, [Int]) {
    let h = info.header
    let t = info.layout.datatype
    var shape = info.layout.shape
    while shape.count < 3 { shape.append(1) }
    if t.channels > 1 { shape.append(t.channels) }
    let zooms = h.zooms
    var spacing = [1.0, 1.0, 1.0]
    for i in 0..<Swift.min(3, zooms.count) where zooms[i].isFinite && zooms[i] > 0 {
      spacing[i] = zooms[i]
    }
    var affine = h.affine
    if !affine.isFinite || affine.inverse == nil {
      var m = [Double](repeating: 0, count: 16)
      m[0] = spacing[0]
      m[5] = spacing[1]
      m[10] = spacing[2]
      m[15] = 1
      affine = Affine(rowMajor: m)
    }
    let grid = VoxelGrid(dims: Array(shape.prefix(3)), spacing: spacing, affine: affine)
    return (grid, shape)
  }

  /// Warnings about what `makeVolume` had to replace.
  static func volumeWarnings(_ info: NIfTIFileInfo) -> [String] {
    var w: [String] = []
    if NIfTIHeader.matrixProblem(info.header.affine) != nil {
      w.append(
        "the \(info.header.affineSource.rawValue) affine is not usable (singular or not finite); using voxel spacing only"
      )
    }
    let t = info.layout.datatype
    if t.channels > 1 {
      w.append(
        "\(t.name) data read as \(t.channels) channels (\(t.channelNames.joined(separator: ", ")))")
    }
    return w
  }
}
