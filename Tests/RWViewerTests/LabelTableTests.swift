import RWRender
import Testing

@testable import RWViewer

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
    #expect(t.color(1) == RGB(255, 0, 0) && t.color(2) == RGB(0, 255, 0))
    #expect(t.name(7) == "label 7")
  }

  @Test func freeSurferLUT() throws {
    let text = """
      #No. Label Name:                            R   G   B   A
      0   Unknown                                 0   0   0   0
      2   Left-Cerebral-White-Matter              245 245 245 0
      17  Left-Hippocampus                        220 216 20  0
      """
    let t = try LabelTable.parse(text, source: "FreeSurferColorLUT.txt")
    #expect(t.name(17) == "Left-Hippocampus" && t.color(17) == RGB(220, 216, 20))
    #expect(t.name(2) == "Left-Cerebral-White-Matter")
  }

  @Test func nnUNetDatasetJSONv2AndV1() throws {
    let v2 = #"{"channel_names": {"0": "CT"}, "labels": {"background": 0, "liver": 1, "tumour": 2}, "numTraining": 3}"#
    let t2 = try LabelTable.parse(v2, source: "dataset.json")
    #expect(t2.name(1) == "liver" && t2.name(2) == "tumour" && t2.name(0) == "background")
    let v1 = #"{"labels": {"0": "background", "1": "spleen"}}"#
    #expect(try LabelTable.parse(v1, source: "dataset.json").name(1) == "spleen")
  }

  @Test func garbageIsOneClearError() {
    #expect(throws: ViewerError("junk.txt: no labels found (expected ITK-SNAP, FreeSurfer LUT or dataset.json)")) {
      try LabelTable.parse("hello world\n", source: "junk.txt")
    }
    #expect(throws: ViewerError("d.json: no \"labels\" object in the JSON file")) {
      try LabelTable.parse("{\"name\": 1}", source: "d.json")
    }
  }

  @Test func generatedNamesAndColours() {
    let t = LabelTable()
    #expect(t.name(0) == "background" && t.name(3) == "label 3")
    #expect(t.color(1) == LabelPalette.generated(1))
  }
}
