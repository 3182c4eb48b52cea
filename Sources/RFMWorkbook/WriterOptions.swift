/// Limits and switches for `WorkbookWriter.write`; the defaults are Excel's.
public struct WriterOptions: Sendable {
    /// Rows per worksheet (Excel: 1,048,576); a table that does not fit continues on "NAME (2)", ...
    public var rowLimit: Int
    /// A table with more data rows than this switches the whole workbook to constant-memory mode.
    public var constantMemoryThreshold: Int
    /// Rows sampled per column when fitting widths to content.
    public var widthSampleRows: Int
    /// Folder for libxlsxwriter's own temporary files (nil: the system's, usually /tmp). In
    /// constant-memory mode the uncompressed sheet XML goes there: about 800 MB per million 18-column rows.
    public var temporaryDirectory: String?

    /// Options; tests inject a small `rowLimit`.
    public init(rowLimit: Int = 1_048_576, constantMemoryThreshold: Int = 100_000, widthSampleRows: Int = 20_000,
                temporaryDirectory: String? = nil) {
        self.rowLimit = rowLimit
        self.constantMemoryThreshold = constantMemoryThreshold
        self.widthSampleRows = widthSampleRows
        self.temporaryDirectory = temporaryDirectory
    }
}
