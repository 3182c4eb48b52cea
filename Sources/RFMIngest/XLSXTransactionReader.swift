import Foundation
import RFMCore
import XLSXReader

/// Reads the transactions of an XLSX workbook: every worksheet whose header has the required columns, in
/// workbook order (SPEC §2). Sheets without such a header are skipped and named in the input summary.
enum XLSXTransactionReader {
    static func read(
        path: String, name: String, overrides: [ColumnRole: String],
        collector: inout TransactionCollector, progress: ((Int) -> Void)?
    ) throws(InputError) -> InputSummary {
        let workbook: XLSXWorkbook
        do {
            workbook = try XLSXWorkbook(url: URL(fileURLWithPath: path))
        } catch {
            throw InputError.corrupt(file: name, reason: Self.reason(error, name))
        }
        guard !workbook.sheets.isEmpty else {
            throw .unsupportedFormat(file: name, reason: "the workbook has no worksheet")
        }
        var readSheets: [String] = []
        var firstHeader: [String] = []
        var firstDetected: [String: String] = [:]
        var firstProblem: InputError?
        var rows = 0
        var scratch = [UInt8]()
        var cells = [RawCell]()
        for sheet in workbook.sheets {
            var mapping: ColumnMapping?
            var width = 0
            var failure: InputError?
            let rowsBefore = collector.table.cleaning.rowsRead
            do {
                try workbook.readRows(of: sheet) { row in
                    if mapping == nil {
                        // The first non-empty row is the header.
                        let header = row.cells.map { cell -> String in
                            switch cell {
                            case .empty: return ""
                            case let .text(s): return s.trimmingSpaces
                            case let .number(v): return NumberFormatting.plain(v)
                            case let .bool(b): return b ? "TRUE" : "FALSE"
                            case let .error(e): return e
                            }
                        }
                        if header.allSatisfy(\.isEmpty) { return true }
                        var trimmed = header
                        while let last = trimmed.last, last.isEmpty { trimmed.removeLast() }
                        do {
                            let m = try ColumnMapping.resolve(header: trimmed, overrides: overrides, file: name, sheet: sheet.name)
                            mapping = m
                            width = trimmed.count
                            collector.begin(file: name, sheet: sheet.name, mapping: m, uses1904: workbook.uses1904DateSystem)
                            if readSheets.isEmpty {
                                firstHeader = trimmed
                                firstDetected = Dictionary(uniqueKeysWithValues: m.index.map { ($0.key.rawValue, trimmed[$0.value]) })
                            }
                            readSheets.append(sheet.name)
                            return true
                        } catch {
                            failure = error as? InputError
                            return false
                        }
                    }
                    // Text cells are copied into one buffer so the collector sees bytes, like CSV fields.
                    if row.cells.allSatisfy({ $0 == .empty }) { return true }
                    scratch.removeAll(keepingCapacity: true)
                    for cell in row.cells.prefix(width) {
                        if case let .text(s) = cell { scratch.append(contentsOf: s.utf8) }
                        if case let .error(s) = cell { scratch.append(contentsOf: s.utf8) }
                    }
                    try scratch.withUnsafeBytes { raw in
                        cells.removeAll(keepingCapacity: true)
                        var offset = 0
                        for k in 0..<width {
                            let cell = k < row.cells.count ? row.cells[k] : .empty
                            switch cell {
                            case .empty: cells.append(.empty)
                            case let .number(v): cells.append(.number(v))
                            case let .bool(b): cells.append(.bool(b))
                            case let .text(s), let .error(s):
                                let n = s.utf8.count
                                cells.append(n == 0 ? .empty : .text(UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + n)])))
                                offset += n
                            }
                        }
                        try cells.withUnsafeBufferPointer { try collector.add($0, line: row.number) }
                    }
                    return true
                }
            } catch let error as InputError {
                throw error
            } catch {
                throw InputError.corrupt(file: name, reason: Self.reason(error, name))
            }
            if let failure, firstProblem == nil { firstProblem = failure }
            rows += collector.table.cleaning.rowsRead - rowsBefore
            progress?(0)
        }
        guard !readSheets.isEmpty else {
            throw firstProblem ?? .empty(file: name, reason: "no worksheet has a header row")
        }
        if rows == 0 { throw .empty(file: name, reason: "the workbook has a header and no transactions") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return InputSummary(file: name, format: "xlsx", sheets: readSheets, rows: rows, columns: firstHeader,
                            columnsDetected: firstDetected, bytes: size)
    }

    /// The reader's message without repeating the file name.
    static func reason(_ error: Error, _ name: String) -> String {
        var text = String(describing: error)
        for prefix in [name + ": ", name + ", "] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        return text
    }
}
