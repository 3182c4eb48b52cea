/// Where each block of the spec lands: which worksheet, which rows and columns.
///
/// Blocks go top to bottom from row 0 with one blank row between them. A table that does not
/// fit under the row limit continues on "NAME (2)", "NAME (3)", ... with its caption and header
/// repeated; blocks after it follow on the last part. A chart whose categories come from a
/// table on the same spec sheet sits to the right of that table (charts on one table stack
/// downwards); otherwise it takes rows in the flow like any other block.
struct SheetLayout {
    /// One slice of a table placed on one worksheet.
    struct TablePart {
        var table: SheetTable
        /// Indexes into `table.rows` written on this worksheet.
        var rows: Range<Int>
        var captionRow: Int?
        var headerRow: Int
        var part: Int
        var firstDataRow: Int { headerRow + 1 }
        /// The last row the table occupies (an Excel table with no data keeps one blank row).
        var lastRow: Int { headerRow + max(rows.count, table.asExcelTable ? 1 : 0) }
    }

    /// A block placed on a worksheet, in row order.
    enum Item {
        case heading(String, row: Int)
        case keyValues([KeyValue], row: Int)
        case table(TablePart)
        case note(String, row: Int)
        case chart(WorkbookChart, row: Int, column: Int)
    }

    /// One worksheet to write.
    struct Sheet {
        var name: String
        var specName: String
        var items: [Item] = []
        var freezeBelowRow: Int?
        var columnCount: Int = 0
        var pageSetup = PageSetup()

        /// The rows printed at the top of every page: the caption and header of the first table, when the sheet
        /// starts with it (a continuation sheet always does); nil when something else comes first.
        var printTitleRows: ClosedRange<Int>? {
            guard pageSetup.repeatHeaderRows, case .table(let part) = items.first else { return nil }
            return (part.captionRow ?? part.headerRow)...part.headerRow
        }
    }

    /// Where a table's first part sits, for chart references.
    struct TableAnchor {
        var sheetIndex: Int
        var sheetName: String
        var table: SheetTable
        var topRow: Int
        var headerRow: Int
        var dataRows: Int
    }

    private(set) var sheets: [Sheet] = []
    private(set) var anchors: [String: TableAnchor] = [:]
    private(set) var splitSheets: [String: [String]] = [:]

    /// Lays out `spec` with at most `rowLimit` rows per worksheet.
    init(_ spec: WorkbookSpec, rowLimit: Int) throws(WorkbookError) {
        guard rowLimit >= 4 else {
            throw WorkbookError(operation: "layout", message: "row limit \(rowLimit) is too small (minimum 4)")
        }
        var pendingCharts: [(sheetIndex: Int, chart: WorkbookChart)] = []
        var usedNames = Set<String>()

        for sheetSpec in spec.sheets {
            let baseName = SheetName.clean(sheetSpec.name)
            guard usedNames.insert(baseName.lowercased()).inserted else {
                throw WorkbookError(
                    operation: "sheet '\(sheetSpec.name)'", message: "duplicate sheet name '\(baseName)'")
            }
            let localTables = Set(
                sheetSpec.blocks.compactMap { block -> String? in
                    if case .table(let table) = block { return table.id } else { return nil }
                })
            var current = Sheet(name: baseName, specName: sheetSpec.name, pageSetup: sheetSpec.pageSetup)
            var row = 0
            var part = 1

            for block in sheetSpec.blocks {
                switch block {
                case .heading(let text):
                    if row + 1 >= rowLimit {
                        throw WorkbookError(
                            operation: "sheet '\(baseName)'", message: "heading does not fit under the row limit")
                    }
                    current.items.append(.heading(text, row: row))
                    row += 1
                case .keyValues(let pairs):
                    if row + pairs.count > rowLimit {
                        throw WorkbookError(
                            operation: "sheet '\(baseName)'",
                            message: "key-value block does not fit under the row limit")
                    }
                    current.items.append(.keyValues(pairs, row: row))
                    current.columnCount = max(current.columnCount, 2)
                    row += pairs.count + 1
                case .note(let text):
                    if row >= rowLimit {
                        throw WorkbookError(
                            operation: "sheet '\(baseName)'", message: "note does not fit under the row limit")
                    }
                    current.items.append(.note(text, row: row))
                    row += 2
                case .chart(let chart):
                    if localTables.contains(chart.categories.table) {
                        pendingCharts.append((sheets.count, chart))  // placed beside its table below
                    } else {
                        let rowsTall = chart.height / 20 + 1
                        current.items.append(.chart(chart, row: row, column: 0))
                        row += rowsTall + 1
                    }
                case .table(let table):
                    var start = 0
                    repeat {
                        let captionRow: Int? = table.title == nil ? nil : row
                        let headerRow = row + (table.title == nil ? 0 : 1)
                        let room = rowLimit - headerRow - 1
                        let needed = table.rows.isEmpty && !table.asExcelTable ? 0 : 1
                        if room < needed {
                            // Not even one data row fits: start the table on a fresh sheet.
                            guard row > 0 else {
                                throw WorkbookError(
                                    operation: "sheet '\(baseName)'",
                                    message: "row limit too small for table '\(table.id)'")
                            }
                            sheets.append(current)
                            part += 1
                            current = Sheet(
                                name: SheetName.continuation(baseName, part: part), specName: sheetSpec.name,
                                pageSetup: sheetSpec.pageSetup)
                            splitSheets[baseName, default: []].append(current.name)
                            row = 0
                            continue
                        }
                        let end = min(table.rows.count, start + room)
                        let placed = TablePart(
                            table: table, rows: start..<end, captionRow: captionRow,
                            headerRow: headerRow, part: part)
                        if start == 0 && anchors[table.id] == nil {
                            anchors[table.id] = TableAnchor(
                                sheetIndex: sheets.count, sheetName: current.name, table: table,
                                topRow: captionRow ?? headerRow, headerRow: headerRow,
                                dataRows: end - start)
                        }
                        if sheetSpec.freezeHeader && current.freezeBelowRow == nil {
                            current.freezeBelowRow = headerRow + 1
                        }
                        current.items.append(.table(placed))
                        current.columnCount = max(current.columnCount, table.columns.count)
                        row = placed.lastRow + 2
                        start = end
                        if start < table.rows.count {
                            sheets.append(current)
                            part += 1
                            current = Sheet(
                                name: SheetName.continuation(baseName, part: part), specName: sheetSpec.name,
                                pageSetup: sheetSpec.pageSetup)
                            splitSheets[baseName, default: []].append(current.name)
                            row = 0
                        }
                    } while start < table.rows.count
                }
            }
            sheets.append(current)
        }

        // Charts beside their tables, stacked when several plot the same table.
        var nextRowBeside: [String: Int] = [:]
        for (_, chart) in pendingCharts {
            guard let anchor = anchors[chart.categories.table] else { continue }
            let row = nextRowBeside[chart.categories.table] ?? anchor.topRow
            let column = sheets[anchor.sheetIndex].columnCount + 1
            sheets[anchor.sheetIndex].items.append(.chart(chart, row: row, column: column))
            nextRowBeside[chart.categories.table] = row + chart.height / 20 + 2
        }
        var seen = Set<String>()
        for sheet in sheets where !seen.insert(sheet.name.lowercased()).inserted {
            throw WorkbookError(operation: "sheet '\(sheet.name)'", message: "duplicate sheet name after splitting")
        }
    }
}
