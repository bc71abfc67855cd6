import RWSystem
import Synchronization

/// Thread-safe, cached computation of one map set (`MapOptions`) over a `LabelVolume`.
///
/// The viewer asks for one class channel of one visible slice (`sliceChannel`), which is cheap
/// when the map geometry is 2D along the viewed axis: only that slice is transformed. Whole
/// channels (`channel`) and the full (X,Y,Z,K) map set (`writeAll`) compute on the whole
/// volume with every core, report progress and can be cancelled. Nothing materialises K
/// full-volume channels unless `writeAll` is asked to.
public final class MapEngine: Sendable {
  /// The ground truth.
  public let labels: LabelVolume
  /// The map set.
  public let options: MapOptions
  /// How much the engine keeps cached.
  public let cacheLimits: CacheLimits

  /// Bounds on the engine's caches (each entry is one slice or one whole-volume channel).
  public struct CacheLimits: Sendable, Hashable {
    /// Whole-volume channels kept (`channel(class:)`).
    public var fullChannels: Int
    /// Slice channels kept (`sliceChannel`, 2D geometry along the viewed axis).
    public var sliceChannels: Int
    /// Slice regions (a slice's labels, counts and transforms) kept.
    public var sliceRegions: Int

    /// Limits; the defaults suit the viewer (a few volumes, a few hundred slices).
    public init(fullChannels: Int = 4, sliceChannels: Int = 256, sliceRegions: Int = 16) {
      self.fullChannels = max(0, fullChannels)
      self.sliceChannels = max(0, sliceChannels)
      self.sliceRegions = max(1, sliceRegions)
    }
  }

  /// Per-slice regions and channels, most recent last.
  private struct SliceCache {
    var regions: [Int: RegionMaps] = [:]
    var regionOrder: [Int] = []
    var channels: [SliceKey: [Float]] = [:]
    var channelOrder: [SliceKey] = []
  }

  /// The whole-volume region and channels.
  private struct FullCache {
    var region: RegionMaps?
    var channels: [Int: [Float]] = [:]
    var channelOrder: [Int] = []
  }

  private struct SliceKey: Hashable {
    var domain: Int
    var cls: Int
  }

  private let slices = Mutex(SliceCache())
  private let full = Mutex(FullCache())

