import Testing

@testable import RWDataset

/// The `.npy` header parser on well-formed and hostile headers.
@Suite struct NPYHeaderTests {
  /// A version-1 header around `dict` (padded as numpy pads it).
  static func v1(_ dict: String, major: UInt8 = 1) -> [UInt8] {
    var d = Array(dict.utf8)
    while (10 + d.count + 1) % 64 != 0 { d.append(0x20) }
    d.append(0x0A)
    return NPYHeader.magic + [major, 0, UInt8(d.count & 0xFF), UInt8(d.count >> 8)] + d
  }

  @Test func parsesNumpysHeader() throws {
    let h = try NPYHeader.parse(
      Self.v1("{'descr': '<f2', 'fortran_order': True, 'shape': (3, 4, 5, 6), }"))
    #expect(h.scalar == .float16 && !h.bigEndian && h.fortranOrder)
    #expect(
      h.shape == [3, 4, 5, 6] && h.elementCount == 360 && h.byteCount == 720 && h.dataOffset == 128)
  }

  @Test func versionTwoHasAFourByteLength() throws {
    var d = Array("{'descr': '>f8', 'fortran_order': False, 'shape': (7,), }\n".utf8)
    while (12 + d.count) % 64 != 0 { d.insert(0x20, at: d.count - 1) }
    let b = NPYHeader.magic + [2, 0, UInt8(d.count), 0, 0, 0] + d
    let h = try NPYHeader.parse(b)
    #expect(h.scalar == .float64 && h.bigEndian && h.shape == [7] && h.dataOffset == 128)
  }

  @Test(arguments: [
    (
      "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }",
      "has dtype '<i4', not a float16, float32 or float64 array"
    ),
    (
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}",
      "has a header value that is not a string, bool or tuple (byte 61)"
    ),
    (
      "{'descr': '<f4', 'fortran_order': False, }",
      "has header keys [\"descr\", \"fortran_order\"] (expected descr, fortran_order, shape)"
    ),
    (
      "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
      "has the header key 'descr' twice"
    ),
    (
      "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }",
      "has a header value that is not a string, bool or tuple (byte 34)"
    ),
    (
      "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }",
      "has a shape entry that is not a non-negative integer (byte 51)"
    ),
    (
      "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }",
      "has a shape entry with too many digits"
    ),
    (
      "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }",
      "has a shape (4294967296, 4294967296, 4294967296) too large to address"
    ),
    (
      "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }",
      "has a header value that is not a string, bool or tuple (byte 10)"
    ),
    (
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2,) } extra",
      "has text after the header dict"
    ),
  ])
  func hostileDictsAreRefused(_ dict: String, _ problem: String) {
    #expect(throws: NPYError(problem)) { try NPYHeader.parse(Self.v1(dict)) }
  }

  @Test func badMagicVersionAndLength() {
    var b = Self.v1("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }")
    #expect(throws: NPYError("is too short for a .npy header (5 bytes)")) {
      try NPYHeader.parse(Array(b.prefix(5)))
    }
    #expect(throws: NPYError("is cut off inside its header (40 of 128 bytes)")) {
      try NPYHeader.parse(Array(b.prefix(40)))
    }
    b[6] = 9
    #expect(throws: NPYError("has .npy format version 9.0 (1, 2 and 3 are read)")) {
      try NPYHeader.parse(b)
    }
    b[0] = 0x50
    #expect(throws: NPYError("is not a .npy array (bad magic bytes)")) { try NPYHeader.parse(b) }
    let huge = NPYHeader.magic + [2, 0, 0xFF, 0xFF, 0xFF, 0x7F]
    #expect(throws: NPYError("declares a 2147483647-byte header (at most 1048576 accepted)")) {
      try NPYHeader.parse(huge)
    }
  }

  /// Fortran order is scattered into C order as the bytes stream in, in chunks of any size.
  @Test(arguments: [1, 3, 4, 5, 1000])
  func fortranOrderStreamsIntoCOrder(_ chunk: Int) throws {
    let h = try NPYHeader.parse(
      Self.v1("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }"))
    // Fortran memory of a[i][j] = 10*i + j: a[0][0], a[1][0], a[0][1], a[1][1], a[0][2], a[1][2].
    let stored: [Float] = [0, 10, 1, 11, 2, 12]
    let bytes = stored.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    var d = NPYDecoder(header: h)
    var out = [Float](repeating: -1, count: 6)
    try out.withUnsafeMutableBufferPointer { o in
      for s in stride(from: 0, to: bytes.count, by: chunk) {
        try Array(bytes[s..<min(bytes.count, s + chunk)]).withUnsafeBytes {
          try d.feed($0, into: o.baseAddress!)
        }
      }
    }
    #expect(d.isComplete)
    #expect(out == [0, 1, 2, 10, 11, 12])
  }
}
