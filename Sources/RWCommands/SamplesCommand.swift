import ArgumentParser
import Foundation
import RWNIfTI
import RWSystem
import RWVolume

/// `rwview samples`: regenerates the bundled Samples/ from code and from ../shared/data/real.
public struct SamplesCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "samples",
    abstract: "Regenerate the bundled sample cases (phantom and real) into a folder.")

  @Option(name: .shortAndLong, help: "Output folder.", completion: FileCompletion.folder)
  var output: String = "Samples"

  @Option(help: "The shared data folder holding data/real.", completion: FileCompletion.folder)
  var shared: String = "../shared"

  @OptionGroup var system: SystemOptions

  public init() {}

  public func run() throws {
    try reportingErrors { try write() }
  }

  /// Writes every sample folder.
  func write() throws {
    try system.apply()
    let fm = FileManager.default
    let phantomDir = output + "/phantom"
    try fm.createDirectory(atPath: phantomDir, withIntermediateDirectories: true)
    let p = Phantom.make()
    try NIfTI.writeVolume(p.image, to: phantomDir + "/phantom.nii.gz", datatype: .int16)
    try NIfTI.writeVolume(p.labels, to: phantomDir + "/phantom_gt.nii.gz", datatype: .uint8)
    try NIfTI.writeVolume(
      p.probabilities, to: phantomDir + "/phantom_prob.nii.gz", datatype: .float32)
    let labels = Phantom.classNames.enumerated().map { "    \"\($0.element)\": \($0.offset)" }
    try AtomicFile.write(
      "{\n  \"name\": \"rwview phantom\",\n  \"labels\": {\n" + labels.joined(separator: ",\n")
        + "\n  }\n}\n", to: phantomDir + "/dataset.json")
    try StandardOutput.line("wrote \(phantomDir)")

    // Real case: nipype's 3 mm tissue probability maps (0 background, 1 CSF, 2 GM, 3 WM),
    // segmentation1 as the ground truth and an image made from the maps. The maps predict
    // segmentation1 perfectly (it was made from them), so the prediction is an imperfect one
    // made by make_prediction.py beside the sample (numpy/scipy/nibabel, seeded), not here.
    let src = shared + "/data/real/nipype_tpm3mm"
    let dst = output + "/nipype_tpm3mm"
    try fm.createDirectory(atPath: dst, withIntermediateDirectories: true)
    let csf = try NIfTI.loadVolume(path: src + "/tpm_00.nii.gz").volume
    let wm = try NIfTI.loadVolume(path: src + "/tpm_01.nii.gz").volume
    let gm = try NIfTI.loadVolume(path: src + "/tpm_02.nii.gz").volume
    let n = csf.grid.voxelCount
    var image = [Float](repeating: 0, count: n)
    for v in 0..<n {
      let c = max(0, csf.data[v])
      let g = max(0, gm.data[v])
      let w = max(0, wm.data[v])
      image[v] = (0.25 * c + 0.6 * g + 1.0 * w) * 1000
    }
    try NIfTI.writeVolume(
      Volume(grid: csf.grid, shape: csf.grid.dims, data: image), to: dst + "/tpm.nii.gz",
      datatype: .int16)
    for name in ["segmentation1.nii.gz", "LICENSE-NOTES.md"] {
      let to = dst + "/" + (name == "segmentation1.nii.gz" ? "tpm_gt.nii.gz" : name)
      try AtomicFile.write(ReadableFile.contents(of: src + "/" + name), to: to)
    }
    try AtomicFile.write(
      "{\n  \"name\": \"nipype tissue probability maps (3 mm)\",\n  \"labels\": {\n"
        + "    \"background\": 0,\n    \"CSF\": 1,\n    \"GM\": 2,\n    \"WM\": 3\n  }\n}\n",
      to: dst + "/dataset.json")
    try StandardOutput.line(
      "wrote \(dst) (its tpm_prob.nii.gz: python3 Samples/nipype_tpm3mm/make_prediction.py "
        + "\(shared) \(dst))")

    // Real case: ITK's T1 head MRI (coronal storage, LSA) with its k-means label map (0...6).
    let itkSrc = shared + "/data/real/itk_kmeans_t1"
    let itkDst = output + "/itk_kmeans_t1"
    try fm.createDirectory(atPath: itkDst, withIntermediateDirectories: true)
    let copies = [
      ("KmeansTest_T1UCharRaw.nii.gz", "t1.nii.gz"),
      ("KmeansTest_T1KmeansPrelimSegmentation.nii.gz", "t1_seg.nii.gz"),
      ("LICENSE-NOTES.md", "LICENSE-NOTES.md"),
    ]
    for (from, to) in copies {
      try AtomicFile.write(ReadableFile.contents(of: itkSrc + "/" + from), to: itkDst + "/" + to)
    }
    try StandardOutput.line("wrote \(itkDst)")
  }
}
