import ArgumentParser
import RWNIfTI
import RWSystem

/// `rwview info FILE...`: header summary (and optionally statistics) of NIfTI files.
public struct InfoCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "info",
    abstract:
      "Summarise NIfTI files: version, shape, datatype, spacing, affine, orientation, scaling.",
    discussion: """
      Without --stats only the header is read and the data block is checked to fit in the file \
      (a .gz file is decompressed once, streaming, to check its size). --stats reads every voxel. \
      Warnings go to stderr; a bad file prints one line "rwview: <path>: <problem>" on stderr and \
      the exit status is 1 (the other files are still reported).
      """)

  @Argument(
    help: "NIfTI files (.nii, .nii.gz, .hdr/.img pairs).", completion: FileCompletion.volume)
  public var files: [String]

  @Flag(help: "Add min, max, mean, std, sum and NaN count of the scaled data.")
  public var stats = false

  @Flag(help: "Print a JSON array, one object per readable file.")
  public var json = false

  @OptionGroup public var system: SystemOptions

  public init() {}

  public func run() throws {
    try reportingErrors {
      try system.apply()
      var objects: [String] = []
      var failed = false
      var printed = false
      for path in files {
        do {
          let report = try NIfTIReport.make(path: path, stats: stats)
          for w in report.info.warnings { printError("rwview: warning: \(path): \(w)") }
          if json {
            objects.append(report.json)
          } else {
            // Output failures (a full or closed stdout) end the command with one line.
            try StandardOutput.line((printed ? "\n" : "") + report.text)
            printed = true
          }
        } catch let e as SystemError where e.path == "standard output" {
          throw e
        } catch let e as NIfTIError {
          failed = true
          printError("rwview: \(e)")
        } catch {
          failed = true
          printError("rwview: \(path): \(error)")
        }
      }
      if json {
        let body = objects.map { "  " + $0 }.joined(separator: ",\n")
        try StandardOutput.line("[\n" + body + (objects.isEmpty ? "]" : "\n]"))
      }
      if failed { throw ExitCode(1) }
    }
  }
}
