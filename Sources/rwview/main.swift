import RWCommands
import RWSystem

// Before anything else: non-interactive crash reports, held standard descriptors, signal
// handlers (terminal restore, temporary files).
ProcessSetup.start()
RWView.main()