  /// Validates the options against the labels.
  public init(labels: LabelVolume, options: MapOptions, cacheLimits: CacheLimits = CacheLimits())
    throws
  {
    try options.validate(classCount: labels.classCount)
    self.labels = labels
    self.options = options
    self.cacheLimits = cacheLimits
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
      throw RWLossError(
        "slice", "index \(index) is outside 0..<\(labels.dims[axis.rawValue]) along \(axis.name)")
    }
    if case .slices(let a) = options.geometry, a == axis {
      let limit = cacheLimits.sliceChannels
      return slices.withLock { cache in
        let key = SliceKey(domain: index, cls: cls)
        if let hit = cache.channels[key] { return hit }
        let ch = sliceRegion(index, in: &cache).channel(cls, as: Float.self)
        if limit > 0 {
          cache.channels[key] = ch
          cache.channelOrder.append(key)
          if cache.channelOrder.count > limit {
            cache.channels[cache.channelOrder.removeFirst()] = nil
          }
        }
        return ch
      }
    }
    let whole = try channel(class: cls)
    return Self.extractSlice(whole, dims: labels.dims, axis: axis, index: index)
  }

  /// The reference quirks of channel `cls` in domain `domain` (slice index along the geometry
  /// axis, or 0 for 3D).
  public func flags(class cls: Int, domain: Int) -> ChannelFlags {
    if case .slices = options.geometry {
      return slices.withLock { sliceRegion(domain, in: &$0).flags(domain: 0, class: cls) }
    }
    return full.withLock { fullRegion(in: &$0).flags(domain: 0, class: cls) }
  }

  /// Largest inside distance of class `cls` in a domain (the RRW normaliser), 0 when absent.
  public func maxInsideDistance(class cls: Int, domain: Int) -> Double {
    if case .slices = options.geometry {
      return slices.withLock {
        sliceRegion(domain, in: &$0).maxInsideDistance(domain: 0, class: cls)
      }
    }
    return full.withLock { fullRegion(in: &$0).maxInsideDistance(domain: 0, class: cls) }
  }

  /// The region of slice `s` along the 2D geometry's axis (made and cached on first use).
  private func sliceRegion(_ s: Int, in cache: inout SliceCache) -> RegionMaps {
    if let r = cache.regions[s] { return r }
    let axis = options.sliceAxis ?? .k
    let (lab, u, v) = Self.extractSlice(
      labels.labels, dims: labels.dims, axis: axis, index: s, withAxes: true)
    let sp = spacingForUnits
    let shape = RegionShape(
      dims: [labels.dims[u], labels.dims[v], 1], domainAxis: 2, spacing: [sp[u], sp[v], 1])
    let r = RegionMaps(
      shape: shape, labels: lab, classCount: classCount, options: options, parallel: false)
    r.signedCacheLimit = 4
    cache.regions[s] = r
    cache.regionOrder.append(s)
    if cache.regionOrder.count > cacheLimits.sliceRegions {
      cache.regions[cache.regionOrder.removeFirst()] = nil
    }
    return r
  }

  // MARK: whole volume

  /// Runs `body` with the whole-volume region (created once), holding the engine's lock.
  func withFullRegion<R: Sendable>(_ body: (RegionMaps) throws -> R) rethrows -> R {
    try full.withLock { cache in try body(fullRegion(in: &cache)) }
  }

  /// The whole-volume region (created on first use).
  private func fullRegion(in cache: inout FullCache) -> RegionMaps {
    if let r = cache.region { return r }
    let r = RegionMaps(
      shape: fullShape, labels: labels.labels, classCount: classCount, options: options,
      parallel: true)
    cache.region = r
    return r
  }

  /// Channel `cls` over the whole volume (NIfTI order), computed once and cached.
  public func channel(
    class cls: Int, progress: (@Sendable (Double) -> Void)? = nil,
    isCancelled: (@Sendable () -> Bool)? = nil
  ) throws -> [Float] {
    try checkClass(cls)
    let limit = cacheLimits.fullChannels
    return try full.withLock { cache in
      if let hit = cache.channels[cls] { return hit }
      if isCancelled?() == true { throw CancelledError() }
      let r = fullRegion(in: &cache)
      progress?(0)
      let ch = r.channel(cls, as: Float.self)
      progress?(1)
      if limit > 0 {
        cache.channels[cls] = ch
        cache.channelOrder.append(cls)
        if cache.channelOrder.count > limit {
          cache.channels[cache.channelOrder.removeFirst()] = nil
        }
      }
      return ch
    }
  }

  /// Writes all K channels (channel-major, `K*N` floats) — the (X,Y,Z,K) NIfTI layout.
  public func writeAll(
    into out: UnsafeMutableBufferPointer<Float>, progress: (@Sendable (Double) -> Void)? = nil,
    isCancelled: (@Sendable () -> Bool)? = nil
  ) throws {
    let n = labels.voxelCount
    let k = classCount
    precondition(out.count >= n * k)
    let o = out.shared
    try withFullRegion { r in
      if isCancelled?() == true { throw CancelledError() }
      if r.writeAllChannels(into: o.slice(0..<(n * k))) {
        progress?(1)
        return
      }
      for c in 0..<k {
        if isCancelled?() == true { throw CancelledError() }
        r.writeChannel(c, into: o.slice((c * n)..<((c + 1) * n)))
        progress?(Double(c + 1) / Double(k))
      }
    }
  }

  /// All K channels (channel-major, `K*N` floats, the (X,Y,Z,K) NIfTI layout) in a new array,
  /// allocated without a zero fill since `writeAll` writes every element.
  public func allChannels(
    progress: (@Sendable (Double) -> Void)? = nil, isCancelled: (@Sendable () -> Bool)? = nil
  ) throws -> [Float] {
    let count = labels.voxelCount * classCount
    return try HugePages.array(count: count) { buf in
      try writeAll(into: buf, progress: progress, isCancelled: isCancelled)
    }
  }

  /// Channel `cls` over the whole volume in float64, not cached (used by the losses).
  func channelDouble(_ cls: Int, into out: UnsafeMutableBufferPointer<Double>) {
    let o = out.shared
    withFullRegion { $0.writeChannel(cls, into: o.slice(0..<o.count)) }
  }

  /// Per-domain class counts, `d*K + c`.
  var domainCounts: [Int] { withFullRegion { $0.counts } }

  private func checkClass(_ c: Int) throws {
    guard c >= 0 && c < classCount else {
      throw RWLossError("class", "\(c) is outside 0..<\(classCount)")
    }
  }

  // MARK: slicing helpers

  /// The slice `index` perpendicular to `axis` of a volume, lower remaining axis fastest.
  public static func extractSlice<T>(_ v: [T], dims: [Int], axis: VolumeAxis, index: Int) -> [T] {
    extractSlice(v, dims: dims, axis: axis, index: index, withAxes: true).0
  }

  static func extractSlice<T>(
    _ v: [T], dims: [Int], axis: VolumeAxis, index: Int, withAxes: Bool, offset: Int = 0
  )
    -> ([T], Int, Int)
  {
    let a = axis.rawValue
    let others = [0, 1, 2].filter { $0 != a }
    let u = others[0]
    let w = others[1]
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
