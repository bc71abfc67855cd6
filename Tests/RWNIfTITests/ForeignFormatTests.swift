import Foundation
import RWTestSupport
import Testing

@testable import RWNIfTI

/// Files of other formats get one line saying what they are and what converts them (issue 12
/// item 10), recognised by content first, by name second.
@Suite struct ForeignFormatTests {
  let dir = TemporaryDirectory.make("foreign").path

  /// A FreeSurfer MGH header: version 1, 4×3×2, 1 frame, type float (3), big-endian.
  static var mgh: [UInt8] {
    var b: [UInt8] = []
    for v: Int32 in [1, 4, 3, 2, 1, 3, 0] { b += withUnsafeBytes(of: v.bigEndian, Array.init) }
    return b + [UInt8](repeating: 0, count: 284 - b.count) + [UInt8](repeating: 0, count: 96)
  }

  @Test func mgzByContentEvenWhenRenamed() {
    let gz = TestSupport.gzip(Self.mgh)
    expectRejected(
      Build.file(dir, "brain.mgz", gz),
      "FreeSurfer MGH/MGZ volume, not NIfTI; convert it with "
        + "`mri_convert \(dir)/brain.mgz \(dir)/brain.nii.gz`")
    // Content first: the same bytes named .nii.gz are still recognised.
    expectRejected(Build.file(dir, "renamed.nii.gz", gz), "FreeSurfer MGH/MGZ")
    expectRejected(Build.file(dir, "plain.mgh", Self.mgh), "mri_convert")
  }

  @Test func dicomFileByMagic() {
    let dicom =
      [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + [UInt8](repeating: 7, count: 400)
    let p = Build.file(dir, "IM0001", dicom)
    expectRejected(
      p,
      "is a DICOM file, not NIfTI; convert the series in its folder with "
        + "`dcm2niix -z y -o OUTDIR \(dir)`")
  }

  @Test func nrrdAndMetaImage() {
    let nrrd = Array("NRRD0004\ntype: float\ndimension: 3\nsizes: 4 3 2\n".utf8)
    expectRejected(
      Build.file(dir, "ct.nrrd", nrrd),
      "is an NRRD image, not NIfTI; convert it with c3d (`c3d \(dir)/ct.nrrd -o \(dir)/ct.nii.gz`)")
    let mha = Array(
      "ObjectType = Image\nNDims = 3\nDimSize = 4 3 2\nElementType = MET_FLOAT\n".utf8)
    expectRejected(Build.file(dir, "ct.mha", mha), "is a MetaImage (.mha/.mhd) image, not NIfTI")
    expectRejected(Build.file(dir, "ct.mhd", mha), "SimpleITK")
  }

  @Test func numpyFilesPointAtPredictions() {
    let npy =
      [0x93] + Array("NUMPY".utf8) + [1, 0, 118, 0]
      + Array("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }".utf8)
    expectRejected(
      Build.file(dir, "probs.npy", npy),
      "is a NumPy .npy array, not a NIfTI image; rwview reads nnU-Net probabilities only as a "
        + "prediction, `--pred CASE.npz`")
    let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 60)
    expectRejected(Build.file(dir, "case.npz", zip), "is a NumPy .npz archive, not a NIfTI image")
    expectRejected(Build.file(dir, "bundle.zip", zip), "is a zip archive, not NIfTI")
  }

  @Test func gzipOfSomethingElse() {
    let text = Array(String(repeating: "plain text, not an image. ", count: 30).utf8)
    expectRejected(
      Build.file(dir, "notes.nii.gz", TestSupport.gzip(text)),
      "is gzip-compressed, but what it holds is not NIfTI (sizeof_hdr is neither 348 nor 540)")
    expectRejected(
      Build.file(dir, "empty.nii.gz", TestSupport.gzip([])),
      "is gzip-compressed, but what it holds is not NIfTI (only 0 bytes)")
  }

  /// By name when the content says nothing: an unreadable `.mgz` still gets its hint.
  @Test func byNameWhenContentIsUnknown() {
    expectRejected(Build.file(dir, "odd.mgz", [UInt8](repeating: 9, count: 400)), "mri_convert")
    expectRejected(Build.file(dir, "slice.dcm", [UInt8](repeating: 0, count: 100)), "dcm2niix")
  }

  /// A NIfTI file with a foreign name is read as NIfTI (content wins over the name).
  @Test func niftiNamedLikeAnotherFormatStillLoads() throws {
    let (v, _) = try NIfTI.loadVolume(path: Build.file(dir, "really_nifti.mgz", Build.nii()))
    #expect(v.data[5] == 5)
  }

  /// A hint is one line naming the file.
  @Test func hintsAreOneLine() {
    for kind: ForeignFormat in [
      .mgh, .dicom, .nrrd, .metaImage, .npy, .npz, .zip, .hdf5, .png, .jpeg, .tiff,
    ] {
      let line = kind.problem(path: "a/b.x")
      #expect(!line.contains("\n") && line.hasPrefix("is "), "\(line)")
    }
  }
}
