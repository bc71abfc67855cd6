import Testing

@testable import RWSystem

@Suite struct EscapeTests {
  @Test func controlCharactersAreWrittenOut() {
    #expect(Escape.controls("plain name.nii.gz") == "plain name.nii.gz")
    #expect(Escape.controls("naïve 脳 ü.nii") == "naïve 脳 ü.nii")
    #expect(Escape.controls("a\nb") == "a\\nb")
    #expect(Escape.controls("\u{1B}]2;pwned\u{07}") == "\\e]2;pwned\\u{7}")
    #expect(Escape.controls("x\r\ty\u{7F}\u{9B}") == "x\\r\\ty\\u{7F}\\u{9B}")
    #expect(Escape.controls("left\u{202E}txt.exe") == "left\\u{202E}txt.exe")
    #expect(Escape.controls("\u{0}") == "\\u{0}")
  }

  @Test func errorLinesEscapeTheirPaths() {
    let e = SystemError(path: "bad\nname\u{1B}[31m.nii", problem: "is a directory, not a file")
    #expect(e.description == "bad\\nname\\e[31m.nii: is a directory, not a file")
  }
}
