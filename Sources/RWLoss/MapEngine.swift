import RWSystem

/// Thread-safe, cached computation of one map set (`MapOptions`) over a `LabelVolume`.
///
/// The viewer asks for one class channel of one visible slice (`sliceChannel`), which is cheap
/// when the map geometry is 2D along the viewed axis: only that slice is transformed. Whole
/// channels (`channel`) and the full (X,Y,Z,K) map set (`writeAll`) compute on the whole
/// volume with every core, report progress and can be cancelled. Nothing materialises K
/// full-volume channels unless `writeAll` is asked to.
public final class MapEngine: @unchecked Sendable {
  /// The ground truth.
  public let labels: LabelVolume
  /// The map set.
  public let options: MapOptions

  private let sliceLock = Lock()
  private var sliceRegions: [Int: RegionMaps] = [:]
  private var sliceOrder: [Int] = []
  private var sliceChannels: [SliceKey: [Float]] = [:]
  private var sliceChannelOrder: [SliceKey] = []
  private let fullLock = Lock()
  private var fullRegion: RegionMaps?
  private var fullChannels: [Int: [Float]] = [:]
  private var fullChannelOrder: [Int] = []

  /// How many whole-volume channels to keep cached.
  public var fullChannelCacheLimit = 4
  /// How many slice channels to keep cached.
  public var sliceChannelCacheLimit = 256

  private struct SliceKey: Hashable { var domain: Int, cls: Int }

  /// Validates the options against the labels.
  public init(labels: LabelVolume, options: MapOptions) throws {
    try options.validate(classCount: labels.classCount)
    self.labels = labels
    self.options = options
  }

  /// K.
  public var classCount: Int { labels.classCount }

  /// Number of independent domains (slices along the geometry axis, or 1 for 3D).
  public var domainCount: Int {
    if case .slices(let a) = options.geometry { return labels.dims[a.rawValue] }
    return 1
  }

  var spacingForUnits: [Double] { options.units == .mm ? labels.spacing : [1, 1, 1] }

  var fullShape: RegionShape {
    var axis: Int? = nil
    if case .slices(let a) = options.geometry { axis = a.rawValue }
    return RegionShape(dims: labels.dims, domainAxis: axis, spacing: spacingForUnits)
  }

  // MARK: slices

  /// Values of channel `cls` on slice `index` perpendicular to `axis`, laid out with the lower
  /// remaining axis fastest (for axis k: `i + nx*j`).
  public func sliceChannel(class cls: Int, axis: VolumeAxis, index: Int) throws -> [Float] {
    try checkClass(cls)
    guard index >= 0 && index < labels.dims[axis.rawValue] else {
      throw RWLossError("slice", "index \(index) is outside 0..<\(labels.dims[axis.rawValue]) along \(axis.name)")
    }
    if case .slices(let a) = options.geometry, a == axis {
      return sliceLock.locked {
        let key = SliceKey(domain: index, cls: cls)
        if let hit = sliceChannels[key] { return hit }
        let region = sliceRegion(index)
        let ch = region.channel(cls, as: Float.self)
        sliceChannels[key] = ch
        sliceChannelOrder.append(key)
        if sliceChannelOrder.count > sliceChannelCacheLimit {
          sliceChannels[sliceChannelOrder.removeFirst()] = nil
        }
        return ch
      }
    }
    let full = try channel(class: cls)
    return Self.extractSlice(full, dims: labels.dims, axis: axis, index: index)
  }

  /// The reference quirks of channel `cls` in domain `domain` (slice index along the geometry
  /// axis, or 0 for 3D).
  public func flags(class cls: Int, domain: Int) -> ChannelFlags {
    if case .slices = options.geometry {
      return sliceLock.locked { sliceRegion(domain).flags(domain: 0, class: cls) }
    }
    return fullLock.locked { fullRegionLocked().flags(domain: 0, class: cls) }
  }

  /// Largest inside distance of class `cls` in a domain (the RRW normaliser), 0 when absent.
  public func maxInsideDistance(class cls: Int, domain: Int) -> Double {
    if case .slices = options.geometry {
      return sliceLock.locked { sliceRegion(domain).maxInsideDistance(domain: 0, class: cls) }
    }
    return fullLock.locked { fullRegionLocked().maxInsideDistance(domain: 0, class: cls) }
  }

  private func sliceRegion(_ s: Int) -> RegionMaps {
    if let r = sliceRegions[s] { return r }
    guard case .slices(let axis) = options.geometry else { fatalError("slice region without 2D geometry") }
    let (lab, u, v) = Self.extractSlice(labels.labels, dims: labels.dims, axis: axis, index: s, withAxes: true)
    let sp = spacingForUnits
    let shape = RegionShape(dims: [labels.dims[u], labels.dims[v], 1], domainAxis: 2, spacing: [sp[u], sp[v], 1])
    let r = RegionMaps(shape: shape, labels: lab, classCount: classCount, options: options, parallel: false)
    r.signedCacheLimit = 4
    sliceRegions[s] = r
    sliceOrder.append(s)
    if sliceOrder.count > 16 { sliceRegions[sliceOrder.removeFirst()] = nil }
    return r
  }

