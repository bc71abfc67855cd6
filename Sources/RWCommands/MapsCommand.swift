import ArgumentParser
import Foundation
import RWLoss
import RWNIfTI
import RWSystem
import RWVolume

/// `rwview maps`: writes a region-wise map set as a float32 (X,Y,Z,K) NIfTI.
public struct MapsCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "maps", abstract: "Write a region-wise map set (float32, X,Y,Z,K) computed from a label map.")

  @Argument(help: "Ground-truth label map (.nii or .nii.gz).")
  public var labels: String
  @OptionGroup public var mapOptions: MapOptionGroup
  @Option(name: .shortAndLong, help: "Output file (.nii or .nii.gz).")
  public var output: String

  public init() {}

  public func run() throws {
    try reportingErrors {
      let opts = try mapOptions.mapOptions()
      try MapsRunner.checkOutput(output, inputs: [labels])
      let (vol, warnings) = try NIfTI.loadVolume(path: labels)
      for w in warnings { printError("rwview: \(labels): \(w)") }
      let lv = try MapsRunner.labelVolume(vol, path: labels, classes: mapOptions.classes)
      let out = try MapsRunner.mapVolume(labels: lv, grid: vol.grid, options: opts)
      try NIfTI.writeVolume(out, to: output, datatype: .float32, protecting: [labels])
    }
  }
}

/// The testable core of `rwview maps` (no argument parsing).
public enum MapsRunner {
  /// A label volume from a loaded NIfTI volume; one-line errors name the file.
  public static func labelVolume(_ vol: Volume, path: String, classes: Int?) throws -> LabelVolume {
    guard vol.channels == 1 else {
      throw RWLossError(path, "labels must be a 3D label map, got shape \(vol.shape)")
    }
    do {
      return try LabelVolume(dims: vol.grid.dims, spacing: vol.grid.spacing, values: vol.data, classes: classes)
    } catch let e as RWLossError {
      throw RWLossError(path, e.problem)
    }
  }

  /// Every channel of the map set as an (X,Y,Z,K) volume on the labels' grid.
  public static func mapVolume(labels: LabelVolume, grid: VoxelGrid, options: MapOptions) throws -> Volume {
    let engine = try MapEngine(labels: labels, options: options)
    // allChannels writes every element once into huge-page memory: no zero fill first.
    let data = try engine.allChannels()
    return Volume(grid: grid, shape: grid.dims + [labels.classCount], data: data)
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
