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

/// Reading headers and voxel blocks.
enum NIfTIReader {
  /// Maximum extension area read (larger areas are skipped with a warning).
  static let maxExtensionArea = 64 << 20
  /// Deflate cannot expand data more than 1032:1; a bigger claim is a lie.
  static let maxDeflateRatio = 1032

  /// The pieces of an opened file.
  struct Opened {
    var info: NIfTIFileInfo
    var dataFile: InputFile
  }

  /// Where the header and data of `path` live.
  static func locate(_ path: String) throws(NIfTIError) -> (header: String, data: String, pair: Bool) {
    let lower = path.lowercased()
    func stem(_ suffixes: [String]) -> String? {
      for s in suffixes where lower.hasSuffix(s) { return String(path.dropLast(s.count)) }
      return nil
    }
    // nibabel pairs x.hdr with x.img and x.hdr.gz with x.img.gz (the compression suffixes match).
    if let base = stem([".hdr.gz", ".hdr"]) {
      let gz = lower.hasSuffix(".gz")
      let hdrExt = String(path.suffix(path.count - base.count))
      let imgExt = swapStem(hdrExt, to: "img")
      if fileExists(base + imgExt) { return (path, base + imgExt, true) }
      let other = gz ? String(imgExt.dropLast(3)) : imgExt + ".gz"
      if fileExists(base + other) {
        throw NIfTIError(
          path: path,
          problem: "missing \(imgExt): found \(base + other), but a \(hdrExt) header pairs with a \(imgExt) file (as in nibabel)")
      }
      throw NIfTIError(path: path, problem: "missing .img: no \(base + imgExt) beside the header")
    }
    if let base = stem([".img.gz", ".img"]) {
      let imgExt = String(path.suffix(path.count - base.count))
      let hdrExt = swapStem(imgExt, to: "hdr")
      if fileExists(base + hdrExt) { return (base + hdrExt, path, true) }
      throw NIfTIError(path: path, problem: "missing .hdr: no \(base + hdrExt) beside the image file")
    }
    return (path, path, false)
  }

