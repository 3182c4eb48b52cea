/// One worksheet: its name, its blocks and whether the first table's header stays frozen.
public struct SheetSpec: Sendable {
    /// At most 31 characters, none of `[]:*?/\`; longer or invalid names are cleaned.
    public var name: String
    public var blocks: [SheetBlock]
    /// Freeze the rows down to the first table's header row.
    public var freezeHeader: Bool

    /// A sheet of `blocks`.
    public init(name: String, blocks: [SheetBlock], freezeHeader: Bool = false) {
        self.name = name
        self.blocks = blocks
        self.freezeHeader = freezeHeader
    }
}
