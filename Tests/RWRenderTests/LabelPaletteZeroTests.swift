import Testing

@testable import RWRender

/// Label 0 (background) must get a colour without trapping, and it must differ from the
/// generated colours of the first real labels.
@Test func generatedColourForBackgroundLabel() {
  let zero = LabelPalette.generated(0)
  #expect(zero != LabelPalette.generated(1))
  #expect(zero != LabelPalette.generated(2))
  #expect(LabelPalette.generated(-3) == LabelPalette.generated(3))
}
