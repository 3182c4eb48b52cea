import Foundation

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
    /// A table part with more than this many data rows has its rows written by rfm (`RowSplicer`), not
    /// by libxlsxwriter, when nothing else needs them (no highlighted rows, no chart on the table).
    /// `Int.max` writes every row with libxlsxwriter; 0 splices every table of 3 rows or more (tests).
    public var spliceThreshold: Int
    /// zlib level for the spliced sheets (libxlsxwriter always uses 6 for its own parts).
    public var compressionLevel: Int32
    /// Threads that encode and compress spliced rows.
    public var threads: Int

    /// Default `spliceThreshold`: 100,000 data rows. Below it (every workbook of a normal report: Online Retail
    /// has 4,338 customers) the package is libxlsxwriter's own output, with nothing rewritten; above it, where
    /// libxlsxwriter's single-threaded deflate and number formatting bound the whole run (a million customers:
    /// 32 s → 5-6 s, BENCHMARKS.md), the splice pays for its second copy of the package. The same size switches
    /// libxlsxwriter to constant-memory mode (`constantMemoryThreshold`).
    public static let defaultSpliceThreshold = 100_000

    /// Options; tests inject a small `rowLimit`.
    public init(
        rowLimit: Int = 1_048_576, constantMemoryThreshold: Int = 100_000, widthSampleRows: Int = 20_000,
        temporaryDirectory: String? = nil, spliceThreshold: Int = WriterOptions.defaultSpliceThreshold,
        compressionLevel: Int32 = 2,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.rowLimit = rowLimit
        self.constantMemoryThreshold = constantMemoryThreshold
        self.widthSampleRows = widthSampleRows
        self.temporaryDirectory = temporaryDirectory
        self.spliceThreshold = spliceThreshold
        self.compressionLevel = compressionLevel
        self.threads = max(1, threads)
    }
}
