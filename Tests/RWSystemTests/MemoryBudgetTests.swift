import Testing

@testable import RWSystem

@Suite struct MemoryBudgetTests {
  @Test func parsesSizesAsUsersWriteThem() {
    #expect(MemoryBudget.parseSize("512M") == 512 << 20)
    #expect(MemoryBudget.parseSize("8G") == 8 << 30)
    #expect(MemoryBudget.parseSize("8g") == 8 << 30)
    #expect(MemoryBudget.parseSize("1.5GiB") == 3 << 29)
    #expect(MemoryBudget.parseSize("24GB") == 24 << 30)
    #expect(MemoryBudget.parseSize("2T") == 2 << 40)
    #expect(MemoryBudget.parseSize("4096") == 4096)
    #expect(MemoryBudget.parseSize(" 64 K ") == 64 << 10)
    for bad in ["", "G", "-1G", "0", "abc", "1e30", "nan", "inf", "12X"] {
      #expect(MemoryBudget.parseSize(bad) == nil, "\(bad)")
    }
  }

  @Test func formatsSizesReadably() {
    #expect(MemoryBudget.format(100) == "100 bytes")
    #expect(MemoryBudget.format(12 << 10) == "12 KB")
    #expect(MemoryBudget.format(640 << 20) == "640 MB")
    #expect(MemoryBudget.format(3 << 29) == "1.5 GB")
    #expect(MemoryBudget.format(Int.max) == "more than 8 EB")
  }

  @Test func byteEstimatesSaturateInsteadOfTrapping() {
    #expect(MemoryBudget.bytes(512, 512, 512, 4) == 512 * 512 * 512 * 4)
    #expect(MemoryBudget.bytes(1 << 40, 1 << 40) == Int.max)
    #expect(MemoryBudget.bytes(Int.max, 2) == Int.max)
    #expect(MemoryBudget.bytes(0, Int.max, 8) == 0)
    #expect(MemoryBudget.bytes(-3, 4) == 0)
  }

  @Test func machineAvailableMemoryIsReadOnLinux() throws {
    let free = try #require(MemoryBudget.machineAvailable())
    #expect(free > 1 << 20)
    #expect(free < 1 << 50)
  }

  @Test func refusesAboveTheLimitWithOneLineNamingSizeAndOption() throws {
    try MemoryBudget.withLimit(1 << 40) {
      try MemoryBudget.check(1 << 30, for: "reading a.nii")
    }
    MemoryBudget.withLimit(64 << 20) {
      do {
        try MemoryBudget.check(3 << 30, for: "the 24-class map set", hint: "(or use --classes)")
        Issue.record("expected a refusal")
      } catch let error as MemoryError {
        let line = error.description
        #expect(error.needed == 3 << 30)
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix("the 24-class map set needs 3 GB, more than the "))
        #expect(line.contains("left under --max-memory 64 MB; raise it with --max-memory "))
        #expect(line.hasSuffix(" (or use --classes)"))
      } catch {
        Issue.record("\(error)")
      }
    }
  }

  @Test func theMachineLimitNamesTheOption() throws {
    do {
      try MemoryBudget.check(1 << 49, for: "reading big.nii")
      Issue.record("expected a refusal")
    } catch {
      #expect(error.source == .machine)
      #expect(error.description.hasPrefix("reading big.nii needs 512 TB but only "))
      #expect(
        error.description.contains(
          "of memory is available; to try anyway, raise the limit with --max-memory "))
    }
    do {
      try MemoryBudget.check(Int.max, for: "reading huge.nii")
      Issue.record("expected a refusal")
    } catch {
      #expect(
        error.description == "reading huge.nii needs more than 8 EB, more than any machine has")
    }
  }

  @Test func theProcessLimitCountsMemoryAlreadyHeld() throws {
    // A limit below what the test process already holds leaves nothing to allocate.
    MemoryBudget.withLimit(1 << 20) {
      #expect(throws: MemoryError.self) { try MemoryBudget.check(1 << 16, for: "x") }
      #expect(MemoryBudget.available()?.bytes == 0)
    }
  }
}
