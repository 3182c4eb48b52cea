import ZipIndex

/// Resource limits that protect the reader from zip bombs and absurd inputs.
///
/// Every limit is checked while the bytes stream (never only after a construct is complete), so a hostile
/// part fails after reading at most about the limit, in time linear in the bytes read.
public struct XLSXLimits: Sendable {
    // MARK: Default values

    /// Default for `maxPartUncompressedBytes`: 4 GiB.
    public static let defaultMaxPartUncompressedBytes: UInt64 = 4 << 30
    /// Default for `maxTotalUncompressedBytes`: 8 GiB, twice the part limit. Overlapping entries are refused, so
    /// distinct parts have distinct compressed bytes; this bounds what a small file of many large parts costs.
    public static let defaultMaxTotalUncompressedBytes: UInt64 = 8 << 30
    /// Default for `maxSharedStringsBytes`: 512 MiB. The part is held raw while its strings are decoded and then
    /// packed, about three times its size at the peak, so this keeps a hostile part under 2 GiB of memory; a real
    /// workbook's shared strings are a few MB (UCI Online Retail: 0.3 MB).
    public static let defaultMaxSharedStringsBytes: UInt64 = 512 << 20
    /// Default for `maxSmallPartBytes`: 64 MiB (a real `workbook.xml` or `.rels` part is a few KiB).
    public static let defaultMaxSmallPartBytes: UInt64 = 64 << 20
    /// Default for `maxTagBytes`: 1 MiB (a real row or cell tag is under 100 bytes, a relationship under 1 KiB).
    public static let defaultMaxTagBytes = 1 << 20
    /// Default for `maxMarkupBytes`: 4 MiB.
    public static let defaultMaxMarkupBytes = 4 << 20
    /// Default for `maxCellBytes`: 1 MiB (Excel allows 32,767 characters in a cell).
    public static let defaultMaxCellBytes = 1 << 20
    /// Default for `maxRowBytes`: 64 MiB.
    public static let defaultMaxRowBytes = 64 << 20
    /// Default for `maxZipEntries`: 262,144 (a real package has tens of parts; ZIP without ZIP64 allows 65,535).
    public static let defaultMaxZipEntries = 1 << 18
    /// Default for `maxCentralDirectoryBytes`: 64 MiB (about 46 bytes plus the name per entry).
    public static let defaultMaxCentralDirectoryBytes = 64 << 20

    // MARK: Limits

    /// Largest uncompressed size of any part, declared or actually inflated (default 4 GiB).
    public var maxPartUncompressedBytes: UInt64
    /// Largest sum of the declared uncompressed sizes of the distinct parts one workbook reads (default 8 GiB).
    public var maxTotalUncompressedBytes: UInt64
    /// Largest uncompressed size of the shared-strings part, which is held in memory (default 1 GiB).
    public var maxSharedStringsBytes: UInt64
    /// Largest uncompressed size of the relationship and workbook parts, which are held in memory (default 64 MiB).
    public var maxSmallPartBytes: UInt64
    /// Largest number of shared strings (default 20 million).
    public var maxSharedStrings: Int
    /// Largest raw XML size of one cell value or string item (default 1 MiB; Excel allows 32,767 characters).
    public var maxCellBytes: Int
    /// Largest raw XML size of one `<row>` element (default 64 MiB).
    public var maxRowBytes: Int
    /// Largest size of one start, end or empty-element tag, from `<` to `>` with its attributes (default 1 MiB).
    public var maxTagBytes: Int
    /// Largest size of one comment, processing instruction, CDATA section or `<!...>` declaration such as a
    /// DOCTYPE, from `<` to `>` (default 4 MiB).
    public var maxMarkupBytes: Int
    /// Largest number of entries in the ZIP central directory (default 262,144).
    public var maxZipEntries: Int
    /// Largest size of the ZIP central directory, which is indexed in memory (default 64 MiB).
    public var maxCentralDirectoryBytes: Int

    /// Creates limits; every argument defaults to the value of `XLSXLimits.default`.
    public init(
        maxPartUncompressedBytes: UInt64 = defaultMaxPartUncompressedBytes,
        maxSharedStringsBytes: UInt64 = defaultMaxSharedStringsBytes,
        maxSharedStrings: Int = 20_000_000,
        maxCellBytes: Int = defaultMaxCellBytes,
        maxRowBytes: Int = defaultMaxRowBytes,
        maxTotalUncompressedBytes: UInt64 = defaultMaxTotalUncompressedBytes,
        maxSmallPartBytes: UInt64 = defaultMaxSmallPartBytes,
        maxTagBytes: Int = defaultMaxTagBytes,
        maxMarkupBytes: Int = defaultMaxMarkupBytes,
        maxZipEntries: Int = defaultMaxZipEntries,
        maxCentralDirectoryBytes: Int = defaultMaxCentralDirectoryBytes
    ) {
        self.maxPartUncompressedBytes = maxPartUncompressedBytes
        self.maxSharedStringsBytes = maxSharedStringsBytes
        self.maxSharedStrings = maxSharedStrings
        self.maxCellBytes = maxCellBytes
        self.maxRowBytes = maxRowBytes
        self.maxTotalUncompressedBytes = maxTotalUncompressedBytes
        self.maxSmallPartBytes = maxSmallPartBytes
        self.maxTagBytes = maxTagBytes
        self.maxMarkupBytes = maxMarkupBytes
        self.maxZipEntries = maxZipEntries
        self.maxCentralDirectoryBytes = maxCentralDirectoryBytes
    }

    /// The limits of the ZIP central directory (`maxZipEntries`, `maxCentralDirectoryBytes`).
    var zip: ZipLimits { ZipLimits(maxEntries: maxZipEntries, maxCentralDirectoryBytes: maxCentralDirectoryBytes) }

    /// The default limits.
    public static let `default` = XLSXLimits()
}
