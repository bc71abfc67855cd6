import RWLoss
import Testing

@testable import RWReport

@Suite struct LabelTableTests {
  @Test func itkSnapLabelDescription() throws {
    let text = """
      ################################################
      # ITK-SnAP Label Description File
      ################################################
          0     0    0    0        0  0  0    "Clear Label"
          1   255    0    0        1  1  1    "Liver"
          2     0  255    0        1  1  1    "Left kidney"
      """
    let t = try LabelTable.parse(text, source: "labels.txt")
    #expect(t.name(1) == "Liver" && t.name(2) == "Left kidney" && t.name(0) == "Clear Label")
    #expect(t.entries[1]?.rgb == .init(255, 0, 0) && t.entries[2]?.rgb == .init(0, 255, 0))
    #expect(t.name(7) == "label 7")
    #expect(t.order == [0, 1, 2] && !t.definesClasses)
  }

  @Test func freeSurferLUT() throws {
    let text = """
      #No. Label Name:                            R   G   B   A
      0   Unknown                                 0   0   0   0
      17  Left-Hippocampus                        220 216 20  0
      2   Left-Cerebral-White-Matter              245 245 245 0
      """
    let t = try LabelTable.parse(text, source: "FreeSurferColorLUT.txt")
    #expect(t.name(17) == "Left-Hippocampus" && t.entries[17]?.rgb == .init(220, 216, 20))
    #expect(t.name(2) == "Left-Cerebral-White-Matter")
    // The file's order, not the values' order.
    #expect(t.order == [0, 17, 2])
  }

  /// FSL and mricron: "index name" lines (names may have spaces); no colours.
  @Test func indexNameText() throws {
    let text = "0 Clear\n1\tLeft Thalamus Proper\n# a comment\n41 Right-Cerebral-White-Matter\n"
    let t = try LabelTable.parse(text, source: "atlas.txt")
    #expect(t.order == [0, 1, 41])
    #expect(t.name(1) == "Left Thalamus Proper" && t.entries[1]?.rgb == nil)
  }

  /// CSV with a header naming the index and name columns (any order), or plain index,name rows.
  @Test func csvTables() throws {
    let header = "name,Index,volume\nLiver,1,200\n\"Left kidney\",2,50\nBackground,0,0\n"
    let t = try LabelTable.parse(header, source: "labels.csv")
    #expect(t.order == [1, 2, 0] && t.name(2) == "Left kidney" && t.name(0) == "Background")
    let plain = try LabelTable.parse("0,bg\n5,lesion\n", source: "l.csv")
    #expect(plain.order == [0, 5] && plain.name(5) == "lesion")
    #expect(throws: RWLossError("bad.csv", "the CSV header has no index and name columns: a,b")) {
      try LabelTable.parse("a,b\n1,2\n", source: "bad.csv")
    }
  }

  @Test func nnUNetDatasetJSONv2AndV1() throws {
    let v2 =
      #"{"channel_names": {"0": "CT"}, "labels": {"background": 0, "liver": 1, "tumour": 2}, "numTraining": 3}"#
    let t2 = try LabelTable.parse(v2, source: "dataset.json")
    #expect(t2.name(1) == "liver" && t2.name(2) == "tumour" && t2.name(0) == "background")
    #expect(t2.definesClasses && t2.order == [0, 1, 2])
    let v1 = #"{"labels": {"0": "background", "1": "spleen"}}"#
    #expect(try LabelTable.parse(v1, source: "dataset.json").name(1) == "spleen")
  }

  @Test func garbageIsOneClearError() {
    #expect(
      throws: RWLossError(
        "junk.txt",
        "no labels found (expected ITK-SNAP, FreeSurfer LUT, index-name text, CSV or dataset.json)")
    ) {
      try LabelTable.parse("hello world\n", source: "junk.txt")
    }
    #expect(throws: RWLossError("d.json", "no \"labels\" object in the JSON file")) {
      try LabelTable.parse("{\"name\": 1}", source: "d.json")
    }
  }

  /// Classes from a table: its present values in table order; dataset.json: all its labels.
  @Test func classesFromATable() throws {
    let lut = try LabelTable.parse(
      "0 Unknown 0 0 0 0\n41 WM 1 2 3 0\n2 WM-left 4 5 6 0\n17 Hip 7 8 9 0\n", source: "lut")
    #expect(try lut.mapping(present: [0, 2, 41]).values == [0, 41, 2])
    #expect(throws: RWLossError("lut", "label value 5 is not in the label table (4 labels)")) {
      try lut.mapping(present: [0, 5])
    }
    let ds = try LabelTable.parse(
      #"{"labels": {"background": 0, "liver": 1, "tumour": 2}}"#, source: "dataset.json")
    #expect(try ds.mapping(present: [0, 1]).values == [0, 1, 2])
  }

  @Test func generatedNames() {
    let t = LabelTable()
    #expect(t.name(0) == "background" && t.name(3) == "label 3")
  }
}
