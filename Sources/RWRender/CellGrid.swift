/// Placeholder: the cell grid lives here.
public enum RWRenderModule {}
