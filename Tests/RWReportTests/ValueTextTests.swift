import Testing

@testable import RWReport

/// The report layer's conversions of numbers from files and results, fed NaN, ±Inf, ±3e38 and
/// 1e20 (issue 8 item 3): text stays whole, label tables skip what is not a label value.
@Suite struct ValueTextTests {
  static let hostile: [Double] = [.nan, .infinity, -.infinity, 3e38, -3e38, 1e20]

  /// A path or class name holding a C1 control (CSI, U+009B) or a bidirectional control is
  /// written `\u009b` in `stats --json`, not raw into the terminal (it was raw before).
  @Test func jsonTextEscapesControls() {
    #expect(JSONValue.string("a\u{9B}2J\u{202E}b").text == "\"a\\u009b2J\\u202eb\"")
  }

  @Test(arguments: hostile) func numberTextNeverTraps(_ x: Double) {
    let expected: [String: String] = [
      "nan": "n/a", "inf": "n/a", "-inf": "n/a", "3e+38": "3.0000e38", "-3e+38": "-3.0000e38",
      "1e+20": "1.0000e20",
    ]
    #expect(NumberText.short(x) == expected["\(x)"])
  }

  /// Label values and colours from label files: a value that is not a label is skipped (the
  /// line names nothing usable), a colour is clamped to 0...255.
  @Test(arguments: hostile) func labelFileValuesAreChecked(_ x: Double) throws {
    #expect(LabelTable.label(x) == nil)
    let b = LabelTable.byte(x)
    #expect(b == (x.isFinite && x > 0 ? 255 : 0))  // a non-finite colour is black
    let lut = try LabelTable.parse("0 bg 0 0 0 0\n\(x) bad 1 2 3 0\n7 ok \(x) 0 0 0\n", source: "l")
    #expect(lut.order == [0, 7] && lut.entries[7]?.rgb?.r == b)
    let snap = try LabelTable.parse(
      "0 0 0 0 0 0 0 \"Clear\"\n\(x) 1 2 3 1 1 1 \"Bad\"\n3 \(x) 0 0 1 1 1 \"Ok\"\n", source: "s")
    #expect(snap.order == [0, 3] && snap.entries[3]?.rgb?.r == b)
    if x.isFinite {
      let json = try LabelTable.parse(#"{"labels": {"background": 0, "big": \#(x)}}"#, source: "d")
      #expect(json.order == [0])
    }
  }
}
