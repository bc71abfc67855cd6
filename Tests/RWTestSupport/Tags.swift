import Testing

extension Tag {
  /// Tests that run the real `rwview` binary under an outside tool (tmux); they are enabled
  /// only when the tool is installed, with the reason shown.
  @Tag public static var e2e: Self
}
