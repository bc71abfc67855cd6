/// Placeholder: viewer state, update and view live here.
public enum RWViewerModule {}
