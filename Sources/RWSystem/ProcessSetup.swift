/// What the `rwview` program does for itself before parsing its arguments.
public enum ProcessSetup {
  /// Call first in `main`:
  /// 1. crashes are made non-interactive (`makeCrashesNonInteractive`, may re-exec once);
  /// 2. closed standard descriptors 0–2 are held by /dev/null opened the wrong way round, so
  ///    output to a closed stdout fails with EBADF (an error line and exit 1) instead of landing
  ///    in the next file opened;
  /// 3. SIGXFSZ is ignored, so a write past a file-size limit fails with EFBIG and the writer
  ///    removes its temporary file and reports it, instead of the process being killed;
  /// 4. the signal handlers are installed (`Signals`).
  public static func start(arguments: [String] = CommandLine.arguments) {
    makeCrashesNonInteractive(arguments: arguments)
    Libc.holdClosedStandardDescriptors()
    Libc.ignore(Libc.sigxfsz)
    Signals.install()
  }

  /// The Swift runtime's crash reporter asks on the terminal what to do ("Press space to
  /// interact...") when stdin and stdout are terminals, so a crash over ssh waits there. It
  /// reads `SWIFT_BACKTRACE` once, when the process starts, so rwview sets
  /// `interactive=no` (keeping any other settings of the user) and executes itself again,
  /// once, before anything else runs. Not done when the user chose `interactive=` already or
  /// when stdin or stdout is not a terminal (the reporter is not interactive then).
  static func makeCrashesNonInteractive(arguments: [String]) {
    guard Libc.isTerminal(0), Libc.isTerminal(1) else { return }
    let current = Libc.environment("SWIFT_BACKTRACE") ?? ""
    guard !current.contains("interactive=") else { return }
    Libc.setEnvironment(
      "SWIFT_BACKTRACE", current.isEmpty ? "interactive=no" : current + ",interactive=no")
    Libc.exec("/proc/self/exe", arguments)
    // exec failed (no /proc): carry on; the setting only affects child processes.
  }
}
