import Foundation
import RFMCore

/// Loads one or more transaction files (CSV, gzip CSV, XLSX; the format is found from the file's first bytes)
/// into one cleaned `TransactionTable`, in the order given.
public struct TransactionLoader {
    public var overrides: [ColumnRole: String]
    public var strict: Bool
    /// Called with (file, bytes consumed, total bytes) as reading goes on.
    public var progress: ((String, Int, Int) -> Void)?

    public init(overrides: [ColumnRole: String] = [:], strict: Bool = false, progress: ((String, Int, Int) -> Void)? = nil) {
        self.overrides = overrides
        self.strict = strict
        self.progress = progress
    }

    /// The formats the loader recognises.
    public enum Format: String, Sendable {
        case csv, gzipCSV = "csv.gz", xlsx
    }

    /// Finds the format from the magic bytes: `PK\3\4` is a zip (XLSX), `1F 8B` gzip, anything else CSV text.
    public static func detectFormat(path: String, name: String) throws(InputError) -> Format {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: name, reason: "no such file")
        }
        if isDirectory.boolValue { throw .unreadable(file: name, reason: "this is a folder; expected a CSV or XLSX file") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(file: name, reason: "permission denied") }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 8)) ?? Data())
        if head.count >= 4, head[0] == 0x50, head[1] == 0x4B, head[2] == 0x03 || head[2] == 0x05 {
            return .xlsx
        }
        if head.count >= 2, head[0] == 0x1F, head[1] == 0x8B { return .gzipCSV }
        if head.count >= 4, head[0] == 0xD0, head[1] == 0xCF, head[2] == 0x11, head[3] == 0xE0 {
            throw .unsupportedFormat(file: name, reason: "this is an old binary Excel (.xls) workbook; save it as .xlsx or CSV")
        }
        return .csv
    }

    /// Reads every file and returns the cleaned transactions with their cleaning counts.
    public func load(paths: [String]) throws(InputError) -> TransactionTable {
        var collector = TransactionCollector(strict: strict)
        for path in paths {
            let name = path
            let format = try Self.detectFormat(path: path, name: name)
            let total = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let report: ((Int) -> Void)? = progress.map { p in { consumed in p(name, consumed, total) } }
            let summary: InputSummary
            switch format {
            case .csv:
                let source = try FileByteSource(path: path, name: name)
                summary = try CSVTransactionReader.read(
                    source: source, name: name, format: "csv", overrides: overrides, collector: &collector, progress: report)
            case .gzipCSV:
                // Inflating runs on its own thread, ahead of the parser.
                let source = PrefetchingByteSource(try GzipByteSource(path: path, name: name), name: name,
                                                   chunkSize: CSVTransactionReader.chunkSize)
                summary = try CSVTransactionReader.read(
                    source: source, name: name, format: "csv.gz", overrides: overrides, collector: &collector, progress: report)
            case .xlsx:
                summary = try XLSXTransactionReader.read(
                    path: path, name: name, overrides: overrides, collector: &collector, progress: report)
            }
            collector.finishInput(summary)
        }
        return collector.finish()
    }
}
