/// Resource limits that protect the reader from zip bombs and absurd inputs.
public struct XLSXLimits: Sendable {
    /// Largest uncompressed size of any part, declared or actually inflated (default 4 GiB).
    public var maxPartUncompressedBytes: UInt64
    /// Largest uncompressed size of the shared-strings part, which is held in memory (default 1 GiB).
    public var maxSharedStringsBytes: UInt64
    /// Largest number of shared strings (default 20 million).
    public var maxSharedStrings: Int
    /// Largest raw XML size of one cell value or string item (default 1 MiB; Excel allows 32,767 characters).
    public var maxCellBytes: Int
    /// Largest raw XML size of one `<row>` element (default 64 MiB).
    public var maxRowBytes: Int

    /// Creates limits; every argument defaults to the value of `XLSXLimits.default`.
    public init(maxPartUncompressedBytes: UInt64 = 4 << 30,
                maxSharedStringsBytes: UInt64 = 1 << 30,
                maxSharedStrings: Int = 20_000_000,
                maxCellBytes: Int = 1 << 20,
                maxRowBytes: Int = 64 << 20) {
        self.maxPartUncompressedBytes = maxPartUncompressedBytes
        self.maxSharedStringsBytes = maxSharedStringsBytes
        self.maxSharedStrings = maxSharedStrings
        self.maxCellBytes = maxCellBytes
        self.maxRowBytes = maxRowBytes
    }

    /// The default limits.
    public static let `default` = XLSXLimits()
}
