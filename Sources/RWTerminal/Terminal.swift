import CNCursesw

/// Placeholder: the ncurses backend lives here.
public enum RWTerminalModule {}
