import RWSystem
import RWZlib

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
  static func locate(_ path: String) throws(NIfTIError) -> (
    header: String, data: String, pair: Bool
  ) {
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
          problem:
            "missing \(imgExt): found \(base + other), but a \(hdrExt) header pairs with a \(imgExt) file (as in nibabel)"
        )
      }
      throw NIfTIError(path: path, problem: "missing .img: no \(base + imgExt) beside the header")
    }
    if let base = stem([".img.gz", ".img"]) {
      let imgExt = String(path.suffix(path.count - base.count))
      let hdrExt = swapStem(imgExt, to: "hdr")
      if fileExists(base + hdrExt) { return (base + hdrExt, path, true) }
      throw NIfTIError(
        path: path, problem: "missing .hdr: no \(base + hdrExt) beside the image file")
    }
    return (path, path, false)
  }

  /// Opens a file, parses and validates its header and walks its extensions.
  static func open(_ path: String) throws(NIfTIError) -> Opened {
    if FolderListing.isFolder(path), let p = DICOMFolder.problem(path) {
      throw NIfTIError(path: path, problem: p)
    }
    let (hdrPath, dataPath, pair) = try locate(path)
    func fail(_ p: String, _ problem: HeaderProblem) -> NIfTIError {
      NIfTIError(path: p, problem: problem.description)
    }
    var warnings: [String] = []
    let hdrFile: InputFile
    do { hdrFile = try InputFile(path: hdrPath) } catch { throw fail(hdrPath, error) }
    let hdrGz: Bool
    let head: [UInt8]
    do throws(HeaderProblem) {
      let magic = try hdrFile.bytes(offset: 0, count: 2)
      hdrGz = magic == [0x1F, 0x8B]
      if hdrGz {
        head = try inflateHead(hdrFile, count: 548)
      } else {
        head = try hdrFile.bytes(offset: 0, count: 548)
      }
    } catch { throw fail(hdrPath, error) }
    warnings += nameWarnings(hdrPath, gzipped: hdrGz)

    let header: NIfTIHeader
    var layout: NIfTIHeader.DataLayout
    let scaling: (slope: Double, inter: Double)
    do throws(HeaderProblem) {
      try checkIsNIfTI(hdrPath, head: head, gzipped: hdrGz)
      header = try NIfTIHeader.parse(bytes: head)
      if header.isAnalyze && !pair {
        throw HeaderProblem(
          "Analyze 7.5 header (no NIfTI magic) in a single file; Analyze images are .hdr/.img pairs"
        )
      }
      if header.isAnalyze, let mat = spmMatFile(hdrPath) {
        // nibabel would take the affine from SPM's MATLAB .mat file, which this reader cannot parse.
        throw HeaderProblem(
          "Analyze image with an SPM affine in \(mat): not supported (convert to NIfTI)")
      }
      layout = try header.dataLayout(singleFile: !pair)
      scaling = try header.effectiveScaling()
    } catch { throw fail(hdrPath, error) }
    warnings += header.repairWarnings(singleFile: !pair)

    /// The header file's bytes `[sizeof_hdr, end)` (inflated for a gzipped header).
    func area(_ end: Int) throws(HeaderProblem) -> [UInt8] {
      if hdrGz { return Array(try inflateHead(hdrFile, count: end).dropFirst(header.sizeofHdr)) }
      return try hdrFile.bytes(offset: header.sizeofHdr, count: end - header.sizeofHdr)
    }
    if !pair && layout.isInsideHeader(sizeofHdr: header.sizeofHdr) {
      do throws(HeaderProblem) {
        let stated = layout.voxOffset
        // The extensions end where the voxels start: before the end of a plain file less the
        // voxel bytes.
        let room = hdrGz ? relocationArea : hdrFile.size - layout.byteCount - header.sizeofHdr
        let searched = try area(header.sizeofHdr + Swift.max(0, Swift.min(room, relocationArea)))
        layout.voxOffset = dataStart(area: searched, header)
        let nibabel = stated == 0 ? "reads the header bytes as voxels" : "refuses the file"
        warnings.append(
          "vox_offset \(stated) lies inside the \(header.sizeofHdr)-byte header; the voxels are "
            + "read after the header and extensions, from byte \(layout.voxOffset) "
            + "(nibabel \(nibabel))")
      } catch { throw fail(hdrPath, error) }
    }

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
              "header only: the file ends at byte \(dataFile.size), before the voxel data at vox_offset \(layout.voxOffset)"
            )
          }
          throw HeaderProblem(
            "truncated data: \(dataFile.size - layout.voxOffset) of \(layout.byteCount) voxel bytes present (shape \(layout.shape), \(layout.datatype.name))"
          )
        }
      } else {
        let (most, overflow) = dataFile.size.multipliedReportingOverflow(by: maxDeflateRatio)
        if !overflow && most + 4096 < need {
          throw HeaderProblem(
            "header declares \(need) bytes but a \(dataFile.size)-byte gzip stream cannot hold more than \(most)"
          )
        }
      }
    } catch { throw fail(dataPath, error) }

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
          var end = areaEnd
          if pair && hdrGz {
            // The area runs to the end of the inflated .hdr: measure it without storing it.
            let whole = try hdrFile.contents()
            end = Zlib.inflate(whole.bytes, into: nil, extraLimit: areaEnd).produced
          }
          let bytes = try area(end)
          extensions = bytes.withUnsafeBytes {
            NIfTIExtensions(area: $0, sizeofHdr: header.sizeofHdr, bigEndian: header.bigEndian)
          }
          if let p = extensions.problem { warnings.append("extensions: \(p); the rest is ignored") }
        }
      }
    } catch { throw fail(hdrPath, error) }

    let info = NIfTIFileInfo(
      path: path, dataPath: dataPath, isPair: pair, headerGzipped: hdrGz, dataGzipped: dataGz,
      dataFileBytes: dataFile.size, header: header, layout: layout, scaling: scaling,
      extensions: extensions, warnings: warnings)
    return Opened(info: info, dataFile: dataFile)
  }

  /// Throws a one-line problem when `head` (the first bytes, inflated when `gzipped`) cannot
  /// start a NIfTI header: another format with its converter, or a file too short for one.
  static func checkIsNIfTI(_ path: String, head: [UInt8], gzipped: Bool) throws(HeaderProblem) {
    let sniffed = head.withUnsafeBytes { NIfTIHeader.sniff($0) }
    guard sniffed == .notNIfTI || head.count < 348 else { return }
    if let p = ForeignFormat.problem(path: path, head: head, gzipped: gzipped) {
      throw HeaderProblem(p)
    }
    if head.count < 348 {
      let inflated = gzipped ? " after decompression" : ""
      throw HeaderProblem("too short for a NIfTI header (\(head.count) bytes\(inflated))")
    }
  }

  /// Bytes after the header searched for extensions when a single file's vox_offset points
  /// inside the header.
  static let relocationArea = 1 << 20

  /// Where the voxels of a single file start when its vox_offset points inside the header:
  /// after the extender and the extensions that `area` (the bytes from `sizeof_hdr`) holds.
  static func dataStart(area: [UInt8], _ header: NIfTIHeader) -> Int {
    let ext = area.withUnsafeBytes {
      NIfTIExtensions(area: $0, sizeofHdr: header.sizeofHdr, bigEndian: header.bigEndian)
    }
    return ext.items.last.map { $0.offset + $0.esize } ?? header.sizeofHdr + 4
  }

  /// The SPM `.mat` beside an Analyze header (`x.hdr` / `x.hdr.gz` → `x.mat`), if any.
  static func spmMatFile(_ hdrPath: String) -> String? {
    let lower = hdrPath.lowercased()
    for s in [".hdr.gz", ".hdr"] where lower.hasSuffix(s) {
      let mat = String(hdrPath.dropLast(s.count)) + ".mat"
      return fileExists(mat) ? mat : nil
    }
    return nil
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
    if named && !gzipped {
      return ["\(path) is named .gz but is not gzip-compressed; read as plain"]
    }
    if !named && gzipped {
      return ["\(path) is gzip-compressed but not named .gz; decompressed anyway"]
    }
    return []
  }

  /// The first `count` bytes of a gzip stream (fewer if it ends sooner); corrupt streams throw.
  static func inflatePrefix(_ input: UnsafeRawBufferPointer, count wanted: Int)
    throws(HeaderProblem) -> [UInt8]
  {
    // Never allocate more than the stream could possibly inflate to.
    let count = Swift.min(wanted, input.count * maxDeflateRatio + 4096)
    var out = [UInt8](repeating: 0, count: count)
    let (produced, end) = out.withUnsafeMutableBytes {
      Zlib.inflate(input, into: $0, extraLimit: 0)
    }
    if case .corrupt(let msg) = end { throw HeaderProblem("corrupt gzip stream: \(msg)") }
    if produced < count { out.removeLast(count - produced) }
    return out
  }

  /// Whether something exists at `path` (readable or not: an unreadable `.img` is reported
  /// as unreadable when it is opened, not as missing).
  static func fileExists(_ path: String) -> Bool { FileSystem.exists(path) }

  /// The first `count` inflated bytes of a gzipped file, reading only as much of the
  /// compressed stream as they need (256 KiB first, then 8 times more each round).
  static func inflateHead(_ file: InputFile, count: Int) throws(HeaderProblem) -> [UInt8] {
    var chunk = 1 << 18
    while true {
      let input = try file.bytes(offset: 0, count: Swift.min(file.size, chunk))
      var failure: HeaderProblem?
      let out = input.withUnsafeBytes { b -> [UInt8] in
        do throws(HeaderProblem) { return try inflatePrefix(b, count: count) } catch {
          failure = error
          return []
        }
      }
      if let failure { throw failure }
      if out.count >= count || input.count >= file.size { return out }
      chunk = chunk.multipliedReportingOverflow(by: 8).overflow ? Int.max : chunk * 8
    }
  }
}
