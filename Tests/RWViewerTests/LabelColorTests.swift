import RWRender
import RWReport
import Testing

@testable import RWViewer

/// The viewer's colours of a label table: the file's, else the generated palette.
@Suite struct LabelColorTests {
  @Test func fileColoursThenGenerated() throws {
    let t = try LabelTable.parse("0 Unknown 0 0 0 0\n17 Hip 220 216 20 0\n3 Other\n", source: "lut")
    #expect(t.color(17) == RGB(220, 216, 20))
    #expect(t.color(3) == LabelPalette.generated(3))
    #expect(LabelTable().color(1) == LabelPalette.generated(1))
    #expect(LabelTable.generatedColor(0) == RGB(0, 0, 0))
  }
}