  /// Opens a file, parses and validates its header and walks its extensions.
  static func open(_ path: String) throws(NIfTIError) -> Opened {
    let (hdrPath, dataPath, pair) = try locate(path)
    func fail(_ p: String, _ problem: HeaderProblem) -> NIfTIError { NIfTIError(path: p, problem: problem.description) }
    var warnings: [String] = []
    let hdrFile: InputFile
    do { hdrFile = try InputFile(path: hdrPath) } catch { throw fail(hdrPath, error) }
    let hdrGz: Bool
    let head: [UInt8]
    var hdrMap: MappedRegion? = nil
    do throws(HeaderProblem) {
      let magic = try hdrFile.bytes(offset: 0, count: 2)
      hdrGz = magic == [0x1F, 0x8B]
      if hdrGz {
        let m = try hdrFile.map()
        hdrMap = m
        head = try inflatePrefix(m.bytes, count: 548)
      } else {
        head = try hdrFile.bytes(offset: 0, count: 548)
      }
    } catch { throw fail(hdrPath, error) }
    warnings += nameWarnings(hdrPath, gzipped: hdrGz)

    let header: NIfTIHeader
    let layout: NIfTIHeader.DataLayout
    let scaling: (slope: Double, inter: Double)
    do throws(HeaderProblem) {
      header = try NIfTIHeader.parse(bytes: head)
      layout = try header.dataLayout(singleFile: !pair)
      scaling = try header.effectiveScaling()
    } catch { throw fail(hdrPath, error) }
    warnings += header.repairWarnings(singleFile: !pair)

    // Extension area: [sizeof_hdr, vox_offset) for a single file, the rest of the .hdr for a pair.
    var extensions = NIfTIExtensions()
    do throws(HeaderProblem) {
      let areaEnd: Int
      if pair {
        areaEnd = hdrGz ? maxExtensionArea + header.sizeofHdr : hdrFile.size
      } else {
        areaEnd = layout.voxOffset
      }
      let want = areaEnd - header.sizeofHdr
      if want >= 4 {
        if want > maxExtensionArea && !(pair && hdrGz) {
          warnings.append("extension area of \(want) bytes is too large; extensions skipped")
        } else {
          let bytes: [UInt8]
          if let m = hdrMap {
            var end = areaEnd
            if pair {  // the area runs to the end of the inflated .hdr: measure it without storing it
              end = Zlib.inflate(m.bytes, into: nil, extraLimit: areaEnd).produced
            }
            bytes = Array(try inflatePrefix(m.bytes, count: end).dropFirst(header.sizeofHdr))
          } else {
            bytes = try hdrFile.bytes(offset: header.sizeofHdr, count: want)
          }
          extensions = bytes.withUnsafeBytes {
            NIfTIExtensions(area: $0, sizeofHdr: header.sizeofHdr, bigEndian: header.bigEndian)
          }
          if let p = extensions.problem { warnings.append("extensions: \(p); the rest is ignored") }
        }
      }
    } catch { throw fail(hdrPath, error) }

    // The data file and its size check.
    let dataFile: InputFile
    var dataGz = hdrGz
    do throws(HeaderProblem) {
      dataFile = pair ? try InputFile(path: dataPath) : hdrFile
      if pair {
        dataGz = try dataFile.bytes(offset: 0, count: 2) == [0x1F, 0x8B]
        warnings += nameWarnings(dataPath, gzipped: dataGz)
      }
      let need = layout.voxOffset + layout.byteCount
      if !dataGz {
        if dataFile.size < need {
          if dataFile.size <= layout.voxOffset || (!pair && dataFile.size <= header.sizeofHdr) {
            throw HeaderProblem(
              "header only: the file ends at byte \(dataFile.size), before the voxel data at vox_offset \(layout.voxOffset)")
          }
          throw HeaderProblem(
            "truncated data: \(dataFile.size - layout.voxOffset) of \(layout.byteCount) voxel bytes present (shape \(layout.shape), \(layout.datatype.name))")
        }
      } else {
        let (most, overflow) = dataFile.size.multipliedReportingOverflow(by: maxDeflateRatio)
        if !overflow && most + 4096 < need {
          throw HeaderProblem(
            "header declares \(need) bytes but a \(dataFile.size)-byte gzip stream cannot hold more than \(most)")
        }
      }
    } catch { throw fail(dataPath, error) }

    let info = NIfTIFileInfo(
      path: path, dataPath: dataPath, isPair: pair, headerGzipped: hdrGz, dataGzipped: dataGz,
      dataFileBytes: dataFile.size, header: header, layout: layout, scaling: scaling,
      extensions: extensions, warnings: warnings)
    return Opened(info: info, dataFile: dataFile)
  }

  /// `.hdr.gz` → `.img.gz` and back, keeping the case of the stem and the suffix.
  static func swapStem(_ ext: String, to stem: String) -> String {
    let old = ext.dropFirst().prefix(3)
    let upper = old.uppercased() == old
    return "." + (upper ? stem.uppercased() : stem) + ext.dropFirst(4)
  }

  /// Warnings when a file name's `.gz` suffix disagrees with its content.
  static func nameWarnings(_ path: String, gzipped: Bool) -> [String] {
    let named = path.lowercased().hasSuffix(".gz")
    if named && !gzipped { return ["\(path) is named .gz but is not gzip-compressed; read as plain"] }
    if !named && gzipped { return ["\(path) is gzip-compressed but not named .gz; decompressed anyway"] }
    return []
  }

  /// The first `count` bytes of a gzip stream (fewer if it ends sooner); corrupt streams throw.
  static func inflatePrefix(_ input: UnsafeRawBufferPointer, count: Int) throws(HeaderProblem) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: count)
    let (produced, end) = out.withUnsafeMutableBytes { Zlib.inflate(input, into: $0, extraLimit: 0) }
    if case .corrupt(let msg) = end { throw HeaderProblem("corrupt gzip stream: \(msg)") }
    if produced < count { out.removeLast(count - produced) }
    return out
  }

  static func fileExists(_ path: String) -> Bool {
    (try? InputFile(path: path)) != nil
  }
}
