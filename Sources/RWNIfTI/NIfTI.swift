import RWVolume

/// One clear error about one file: `"<path>: <problem>"`.
public struct NIfTIError: Error, CustomStringConvertible, Sendable {
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
  public static func loadVolume(path: String) throws -> (volume: Volume, warnings: [String]) {
    throw NIfTIError(path: path, problem: "NIfTI reading is not implemented yet")
  }

  /// Writes a volume as NIfTI-1 (gzipped when the name ends in .gz), atomically.
  public static func writeVolume(_ volume: Volume, to path: String, datatype: NIfTIDatatype = .float32) throws {
    throw NIfTIError(path: path, problem: "NIfTI writing is not implemented yet")
  }
}

/// NIfTI datatype codes.
public enum NIfTIDatatype: Int, Sendable, CaseIterable {
  case uint8 = 2, int16 = 4, int32 = 8, float32 = 16, complex64 = 32, float64 = 64, rgb24 = 128
  case int8 = 256, uint16 = 512, uint32 = 768, int64 = 1024, uint64 = 1280
}
