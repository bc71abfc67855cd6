import RWLoss
import Synchronization

/// Computes RW maps with the loss core's `MapEngine`, one engine per map job (cached, so the
/// visible slice and the background slices share work).
public final class LossMapSource: MapSource, Sendable {
  /// The engine of the latest job's generation.
  private let engine = Mutex<(generation: Int, engine: MapEngine)?>(nil)

  public init() {}

  func engine(for job: MapJob) throws -> MapEngine {
    try engine.withLock { current in
      if let e = current, e.generation == job.generation { return e.engine }
      let labels = try LabelVolume(
        dims: job.dims, spacing: job.spacing, labels: job.labels, classes: job.classCount)
      let e = try MapEngine(labels: labels, options: job.options)
      current = (job.generation, e)
      return e
    }
  }

  public func computeUnit(_ unit: Int, job: MapJob) throws -> [Float] {
    let e = try engine(for: job)
    var out: [Float] = []
    if let a = job.options.unitAxis {
      let axis = VolumeAxis(rawValue: a) ?? .k
      for c in 0..<job.classCount { out += try e.sliceChannel(class: c, axis: axis, index: unit) }
    } else {
      out.reserveCapacity(job.classCount * job.dims.reduce(1, *))
      for c in 0..<job.classCount { out += try e.channel(class: c) }
    }
    return out
  }
}
