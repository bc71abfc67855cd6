/// An opened NIfTI file (single `.nii[.gz]` or `.hdr[.gz]` + `.img[.gz]` pair) whose header has
/// been parsed and validated, ready to read its voxel block.
///
/// Opening reads only the header and the extension area. Every size derived from the header
/// is checked for overflow and against the data file's size before anything is allocated:
/// a plain data file must hold `vox_offset + bytes`, and a gzipped one must be large enough
/// that deflate could possibly expand it that far (deflate expands at most 1032:1).
public struct NIfTIFileInfo: Sendable {
  /// The path as given.
  public var path: String
  /// The file holding the voxels (the `.img[.gz]` of a pair; `path` for a single file).
  public var dataPath: String
  /// True for a `.hdr` + `.img` pair.
  public var isPair: Bool
  /// Whether the header file / the data file are gzip streams (detected by magic).
  public var headerGzipped: Bool, dataGzipped: Bool
  /// Size on disk of the data file.
  public var dataFileBytes: Int
  /// The parsed header.
  public var header: NIfTIHeader
  /// The checked voxel-block layout.
  public var layout: NIfTIHeader.DataLayout
  /// The scale factors that apply (slope, intercept); (1, 0) when there is no scaling.
  public var scaling: (slope: Double, inter: Double)
  /// The extension list.
  public var extensions: NIfTIExtensions
  /// Recoverable oddities, one line each (lying file extension, NaN pixdim, bad extensions...).
  public var warnings: [String]

  /// True unless the scaling is exactly (1, 0). RGB data is never scaled (as in nibabel).
  public var scalingApplies: Bool {
    layout.datatype.channels < 3 && !(scaling.slope == 1 && scaling.inter == 0)
  }
}

extension NIfTIFileInfo: Equatable {
  public static func == (a: NIfTIFileInfo, b: NIfTIFileInfo) -> Bool {
    a.path == b.path && a.header == b.header && a.layout == b.layout && a.extensions == b.extensions
  }
}
