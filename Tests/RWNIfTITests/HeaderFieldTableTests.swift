import Testing

@testable import RWNIfTI

/// The one table of header fields (`NIfTIHeader.slot`): the encoder writes and the parser
/// reads every field of every version at the same place.
@Suite struct HeaderFieldTableTests {
  /// A header of `version` whose every field holds its own value (exact in float32).
  static func distinct(version: Int, big: Bool) -> NIfTIHeader {
    var h = NIfTIHeader.blank(shape: [2, 3, 4], datatype: .float32, version: max(1, version))
    h.version = version
    h.bigEndian = big
    for (n, f) in NIfTIHeader.Field.allCases.enumerated() {
      guard let s = NIfTIHeader.slot(f, version: version) else { continue }
      let base = n * 10 + 1
      switch s.stored {
      case .u8, .i16, .i32, .i64: h.set(f, .ints((0..<s.count).map { base + $0 }))
      case .f32, .f64: h.set(f, .reals((0..<s.count).map { Double(base + $0) + 0.25 }))
      case .chars(let c): h.set(f, .text(String("field\(n)-".prefix(c))))
      case .bytes:
        let magic: [UInt8] =
          version == 2
          ? [0x6E, 0x2B, 0x32, 0, 0x0D, 0x0A, 0x1A, 0x0A]
          : version == 1 ? [0x6E, 0x2B, 0x31, 0] : [0, 0, 0, 0]
        h.set(f, .raw(magic))
      }
    }
    return h
  }

  @Test(arguments: [0, 1, 2], [false, true])
  func everyFieldRoundTrips(version: Int, big: Bool) throws {
    let h = Self.distinct(version: version, big: big)
    let back = try NIfTIHeader.parse(bytes: h.encoded())
    #expect(back.version == version && back.bigEndian == big)
    for f in NIfTIHeader.Field.allCases where NIfTIHeader.slot(f, version: version) != nil {
      #expect(back.value(f) == h.value(f), "\(f) of version \(version)")
    }
  }

  /// Places from the layout documented on `NIfTIHeader` (and the NIfTI standards).
  @Test func offsetsAreTheStandardOnes() {
    let one = Self.distinct(version: 1, big: false).encoded()
    let two = Self.distinct(version: 2, big: false).encoded()
    func i16(_ b: [UInt8], _ o: Int) -> Int { Int(Int16(b[o]) | Int16(b[o + 1]) << 8) }
    let h1 = Self.distinct(version: 1, big: false)
    let h2 = Self.distinct(version: 2, big: false)
    #expect(i16(one, 70) == h1.datatypeCode)
    #expect(i16(one, 42) == h1.dim[1])
    #expect(i16(one, 252) == h1.qformCode)
    #expect(Array(one[344..<348]) == [0x6E, 0x2B, 0x31, 0])
    #expect(i16(two, 12) == h2.datatypeCode)
    #expect(Int(two[16 + 8]) == h2.dim[1])
    #expect(Int(two[524]) == h2.dimInfo)
    #expect(Array(two[4..<12]) == [0x6E, 0x2B, 0x32, 0, 0x0D, 0x0A, 0x1A, 0x0A])
  }
}
