import Foundation
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

  /// One JSON string writer (RWNIfTI's `info --json` and RWReport's documents used two; the
  /// report's let C1 and bidirectional controls through to the terminal).
  @Test func jsonStringsEscapeEveryControl() throws {
    let s = "a\"b\\c\nd\u{1B}[31m\u{9B}2J\u{202E}x\u{7F}é"
    let text = Escape.json(s)
    #expect(text == "\"a\\\"b\\\\c\\nd\\u001b[31m\\u009b2J\\u202ex\\u007fé\"")
    #expect(!text.unicodeScalars.contains(where: Escape.isControl))
    // A JSON reader gets the string back.
    let back = try JSONDecoder().decode([String].self, from: Data(("[" + text + "]").utf8))
    #expect(back == [s])
  }

  @Test func errorLinesEscapeTheirPaths() {
    let e = SystemError(path: "bad\nname\u{1B}[31m.nii", problem: "is a directory, not a file")
    #expect(e.description == "bad\\nname\\e[31m.nii: is a directory, not a file")
  }
}
