/// One worksheet: its name, its blocks, whether the first table's header stays frozen and how it prints.
public struct SheetSpec: Sendable {
    /// At most 31 characters, none of `[]:*?/\`; longer or invalid names are cleaned.
    public var name: String
    public var blocks: [SheetBlock]
    /// Freeze the rows down to the first table's header row.
    public var freezeHeader: Bool
    /// Printing: by default landscape, one page wide, the first table's header repeated on each page.
    public var pageSetup: PageSetup

    /// A sheet of `blocks`.
    public init(name: String, blocks: [SheetBlock], freezeHeader: Bool = false, pageSetup: PageSetup = PageSetup()) {
        self.name = name
        self.blocks = blocks
        self.freezeHeader = freezeHeader
        self.pageSetup = pageSetup
    }
}
