/// Formats people hand to rwview that are not NIfTI, each with what converts it.
///
/// Recognised by content first (magic bytes of the file, or of what a gzip file holds), by
/// name second, so a NIfTI file with an odd name is still read and a renamed MGZ still gets
/// its hint. Used only when the first bytes do not start a NIfTI header.
enum ForeignFormat: Equatable {
  case mgh, dicom, nrrd, metaImage, npy, npz, zip, hdf5, png, jpeg, tiff

  /// The one-line problem for `path`, whose first bytes (inflated when `gzipped`) are `head`
  /// and start no NIfTI header; nil when nothing is recognised in a plain file (the caller
  /// then names the NIfTI problem).
  static func problem(path: String, head: [UInt8], gzipped: Bool) -> String? {
    if let kind = detect(head: head, gzipped: gzipped) ?? byName(path) {
      return kind.problem(path: path)
    }
    guard gzipped else { return nil }
    let sniffed = head.withUnsafeBytes { NIfTIHeader.sniff($0) }
    if sniffed != .notNIfTI { return nil }  // a NIfTI header cut short: the caller says so
    let what = head.count < 4 ? "only \(head.count) bytes" : "sizeof_hdr is neither 348 nor 540"
    return
      "is gzip-compressed, but what it holds is not NIfTI (\(what)) nor a format rwview recognises"
  }

  /// The format whose magic bytes `head` starts with.
  static func detect(head b: [UInt8], gzipped: Bool) -> ForeignFormat? {
    func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
      b.count >= offset + magic.count && Array(b[offset..<(offset + magic.count)]) == magic
    }
    func ascii(_ s: String, at offset: Int = 0) -> Bool { starts(Array(s.utf8), at: offset) }
    if ascii("DICM", at: 128) { return .dicom }
    if ascii("NRRD000") { return .nrrd }
    if starts([0x93] + Array("NUMPY".utf8)) { return .npy }
    if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) { return .zip }
    if starts([0x89] + Array("HDF\r\n".utf8)) { return .hdf5 }
    if starts([0x89] + Array("PNG".utf8)) { return .png }
    if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
    if ascii("II*\u{0}") || ascii("MM\u{0}*") { return .tiff }
    if isMetaImageHeader(b) { return .metaImage }
    if isMGH(b) { return .mgh }
    return nil
  }

  /// The format a file name promises (`.mgz`, `.dcm`, `.nrrd`, ...), for content not recognised.
  static func byName(_ path: String) -> ForeignFormat? {
    let l = path.lowercased()
    let table: [(String, ForeignFormat)] = [
      (".mgz", .mgh), (".mgh", .mgh), (".mgh.gz", .mgh), (".dcm", .dicom), (".ima", .dicom),
      (".nrrd", .nrrd), (".nhdr", .nrrd), (".mha", .metaImage), (".mhd", .metaImage),
      (".npy", .npy), (".npz", .npz), (".h5", .hdf5), (".hdf5", .hdf5),
    ]
    return table.first { l.hasSuffix($0.0) }?.1
  }

  /// FreeSurfer MGH (inside a `.mgz` gzip): big-endian int32 version 1, then width, height,
  /// depth, frames (positive) and a type code of uchar 0, int 1, float 3 or short 4.
  static func isMGH(_ b: [UInt8]) -> Bool {
    guard b.count >= 28 else { return false }
    func i32(_ o: Int) -> Int32 {
      Int32(
        bitPattern: UInt32(b[o]) << 24 | UInt32(b[o + 1]) << 16 | UInt32(b[o + 2]) << 8
          | UInt32(b[o + 3]))
    }
    guard i32(0) == 1 else { return false }
    for o in stride(from: 4, through: 16, by: 4) where i32(o) <= 0 { return false }
    return [0, 1, 3, 4].contains(i32(20))
  }

  /// MetaImage (`.mha`/`.mhd`): a text header of `Key = Value` lines such as `ObjectType =
  /// Image`, `NDims = 3`.
  static func isMetaImageHeader(_ b: [UInt8]) -> Bool {
    let text = String(decoding: b.prefix(256), as: UTF8.self)
    return ["ObjectType", "NDims"].contains { text.hasPrefix($0) }
  }

  /// "is a … , not NIfTI; convert it with …", naming the file in the suggested command.
  func problem(path: String) -> String {
    let out = Self.stem(path) + ".nii.gz"
    let folder = Self.folder(path)
    let itk =
      "convert it with c3d (`c3d \(path) -o \(out)`) or SimpleITK "
      + "(`sitk.WriteImage(sitk.ReadImage('\(path)'), '\(out)')`)"
    let npzUse =
      "rwview reads nnU-Net probabilities only as a prediction, `--pred CASE.npz` "
      + "(on the grid of CASE.nii.gz beside it, or of --gt)"
    switch self {
    case .mgh:
      return
        "is a FreeSurfer MGH/MGZ volume, not NIfTI; convert it with `mri_convert \(path) \(out)`"
    case .dicom:
      let what =
        path.split(separator: "/").last?.uppercased() == "DICOMDIR"
        ? "a DICOMDIR (the index of a DICOM disc)" : "a DICOM file"
      return "is \(what), not NIfTI; convert the series in its folder with "
        + "`dcm2niix -z y -o OUTDIR \(folder)`"
    case .nrrd: return "is an NRRD image, not NIfTI; \(itk)"
    case .metaImage: return "is a MetaImage (.mha/.mhd) image, not NIfTI; \(itk)"
    case .npy: return "is a NumPy .npy array, not a NIfTI image; \(npzUse)"
    case .npz: return "is a NumPy .npz archive, not a NIfTI image; \(npzUse)"
    case .zip:
      if path.lowercased().hasSuffix(".npz") { return ForeignFormat.npz.problem(path: path) }
      return "is a zip archive, not NIfTI; unpack it and open the .nii/.nii.gz inside"
    case .hdf5: return "is an HDF5 file, not NIfTI; export the volume as NIfTI (e.g. with nibabel)"
    case .png, .jpeg, .tiff:
      return
        "is a \(self == .png ? "PNG" : self == .jpeg ? "JPEG" : "TIFF") picture, not a NIfTI volume"
    }
  }

  /// The path without its last extension(s): `a/b.mgz` → `a/b`, `x.mgh.gz` → `x`.
  static func stem(_ path: String) -> String {
    var s = Substring(path)
    if s.lowercased().hasSuffix(".gz") { s = s.dropLast(3) }
    if let dot = s.lastIndex(of: "."), !s[dot...].contains("/") { s = s[..<dot] }
    return String(s)
  }

  /// The folder holding `path` ("." for a bare name).
  static func folder(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}
