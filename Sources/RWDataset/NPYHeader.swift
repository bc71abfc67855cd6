/// The header of a numpy `.npy` array: element type, memory order and shape.
///
/// Layout (numpy's format spec, versions 1.0 to 3.0), each field with its offset:
/// - 0, 6 bytes: the magic `\x93NUMPY`
/// - 6, UInt8: major version (1, 2 or 3); 7, UInt8: minor version (0)
/// - 8, UInt16 LE (version 1) or UInt32 LE (versions 2 and 3): the header length `H`
/// - 10 (version 1) or 12: `H` bytes of a Python dict literal, e.g.
///   `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4, 5, 6), }`, padded with spaces
///   and ended by a newline
/// - then the elements, C order (last axis fastest) or Fortran order (first axis fastest).
///
/// Every field is checked; sizes are computed with overflow checks, never trusted.
public struct NPYHeader: Equatable, Sendable {
  /// The element types a prediction can hold.
  public enum Scalar: String, Equatable, Sendable {
    case float16, float32, float64
    /// Bytes per element.
    public var size: Int {
      switch self {
      case .float16: 2
      case .float32: 4
      case .float64: 8
      }
    }
  }

  /// The element type.
  public var scalar: Scalar
  /// True when the elements are stored big-endian (`>` in `descr`).
  public var bigEndian: Bool
  /// True when the first axis varies fastest in memory.
  public var fortranOrder: Bool
  /// The array's shape (may be empty for a scalar).
  public var shape: [Int]
  /// Bytes before the first element (magic, version, length field and dict).
  public var dataOffset: Int
  /// Number of elements (the shape's product).
  public var elementCount: Int
  /// Bytes of element data (`elementCount * scalar.size`).
  public var byteCount: Int

  /// The magic bytes at offset 0.
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
  /// The longest dict accepted (numpy writes well under 1 KiB; version 1 allows 65535).
  static let maxDictLength = 1 << 20
  /// The most axes accepted.
  static let maxAxes = 32

  /// Bytes needed before `parse` can know the header length (magic, version, length field).
  public static let prefixLength = 12

  /// The total header length (`dataOffset`) from the first `prefixLength` bytes, or nil
  /// when fewer bytes are given and version 1 needs only 10. Throws on a bad magic or version.
  static func headerLength(_ b: [UInt8]) throws(NPYError) -> Int {
    guard b.count >= 10 else { throw NPYError("is too short for a .npy header (\(b.count) bytes)") }
    guard Array(b[0..<6]) == magic else { throw NPYError("is not a .npy array (bad magic bytes)") }
    let major = b[6]
    switch major {
    case 1:
      return 10 + (Int(b[8]) | Int(b[9]) << 8)
    case 2, 3:
      guard b.count >= 12 else {
        throw NPYError("is too short for a .npy header (\(b.count) bytes)")
      }
      let n = Int(b[8]) | Int(b[9]) << 8 | Int(b[10]) << 16 | Int(b[11]) << 24
      guard n <= maxDictLength else {
        throw NPYError("declares a \(n)-byte header (at most \(maxDictLength) accepted)")
      }
      return 12 + n
    default:
      throw NPYError("has .npy format version \(major).\(b[7]) (1, 2 and 3 are read)")
    }
  }

  /// Parses a header from the start of an array's bytes (at least `dataOffset` bytes).
  public static func parse(_ b: [UInt8]) throws(NPYError) -> NPYHeader {
    let total = try headerLength(b)
    guard b.count >= total else {
      throw NPYError("is cut off inside its header (\(b.count) of \(total) bytes)")
    }
    let start = b[6] == 1 ? 10 : 12
    guard let text = String(bytes: b[start..<total], encoding: .ascii) else {
      throw NPYError("has a header that is not ASCII text")
    }
    let dict = try NPYDictParser.parse(text)
    guard Set(dict.keys) == ["descr", "fortran_order", "shape"] else {
      throw NPYError(
        "has header keys \(dict.keys.sorted()) (expected descr, fortran_order, shape)")
    }
    guard case .string(let descr)? = dict["descr"] else {
      throw NPYError("has a 'descr' that is not a string (structured arrays are not read)")
    }
    guard case .bool(let fortran)? = dict["fortran_order"] else {
      throw NPYError("has a 'fortran_order' that is not True or False")
    }
    guard case .tuple(let shape)? = dict["shape"] else {
      throw NPYError("has a 'shape' that is not a tuple of integers")
    }
    let (scalar, big) = try element(descr)
    guard shape.count <= maxAxes else { throw NPYError("has \(shape.count) axes (at most 32)") }
    var count = 1
    for n in shape {
      let (p, o) = count.multipliedReportingOverflow(by: n)
      guard !o else { throw NPYError("has a shape \(shapeText(shape)) too large to address") }
      count = p
    }
    let (bytes, o) = count.multipliedReportingOverflow(by: scalar.size)
    guard !o, bytes <= Int.max - total else {
      throw NPYError("has a shape \(shapeText(shape)) too large to address")
    }
    return NPYHeader(
      scalar: scalar, bigEndian: big, fortranOrder: fortran, shape: shape, dataOffset: total,
      elementCount: count, byteCount: bytes)
  }

  /// The element type and byte order of a `descr` such as `<f4`.
  static func element(_ descr: String) throws(NPYError) -> (Scalar, Bool) {
    let order = descr.first
    let code = String(descr.dropFirst())
    let big: Bool
    switch order {
    case "<", "=": big = false
    case ">": big = true
    case "|": big = false
    default: throw NPYError("has dtype '\(descr)', not a float16, float32 or float64 array")
    }
    switch code {
    case "f2": return (.float16, big)
    case "f4": return (.float32, big)
    case "f8": return (.float64, big)
    default:
      throw NPYError("has dtype '\(descr)', not a float16, float32 or float64 array")
    }
  }

  /// "(3, 4, 5)" as numpy prints a shape.
  public static func shapeText(_ s: [Int]) -> String {
    s.count == 1 ? "(\(s[0]),)" : "(" + s.map(String.init).joined(separator: ", ") + ")"
  }
}

/// A problem with a `.npy`/`.npz` file, worded to follow the file's name.
public struct NPYError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The problem, e.g. "has dtype '<i2', not a float16, float32 or float64 array".
  public var problem: String
  public init(_ problem: String) { self.problem = problem }
  public var description: String { problem }
}
