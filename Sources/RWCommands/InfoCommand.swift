import ArgumentParser
import RWNIfTI

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `rwview info FILE...`: header summary (and optionally statistics) of NIfTI files.
public struct InfoCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "info",
    abstract: "Summarise NIfTI files: version, shape, datatype, spacing, affine, orientation, scaling.",
    discussion: """
      Without --stats only the header is read and the data block is checked to fit in the file \
      (a .gz file is decompressed once, streaming, to check its size). --stats reads every voxel. \
      Warnings go to stderr; a bad file prints one line "rwview: <path>: <problem>" on stderr and \
      the exit status is 1 (the other files are still reported).
      """)

  @Argument(help: "NIfTI files (.nii, .nii.gz, .hdr/.img pairs).")
  public var files: [String]

  @Flag(help: "Add min, max, mean, std, sum and NaN count of the scaled data.")
  public var stats = false

  @Flag(help: "Print a JSON array, one object per readable file.")
  public var json = false

  public init() {}

  public func run() throws {
    var objects: [String] = []
    var failed = false
    for (i, path) in files.enumerated() {
      do {
        let report = try NIfTIReport.make(path: path, stats: stats)
        for w in report.info.warnings { Self.stderr("rwview: warning: \(path): \(w)") }
        if json {
          objects.append(report.json)
        } else {
          if i > 0 { print("") }
          print(report.text)
        }
      } catch let e as NIfTIError {
        failed = true
        Self.stderr("rwview: \(e)")
      } catch {
        failed = true
        Self.stderr("rwview: \(path): \(error)")
      }
    }
    if json { print("[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + (objects.isEmpty ? "]" : "\n]")) }
    if failed { throw ExitCode(1) }
  }

  static func stderr(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
  }
}
