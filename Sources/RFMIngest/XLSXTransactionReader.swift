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
        let shared: XLSXSharedStrings
        do {
            workbook = try XLSXWorkbook(url: URL(fileURLWithPath: path))
            shared = try workbook.sharedStrings()
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
        var cells = [RawCell]()
        for sheet in workbook.sheets {
            var mapping: ColumnMapping?
            var width = 0
            var failure: InputError?
            let rowsBefore = collector.table.cleaning.rowsRead
            do {
                try workbook.readRowBatches(of: sheet) { batch in
                    var r = 0
                    // The first non-empty row is the header.
                    while mapping == nil && r < batch.rowCount {
                        let header = Self.header(batch, row: r, shared: shared)
                        r += 1
                        if header.allSatisfy(\.isEmpty) { continue }
                        var trimmed = header
                        while let last = trimmed.last, last.isEmpty { trimmed.removeLast() }
                        do {
                            let m = try ColumnMapping.resolve(
                                header: trimmed, overrides: overrides, file: name, sheet: sheet.name)
                            mapping = m
                            width = trimmed.count
                            collector.begin(
                                file: name, sheet: sheet.name, mapping: m, uses1904: workbook.uses1904DateSystem)
                            if readSheets.isEmpty {
                                firstHeader = trimmed
                                firstDetected = Dictionary(
                                    uniqueKeysWithValues: m.index.map { ($0.key.rawValue, trimmed[$0.value]) })
                            }
                            readSheets.append(sheet.name)
                        } catch {
                            failure = error as? InputError
                            return false
                        }
                    }
                    if r == batch.rowCount { return true }
                    // Text cells point into the shared strings or the batch's own text: no copies.
                    try shared.bytes.withUnsafeBytes { sharedBytes in
                        try batch.text.withUnsafeBytes { textBytes in
                            try batch.cells.withUnsafeBufferPointer { all in
                                while r < batch.rowCount {
                                    let range = batch.cellRange(ofRow: r)
                                    let number = batch.rowNumbers[r]
                                    r += 1
                                    if cells.count != width { cells = [RawCell](repeating: .empty, count: width) }
                                    try cells.withUnsafeMutableBufferPointer { cells in
                                        // A row of empty cells only is skipped, as spreadsheet programs and pandas do.
                                        if Self.fill(
                                            cells, from: all[range], sharedBytes: sharedBytes, shared: shared,
                                            textBytes: textBytes)
                                        {
                                            try collector.add(UnsafeBufferPointer(cells), line: number)
                                        }
                                    }
                                }
                            }
                        }
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
        return InputSummary(
            file: name, format: "xlsx", sheets: readSheets, rows: rows, columns: firstHeader,
            columnsDetected: firstDetected, bytes: size)
    }

    /// Puts a row's cells into `cells` by column (columns beyond `cells` are dropped, missing ones are empty); text
    /// points into the shared strings or the batch's text. False when the row has no cell with content.
    @inline(__always)
    private static func fill(
        _ cells: UnsafeMutableBufferPointer<RawCell>, from row: Slice<UnsafeBufferPointer<XLSXRowBatch.Cell>>,
        sharedBytes: UnsafeRawBufferPointer, shared: XLSXSharedStrings, textBytes: UnsafeRawBufferPointer
    ) -> Bool {
        for j in cells.indices { cells[j] = .empty }
        var blank = true
        for c in row where c.kind != .empty {
            // An empty string counts as content of the row (as in the sheet), but is an empty field.
            blank = false
            let column = Int(c.column)
            guard column < cells.count else { continue }
            switch c.kind {
            case .number: cells[column] = .number(c.value)
            case .bool: cells[column] = .bool(c.value != 0)
            case .sharedString:
                let text = UnsafeRawBufferPointer(rebasing: sharedBytes[shared.byteRange(Int(c.index))])
                cells[column] = text.isEmpty ? .empty : .text(text)
            case .text, .error:
                let text = UnsafeRawBufferPointer(rebasing: textBytes[Int(c.index)..<Int(c.index) + Int(c.count)])
                cells[column] = text.isEmpty ? .empty : .text(text)
            case .empty:
                break
            }
        }
        return !blank
    }

    /// The cells of row `row` as header text, by column.
    static func header(_ batch: XLSXRowBatch, row: Int, shared: XLSXSharedStrings) -> [String] {
        batch.row(row, sharedStrings: shared).cells.map { cell -> String in
            switch cell {
            case .empty: return ""
            case .text(let s): return s.trimmingSpaces
            case .number(let v): return NumberFormatting.plain(v)
            case .bool(let b): return b ? "TRUE" : "FALSE"
            case .error(let e): return e
            }
        }
    }

    /// The reader's message without repeating the file name.
    static func reason(_ error: Error, _ name: String) -> String {
        var text = String(describing: error)
        for prefix in [name + ": ", name + ", "] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        return text
    }
}
