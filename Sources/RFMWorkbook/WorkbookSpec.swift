/// A whole workbook as values: sheets, the header colour and document properties.
public struct WorkbookSpec: Sendable {
    /// Document properties shown in File > Properties.
    public struct Properties: Sendable {
        public var title: String
        public var author: String
        public var comments: String
        /// Properties; empty strings are left out.
        public init(title: String = "", author: String = "", comments: String = "") {
            self.title = title
            self.author = author
            self.comments = comments
        }
    }

    public var sheets: [SheetSpec]
    /// Header fill as "#RRGGBB" (the report theme's colour).
    public var headerColour: String
    public var properties: Properties

    /// A workbook of `sheets`.
    public init(sheets: [SheetSpec], headerColour: String = "#1F4E79", properties: Properties = Properties()) {
        self.sheets = sheets
        self.headerColour = headerColour
        self.properties = properties
    }
}
