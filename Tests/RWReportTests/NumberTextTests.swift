import Testing

@testable import RWReport

/// Short number text of the reports.
@Suite struct NumberTextTests {
  @Test func shortNumbers() {
    #expect(NumberText.short(0) == "0")
    #expect(NumberText.short(1.5) == "1.5000")
    #expect(NumberText.short(-1234.56789) == "-1234.6")
    #expect(NumberText.short(4.5499e6) == "4.5499e6")
    #expect(NumberText.short(0.00001234) == "1.2340e-5")
    #expect(NumberText.short(.nan) == "n/a")
    #expect(NumberText.short(999999.7) == "1000000")
    // A mantissa that rounds up a decade moves the exponent (was "10.0000e6").
    #expect(NumberText.short(9.999996e6) == "1.0000e7")
    #expect(NumberText.short(-9.999996e-5) == "-1.0000e-4")
  }
}
