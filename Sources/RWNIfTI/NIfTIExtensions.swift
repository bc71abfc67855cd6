import RWVolume

/// The header extensions, walked exactly as the NIfTI spec lays them out.
///
/// The 4-byte extender sits at offset `sizeof_hdr`; `extender[0] == 0` means no extensions.
/// Otherwise extensions follow from `sizeof_hdr + 4`, each an int32 `esize` (counting its own
/// 8-byte esize/ecode pair) and int32 `ecode` in the file's byte order, then `esize − 8` bytes of
/// content. The area ends at `vox_offset` (single file) or at the end of the `.hdr` (pair).
/// The walk stops when fewer than 8 bytes remain, or at an `esize` below 8, not a multiple of
/// 16, or running past the area; `problem` then says why. Nothing is ever read past the area.
public struct NIfTIExtensions: Sendable, Equatable {
  /// One extension.
  public struct Item: Sendable, Equatable {
    /// Extension code (e.g. 4 = AFNI, 6 = comment, 32 = CIFTI).
    public var ecode: Int
    /// Size on disk including the 8-byte esize/ecode pair.
    public var esize: Int
    /// Byte offset of the extension's esize field in the file.
    public var offset: Int
    /// The content bytes (esize − 8, padding included).
    public var content: [UInt8]
  }

  /// The 4 extender bytes, or nil if the file ends before them.
  public var extender: [UInt8]?
  /// The extensions in file order.
  public var items: [Item] = []
  /// Why the walk stopped early, e.g. `"bad esize 7 at byte 352"`.
  public var problem: String?

  /// An empty list.
  public init() {}

  /// Walks `area`, which holds the file bytes from offset `sizeofHdr` up to the end of the
  /// extension area (possibly cut short by the end of the file).
  public init(area: UnsafeRawBufferPointer, sizeofHdr: Int, bigEndian: Bool) {
    guard area.count >= 4 else { return }
    extender = Array(area[0..<4])
    guard area[0] != 0 else { return }
    var off = 4
    let r = FieldReader(b: area, big: bigEndian)
    while off + 8 <= area.count {
      let esize = r.i32(off)
      let ecode = r.i32(off + 4)
      if esize < 8 || esize % 16 != 0 || off + esize > area.count {
        problem = "bad esize \(esize) at byte \(sizeofHdr + off)"
        break
      }
      items.append(
        Item(
          ecode: ecode, esize: esize, offset: sizeofHdr + off,
          content: Array(area[(off + 8)..<(off + esize)])))
      off += esize
    }
  }
}
