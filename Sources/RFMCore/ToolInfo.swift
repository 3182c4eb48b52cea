/// The tool's name and version, written into every result.
public enum ToolInfo {
    public static let name = "rfm"
    public static let version = "0.1.0"
}
