import ArgumentParser
import Foundation
import RWLoss
import RWNIfTI
import RWReport
import RWSystem
import RWVolume

/// `rwview maps`: writes a region-wise map set as a float32 (X,Y,Z,K) NIfTI.
public struct MapsCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "maps",
    abstract: "Write a region-wise map set (float32, X,Y,Z,K) computed from a label map.")

  @Argument(help: "Ground-truth label map (.nii or .nii.gz).", completion: FileCompletion.volume)
  public var labels: String
  @OptionGroup public var mapOptions: MapOptionGroup
  @OptionGroup public var labelOptions: LabelOptionGroup
  @Option(
    name: .shortAndLong, help: "Output file (.nii or .nii.gz).", completion: FileCompletion.volume)
  public var output: String
  @OptionGroup public var system: SystemOptions

  public init() {}

  public func run() throws {
    try reportingErrors {
      try system.apply()
      let opts = try mapOptions.mapOptions()
      try MapsRunner.checkOutput(output, inputs: [labels])
      try MapsRunner.checkMemory(labels: labels, classes: mapOptions.classes)
      let (vol, warnings) = try NIfTI.loadVolume(path: labels)
      for w in warnings { printError("rwview: warning: \(labels): \(w)") }
      let (table, warning) = LabelCommandSetup.table(labelOptions.labels, near: labels)
      if let warning { printError("rwview: warning: \(warning)") }
      let (lv, note) = try MapsRunner.classes(
        vol, path: labels, classes: mapOptions.classes, table: table,
        remap: try labelOptions.remapAuto())
      if let note { printError("rwview: note: \(note)") }
      let out = try MapsRunner.mapVolume(labels: lv, grid: vol.grid, options: opts)
      try NIfTI.writeVolume(out, to: output, datatype: .float32, protecting: [labels])
    }
  }
}

/// The testable core of `rwview maps` (no argument parsing).
public enum MapsRunner {
  /// The label values of a loaded labels volume (one channel, every value a class label);
  /// one-line errors name the file.
  public static func labelValues(_ vol: Volume, path: String) throws -> [Int32] {
    guard vol.channels == 1 else {
      throw RWLossError(path, "labels must be a 3D label map, got shape \(vol.shape)")
    }
    do {
      return try LabelValues.labels(vol.data, dims: vol.grid.dims, what: "labels")
    } catch let e as RWLossError {
      throw RWLossError(path, e.problem)
    }
  }

  /// The classes of a loaded labels volume by the one class rule (`ClassRule`): channel k of the
  /// map set is class k. Returns the note to print when values were remapped.
  public static func classes(
    _ vol: Volume, path: String, classes: Int?, table: LabelTable?, remap: Bool
  ) throws -> (LabelVolume, String?) {
    let values = try labelValues(vol, path: path)
    let present = LabelValues.present(values)
    let rule = try ClassRule.mapping(
      present: present, path: path, table: table, remap: remap, classes: classes)
    do {
      // No mapping: the values are class indices (K given, else the largest + 1).
      let k = rule.mapping?.classCount ?? classes ?? (Int(present.last ?? 0) + 1)
      let labels = try rule.mapping?.classes(of: values, dims: vol.grid.dims, what: path) ?? values
      let lv = try LabelVolume(
        dims: vol.grid.dims, spacing: vol.grid.spacing, labels: labels, classes: k)
      return (lv, rule.note)
    } catch let e as RWLossError where e.thing != path {
      throw RWLossError(path, e.problem)
    }
  }

  /// A label volume from a loaded NIfTI volume; one-line errors name the file.
  public static func labelVolume(_ vol: Volume, path: String, classes: Int?) throws -> LabelVolume {
    guard vol.channels == 1 else {
      throw RWLossError(path, "labels must be a 3D label map, got shape \(vol.shape)")
    }
    do {
      return try LabelVolume(
        dims: vol.grid.dims, spacing: vol.grid.spacing, values: vol.data, classes: classes)
    } catch let e as RWLossError {
      throw RWLossError(path, e.problem)
    }
  }

  /// Every channel of the map set as an (X,Y,Z,K) volume on the labels' grid.
  public static func mapVolume(labels: LabelVolume, grid: VoxelGrid, options: MapOptions) throws
    -> Volume
  {
    let k = labels.classCount
    try MemoryBudget.check(
      MemoryEstimate.mapSet(voxels: labels.voxelCount, classes: k),
      for: "the \(k)-class map set of \(MemoryEstimate.describe(dims: labels.dims))",
      hint: k > 256 ? "(or fewer classes: --labels FILE or --remap auto)" : nil)
    let engine = try MapEngine(labels: labels, options: options)
    // allChannels writes every element once into huge-page memory: no zero fill first.
    let data = try engine.allChannels()
    return Volume(grid: grid, shape: grid.dims + [labels.classCount], data: data)
  }

  /// Refuses, before anything is read, labels whose map set (`MemoryEstimate.mapsCase`, K as
  /// given or at least 2) is estimated above the memory guard: one line naming the labels, the
  /// size and `--max-memory`. An unreadable header is left to the read to name.
  public static func checkMemory(labels: String, classes: Int?) throws {
    guard let g = try? NIfTI.loadGrid(path: labels) else { return }
    let dims = g.grid.dims
    do {
      try MemoryBudget.check(
        MemoryEstimate.mapsCase(dims: dims, classes: classes ?? 2),
        for: "maps on \(MemoryEstimate.describe(dims: dims))")
    } catch {
      throw RWLossError(labels, error.description)
    }
  }

  /// Refuses, before any work, an output path the output guard refuses (an input or a pair's
  /// .img, by device and inode through links; a folder, a device, a FIFO) and one that is not
  /// a NIfTI name. The writer checks again when it writes (by then every file read counts).
  public static func checkOutput(_ output: String, inputs: [String]) throws {
    _ = try OutputGuard.check(output, protecting: NIfTI.inputFiles(inputs))
    let lower = output.lowercased()
    guard lower.hasSuffix(".nii") || lower.hasSuffix(".nii.gz") else {
      throw RWLossError(output, "output must end in .nii or .nii.gz")
    }
  }
}