  // MARK: whole volume

  /// The whole-volume region (created once).
  func withFullRegion<R>(_ body: (RegionMaps) throws -> R) rethrows -> R {
    try fullLock.locked { try body(fullRegionLocked()) }
  }

  private func fullRegionLocked() -> RegionMaps {
    if let r = fullRegion { return r }
    let r = RegionMaps(shape: fullShape, labels: labels.labels, classCount: classCount, options: options, parallel: true)
    fullRegion = r
    return r
  }

  /// Channel `cls` over the whole volume (NIfTI order), computed once and cached.
  public func channel(class cls: Int, progress: (@Sendable (Double) -> Void)? = nil,
                      isCancelled: (@Sendable () -> Bool)? = nil) throws -> [Float] {
    try checkClass(cls)
    return try fullLock.locked {
      if let hit = fullChannels[cls] { return hit }
      if isCancelled?() == true { throw CancelledError() }
      let r = fullRegionLocked()
      progress?(0)
      let ch = r.channel(cls, as: Float.self)
      progress?(1)
      fullChannels[cls] = ch
      fullChannelOrder.append(cls)
      if fullChannelOrder.count > fullChannelCacheLimit { fullChannels[fullChannelOrder.removeFirst()] = nil }
      return ch
    }
  }

  /// Writes all K channels (channel-major, `K*N` floats) — the (X,Y,Z,K) NIfTI layout.
  public func writeAll(into out: UnsafeMutableBufferPointer<Float>, progress: (@Sendable (Double) -> Void)? = nil,
                       isCancelled: (@Sendable () -> Bool)? = nil) throws {
    let n = labels.voxelCount, k = classCount
    precondition(out.count >= n * k)
    try fullLock.locked {
      let r = fullRegionLocked()
      if isCancelled?() == true { throw CancelledError() }
      if r.writeAllChannels(into: out) {
        progress?(1)
        return
      }
      for c in 0..<k {
        if isCancelled?() == true { throw CancelledError() }
        r.writeChannel(c, into: UnsafeMutableBufferPointer(rebasing: out[(c * n)..<((c + 1) * n)]))
        progress?(Double(c + 1) / Double(k))
      }
    }
  }

  /// All K channels (channel-major, `K*N` floats, the (X,Y,Z,K) NIfTI layout) in a new array,
  /// allocated without a zero fill since `writeAll` writes every element.
  public func allChannels(progress: (@Sendable (Double) -> Void)? = nil,
                          isCancelled: (@Sendable () -> Bool)? = nil) throws -> [Float] {
    let count = labels.voxelCount * classCount
    return try HugePages.array(count: count) { buf in
      try writeAll(into: buf, progress: progress, isCancelled: isCancelled)
    }
  }

  /// Channel `cls` over the whole volume in float64, not cached (used by the losses).
  func channelDouble(_ cls: Int, into out: UnsafeMutableBufferPointer<Double>) {
    fullLock.locked { fullRegionLocked().writeChannel(cls, into: out) }
  }

  /// Per-domain class counts, `d*K + c`.
  var domainCounts: [Int] { fullLock.locked { fullRegionLocked().counts } }

  private func checkClass(_ c: Int) throws {
    guard c >= 0 && c < classCount else { throw RWLossError("class", "\(c) is outside 0..<\(classCount)") }
  }

  // MARK: slicing helpers

  /// The slice `index` perpendicular to `axis` of a volume, lower remaining axis fastest.
  public static func extractSlice<T>(_ v: [T], dims: [Int], axis: VolumeAxis, index: Int) -> [T] {
    extractSlice(v, dims: dims, axis: axis, index: index, withAxes: true).0
  }

  static func extractSlice<T>(_ v: [T], dims: [Int], axis: VolumeAxis, index: Int, withAxes: Bool, offset: Int = 0)
    -> ([T], Int, Int)
  {
    let a = axis.rawValue
    let others = [0, 1, 2].filter { $0 != a }
    let u = others[0], w = others[1]
    let strides = [1, dims[0], dims[0] * dims[1]]
    var out: [T] = []
    out.reserveCapacity(dims[u] * dims[w])
    let base = offset + index * strides[a]
    for y in 0..<dims[w] {
      for x in 0..<dims[u] { out.append(v[base + x * strides[u] + y * strides[w]]) }
    }
    return (out, u, w)
  }
}
