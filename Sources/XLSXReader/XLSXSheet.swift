/// A worksheet of a workbook: its display name and the ZIP part that holds its XML.
public struct XLSXSheet: Sendable, Equatable {
    /// The sheet name shown on its tab.
    public let name: String
    /// The ZIP entry name of the worksheet part, for example `xl/worksheets/sheet1.xml`.
    public let partPath: String

    /// Creates a sheet reference.
    public init(name: String, partPath: String) {
        self.name = name
        self.partPath = partPath
    }
}
