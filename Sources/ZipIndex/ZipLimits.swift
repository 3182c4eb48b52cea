/// Bounds on a ZIP central directory, which is indexed in memory (`XLSXLimits` carries the reader's values).
public struct ZipLimits: Sendable {
    /// Largest number of entries in the central directory.
    public var maxEntries: Int
    /// Largest size of the central directory in bytes.
    public var maxCentralDirectoryBytes: Int

    /// Limits; the defaults are `XLSXLimits`' (262,144 entries, 64 MiB).
    public init(maxEntries: Int = 1 << 18, maxCentralDirectoryBytes: Int = 64 << 20) {
        self.maxEntries = maxEntries
        self.maxCentralDirectoryBytes = maxCentralDirectoryBytes
    }

    /// The default limits.
    public static let `default` = ZipLimits()
}
