import Foundation
import RFMCore

/// Loads one or more transaction files (CSV, gzip CSV, XLSX; the format is found from the file's first bytes)
/// into one cleaned `TransactionTable`, in the order given.
public struct TransactionLoader {
    public var overrides: [ColumnRole: String]
    public var strict: Bool
    /// Called with (file, bytes consumed, total bytes) as reading goes on.
    public var progress: ((String, Int, Int) -> Void)?

    public init(
        overrides: [ColumnRole: String] = [:], strict: Bool = false, progress: ((String, Int, Int) -> Void)? = nil
    ) {
        self.overrides = overrides
        self.strict = strict
        self.progress = progress
    }

    /// The formats the loader recognises.
    public enum Format: String, Sendable {
        case csv
        case gzipCSV = "csv.gz"
        case xlsx
    }

    /// Finds the format from the magic bytes: `PK\3\4` is a zip (XLSX), `1F 8B` gzip, anything else CSV text.
    /// (For a stream this consumes its first bytes: `load` opens each input once and detects the format itself.)
    public static func detectFormat(path: String, name: String) throws(InputError) -> Format {
        try InputFile(path: path, name: name).detectFormat()
    }

    /// Reads every file and returns the cleaned transactions with their cleaning counts. Each input is opened once:
    /// a pipe, `/dev/stdin` or a process substitution (`rfm report <(zcat log.csv.gz)`) is read as a stream, its
    /// format found from the first bytes of the same stream; an XLSX workbook from a stream is copied to a
    /// temporary file first (a zip needs random access; at most `InputFile.maxSpooledWorkbookBytes`).
    public func load(paths: [String]) throws(InputError) -> TransactionTable {
        var collector = try read(paths: paths)
        return collector.finish()
    }

    /// Reads every file through the row rules (each row is kept or counted out as it streams by) and returns the
    /// collected rows, not yet finished: `TransactionCollector.finish()` applies the whole-table rule (duplicates).
    public func read(paths: [String]) throws(InputError) -> TransactionCollector {
        var collector = TransactionCollector(strict: strict)
        for path in paths {
            let name = path
            let input = try InputFile(path: path, name: name)
            let format = try input.detectFormat()
            let total = input.size
            let report: ((Int) -> Void)? = progress.map { p in { consumed in p(name, consumed, total) } }
            let summary: InputSummary
            switch format {
            case .csv:
                let source = FileByteSource(input: input)
                summary = try CSVTransactionReader.read(
                    source: source, name: name, format: "csv", overrides: overrides, collector: &collector,
                    progress: report)
            case .gzipCSV:
                // Inflating runs on its own thread, ahead of the parser.
                let source = PrefetchingByteSource(
                    try GzipByteSource(FileByteSource(input: input)), name: name,
                    chunkSize: CSVTransactionReader.chunkSize)
                summary = try CSVTransactionReader.read(
                    source: source, name: name, format: "csv.gz", overrides: overrides, collector: &collector,
                    progress: report)
            case .xlsx:
                if input.isRegular {
                    input.closeFile()
                    summary = try XLSXTransactionReader.read(
                        path: path, name: name, overrides: overrides, collector: &collector, progress: report)
                } else {
                    let spooled = try input.spool()
                    input.closeFile()
                    defer { InputFile.removeSpool(spooled) }
                    summary = try XLSXTransactionReader.read(
                        path: spooled, name: name, overrides: overrides, collector: &collector, progress: report)
                }
            }
            collector.finishInput(summary)
        }
        return collector
    }
}
