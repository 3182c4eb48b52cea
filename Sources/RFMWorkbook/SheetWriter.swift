import CXLSXWriter

/// Writes one laid-out worksheet, strictly row by row (so it also works in constant-memory mode).
struct SheetWriter {
    let workbook: WorkbookHandle
    let formats: FormatCache
    let layout: SheetLayout
    let options: WriterOptions
    /// False in constant-memory mode, where libxlsxwriter has no worksheet tables:
    /// Excel tables are then written as plain tables with an autofilter.
    let excelTables: Bool
    /// Ids of tables a chart reads: their rows stay with libxlsxwriter, which caches chart values from them.
    let chartedTables: Set<String>
    /// False when rows must not be spliced at all (a ZIP64 workbook).
    let splicing: Bool

    /// LibreOffice shows boolean cells as 1/0 under "@" or General; this format shows TRUE/FALSE
    /// there and changes nothing in Excel, which always shows booleans as TRUE/FALSE.
    static let booleanFormat = ColumnFormat.custom("\"TRUE\";\"TRUE\";\"FALSE\"")

    /// Table names already used in the workbook (Excel table names are workbook-wide).
    final class TableNames {
        var used = Set<String>()
    }
    let tableNames = TableNames()

    /// Rows left for `RowSplicer`, in the order their tables were written.
    final class Splices {
        var list: [RowSplice] = []
    }
    let splices = Splices()

    /// Adds the worksheet for `sheet`, the `number`th (1-based), and writes all its items, then its page setup
    /// and the cells Excel should not flag as numbers stored as text.
    func write(_ sheet: SheetLayout.Sheet, number: Int) throws(WorkbookError) {
        let worksheet = try workbook.addWorksheet(sheet.name)
        let widths = try setColumnWidths(sheet, on: worksheet)
        var autofilterUsed = false
        var numbersAsText = NumbersAsText()
        for item in sheet.items {
            switch item {
            case .heading(let text, let row):
                try worksheet.write(.text(text), row: row, column: 0, format: try formats.caption())
            case .keyValues(let pairs, let row):
                try writeKeyValues(
                    pairs, row: row, on: worksheet, sheet: sheet, widths: widths, numbersAsText: &numbersAsText)
            case .note(let text, let row):
                let last = MergedText.noteLastColumn(widths: widths, columnCount: sheet.columnCount)
                let cleaned = XMLText.clean(text)
                try fitHeight(
                    row, characters: cleaned.unicodeScalars.count, width: MergedText.width(widths, 0...last),
                    on: worksheet)
                try WorkbookError.check(
                    worksheet_merge_range(
                        worksheet.pointer, lxw_row_t(row), 0, lxw_row_t(row), lxw_col_t(last), cleaned,
                        try formats.note()),
                    "note in row \(row + 1) of '\(worksheet.name)'")
            case .table(let part):
                try writeTable(
                    part, on: worksheet, sheetNumber: number, autofilterUsed: &autofilterUsed,
                    numbersAsText: &numbersAsText)
            case .chart(let chart, let row, let column):
                try ChartWriter(workbook: workbook, layout: layout).insert(
                    chart, on: worksheet, row: row, column: column)
            }
        }
        if let freeze = sheet.freezeBelowRow {
            worksheet_freeze_panes(worksheet.pointer, lxw_row_t(freeze), 0)
        }
        try applyPageSetup(sheet, on: worksheet)
        if !numbersAsText.ranges.isEmpty {
            try WorkbookError.check(
                worksheet_ignore_errors(
                    worksheet.pointer, UInt8(LXW_IGNORE_NUMBER_STORED_AS_TEXT.rawValue), numbersAsText.sqref),
                "ignoredErrors on '\(worksheet.name)'")
        }
    }

    /// Labels in column A; each value in column B merged across the sheet's other table columns (when it has a
    /// table wider than two columns), so long values wrap there instead of widening column B.
    private func writeKeyValues(
        _ pairs: [KeyValue], row: Int, on worksheet: Worksheet, sheet: SheetLayout.Sheet, widths: [Double],
        numbersAsText: inout NumbersAsText
    ) throws(WorkbookError) {
        let label = try formats.label()
        let lastColumn = max(sheet.columnCount - 1, 1)
        let span = MergedText.width(widths, 1...lastColumn)
        for (offset, pair) in pairs.enumerated() {
            let excelRow = row + offset
            let format: ColumnFormat = if case .bool = pair.value { Self.booleanFormat } else { pair.format }
            let valueFormat = try formats.keyValue(format)
            try fitHeight(excelRow, characters: ColumnWidth.characters(pair.value, format), width: span, on: worksheet)
            try worksheet.write(.text(pair.key), row: excelRow, column: 0, format: label)
            if lastColumn > 1 {
                try WorkbookError.check(
                    worksheet_merge_range(
                        worksheet.pointer, lxw_row_t(excelRow), 1, lxw_row_t(excelRow), lxw_col_t(lastColumn), "",
                        valueFormat),
                    "merging \(CellName.a1(row: excelRow, column: 1)) on '\(worksheet.name)'")
            }
            try worksheet.write(pair.value, row: excelRow, column: 1, format: valueFormat, formattedBlank: true)
            if NumbersAsText.applies(to: pair.value) { numbersAsText.add(row: excelRow, column: 1) }
        }
    }

    /// Makes `row` tall enough for `characters` of wrapped text in `width` character units (merged cells do not
    /// grow by themselves); a one-line row keeps the default height.
    private func fitHeight(_ row: Int, characters: Int, width: Double, on worksheet: Worksheet) throws(WorkbookError) {
        let lines = MergedText.lines(characters: characters, width: width)
        guard lines > 1 else { return }
        try WorkbookError.check(
            worksheet_set_row(worksheet.pointer, lxw_row_t(row), Double(lines) * MergedText.lineHeight, nil),
            "height of row \(row + 1) on '\(worksheet.name)'")
    }

    /// Orientation, scaling, margins, page header and footer, and the print titles of `sheet.pageSetup`.
    private func applyPageSetup(_ sheet: SheetLayout.Sheet, on worksheet: Worksheet) throws(WorkbookError) {
        let setup = sheet.pageSetup
        if setup.landscape { worksheet_set_landscape(worksheet.pointer) }
        if setup.fitToOnePageWide { worksheet_fit_to_pages(worksheet.pointer, 1, 0) }
        worksheet_set_margins(
            worksheet.pointer, setup.margins.left, setup.margins.right, setup.margins.top, setup.margins.bottom)
        if !setup.header.isEmpty {
            try WorkbookError.check(
                worksheet_set_header(worksheet.pointer, setup.header), "page header of '\(worksheet.name)'")
        }
        if !setup.footer.isEmpty {
            try WorkbookError.check(
                worksheet_set_footer(worksheet.pointer, setup.footer), "page footer of '\(worksheet.name)'")
        }
        if let rows = sheet.printTitleRows {
            try WorkbookError.check(
                worksheet_repeat_rows(worksheet.pointer, lxw_row_t(rows.lowerBound), lxw_row_t(rows.upperBound)),
                "print titles of '\(worksheet.name)'")
        }
    }

    private func writeTable(
        _ part: SheetLayout.TablePart, on worksheet: Worksheet, sheetNumber: Int,
        autofilterUsed: inout Bool, numbersAsText: inout NumbersAsText
    ) throws(WorkbookError) {
        let table = part.table
        let columnCount = table.columns.count
        guard columnCount > 0 else { return }
        if let captionRow = part.captionRow, let title = table.title {
            let caption = part.part > 1 ? "\(title) (continued)" : title
            try worksheet.write(.text(caption), row: captionRow, column: 0, format: try formats.caption())
        }
        let header = try formats.header()
        let headers = Self.uniqueHeaders(table.columns.map(\.name))
        let asExcelTable = table.asExcelTable && excelTables
        if asExcelTable {
            try addExcelTable(part, headers: headers, on: worksheet)
        } else {
            for (column, name) in headers.enumerated() {
                try worksheet.write(.text(name), row: part.headerRow, column: column, format: header)
            }
        }

        var plain: [UnsafeMutablePointer<lxw_format>?] = []
        var highlighted: [UnsafeMutablePointer<lxw_format>?] = []
        for column in table.columns {
            plain.append(try formats.cell(column.format))
            highlighted.append(try formats.cell(column.format, highlighted: true))
        }
        let boolean = (
            plain: try formats.cell(Self.booleanFormat), lit: try formats.cell(Self.booleanFormat, highlighted: true)
        )
        let highlights = table.highlightRows
        // All rows but the first and last go to RowSplicer when nothing needs them in libxlsxwriter.
        var spliced = 0..<0
        if splicing,
            Self.splices(table, rows: part.rows.count, threshold: options.spliceThreshold, charted: chartedTables)
        {
            spliced = (part.rows.lowerBound + 1)..<(part.rows.upperBound - 1)
            let encoder = SheetRowEncoder(
                styles: plain.map { $0.map(lxw_format_get_xf_index) ?? 0 },
                booleanStyle: lxw_format_get_xf_index(boolean.plain))
            splices.list.append(
                RowSplice(
                    sheetNumber: sheetNumber, table: table, rows: spliced,
                    firstExcelRow: part.firstDataRow + 1, encoder: encoder))
        }
        for index in part.rows where !spliced.contains(index) {
            let excelRow = part.firstDataRow + (index - part.rows.lowerBound)
            let values = table.rows[index]
            let lit = !highlights.isEmpty && highlights.contains(index)
            let rowFormats = lit ? highlighted : plain
            let count = min(values.count, columnCount)
            for column in 0..<count {
                let value = values[column]
                var format = rowFormats[column]
                if case .bool = value { format = lit ? boolean.lit : boolean.plain }
                try worksheet.write(value, row: excelRow, column: column, format: format, formattedBlank: lit)
            }
            if lit && count < columnCount {
                for column in count..<columnCount {
                    try worksheet.write(
                        .empty, row: excelRow, column: column, format: rowFormats[column], formattedBlank: true)
                }
            }
        }

        let lastDataRow = part.firstDataRow + part.rows.count - 1
        for (column, name) in headers.enumerated() where NumbersAsText.looksNumeric(name) {
            numbersAsText.add(row: part.headerRow, column: column)
        }
        // A column is listed whole (spliced rows included) when any sampled value is a number written as text.
        var numericTextColumns = Set<Int>()
        for index in part.rows.prefix(options.widthSampleRows) {
            let values = table.rows[index]
            for column in 0..<min(values.count, columnCount)
            where !numericTextColumns.contains(column) && NumbersAsText.applies(to: values[column]) {
                numericTextColumns.insert(column)
            }
        }
        for column in numericTextColumns.sorted() {
            numbersAsText.add(column: column, rows: part.firstDataRow, lastDataRow)
        }
        if !part.rows.isEmpty {
            for (column, spec) in table.columns.enumerated() where spec.colourScale {
                var scale = lxw_conditional_format()
                scale.type = UInt8(LXW_CONDITIONAL_3_COLOR_SCALE.rawValue)
                scale.min_color = 0xF8696B
                scale.mid_color = 0xFFEB84
                scale.max_color = 0x63BE7B
                try WorkbookError.check(
                    worksheet_conditional_format_range(
                        worksheet.pointer, lxw_row_t(part.firstDataRow), lxw_col_t(column),
                        lxw_row_t(lastDataRow), lxw_col_t(column), &scale),
                    "colour scale on '\(worksheet.name)' column \(spec.name)")
            }
        }
        if !asExcelTable && (table.autofilter || table.asExcelTable) && !autofilterUsed {
            autofilterUsed = true
            try WorkbookError.check(
                worksheet_autofilter(
                    worksheet.pointer, lxw_row_t(part.headerRow), 0,
                    lxw_row_t(max(lastDataRow, part.headerRow)), lxw_col_t(columnCount - 1)),
                "autofilter on '\(worksheet.name)'")
        }
    }

    /// `worksheet_add_table` writes the header cells itself, so it is called before the data rows.
    private func addExcelTable(_ part: SheetLayout.TablePart, headers: [String], on worksheet: Worksheet)
        throws(WorkbookError)
    {
        let header = try formats.header()
        let columns = UnsafeMutablePointer<lxw_table_column>.allocate(capacity: headers.count)
        columns.initialize(repeating: lxw_table_column(), count: headers.count)
        defer { columns.deallocate() }
        var pointers: [UnsafeMutablePointer<lxw_table_column>?] = []
        for (index, name) in headers.enumerated() {
            columns[index].header = workbook.cString(name)
            columns[index].header_format = header
            pointers.append(columns + index)
        }
        pointers.append(nil)
        var options = lxw_table_options()
        options.name = workbook.cString(tableName(for: part))
        options.style_type = UInt8(LXW_TABLE_STYLE_TYPE_LIGHT.rawValue)
        options.style_type_number = 15
        let status = pointers.withUnsafeMutableBufferPointer { buffer -> lxw_error in
            options.columns = buffer.baseAddress
            return worksheet_add_table(
                worksheet.pointer, lxw_row_t(part.headerRow), 0, lxw_row_t(part.lastRow),
                lxw_col_t(headers.count - 1), &options)
        }
        try WorkbookError.check(status, "worksheet_add_table '\(part.table.id)' on '\(worksheet.name)'")
    }

    /// Whether `rows` data rows of `table` on one sheet go to `RowSplicer`: more than `threshold` (and at least 3:
    /// the first and last rows stay libxlsxwriter's) of them, no highlighted rows and no chart reading the table
    /// (libxlsxwriter caches chart values from its own cells).
    static func splices(_ table: SheetTable, rows: Int, threshold: Int, charted: Set<String>) -> Bool {
        rows > threshold && rows >= 3 && table.highlightRows.isEmpty && !charted.contains(table.id)
    }

    /// An Excel table name from the table id: letters, digits and "_", unique in the workbook.
    private func tableName(for part: SheetLayout.TablePart) -> String {
        var name = String(
            part.table.id.unicodeScalars.map { scalar -> Character in
                CharacterSetCheck.isNameCharacter(scalar) ? Character(scalar) : "_"
            })
        if name.isEmpty || !(name.first!.isLetter || name.first == "_")
            || CharacterSetCheck.looksLikeCellReference(name)
        {
            name = "Table_" + name
        }
        if part.part > 1 { name += "_\(part.part)" }
        var candidate = name
        var counter = 2
        while tableNames.used.contains(candidate.lowercased()) {
            candidate = "\(name)_\(counter)"
            counter += 1
        }
        tableNames.used.insert(candidate.lowercased())
        return String(candidate.prefix(255))
    }

    /// Header names made non-empty and unique (Excel tables require both).
    static func uniqueHeaders(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.enumerated().map { index, raw in
            let base =
                String(XMLText.clean(raw, limit: 250)).isEmpty ? "Column \(index + 1)" : XMLText.clean(raw, limit: 250)
            var name = base
            var counter = 2
            while !seen.insert(name.lowercased()).inserted {
                name = "\(base) \(counter)"
                counter += 1
            }
            return name
        }
    }

    /// Sets and returns the column widths (0: not set): tables fit their columns, a key-value block its labels
    /// (and its values only on a sheet without a table wider than two columns, where they are not merged).
    private func setColumnWidths(_ sheet: SheetLayout.Sheet, on worksheet: Worksheet) throws(WorkbookError)
        -> [Double]
    {
        var widths: [Double] = []
        func fit(_ column: Int, _ width: Double) {
            while widths.count <= column { widths.append(0) }
            widths[column] = max(widths[column], width)
        }
        for item in sheet.items {
            switch item {
            case .keyValues(let pairs, _):
                fit(
                    0,
                    ColumnWidth.fitted(pairs.map { $0.key.unicodeScalars.count }.max() ?? 0, header: 0, wrapped: false)
                        * 1.1)
                if sheet.columnCount <= 2 {
                    fit(
                        1,
                        ColumnWidth.fitted(
                            pairs.map { ColumnWidth.characters($0.value, $0.format) }.max() ?? 0,
                            header: 0, wrapped: false))
                }
            case .table(let part):
                let sample = part.rows.prefix(options.widthSampleRows)
                for (column, spec) in part.table.columns.enumerated() {
                    if let width = spec.width {
                        fit(column, width)
                        continue
                    }
                    var widest = 0
                    for index in sample {
                        let values = part.table.rows[index]
                        if column < values.count {
                            widest = max(widest, ColumnWidth.characters(values[column], spec.format))
                        }
                    }
                    fit(
                        column,
                        ColumnWidth.fitted(
                            widest, header: ColumnWidth.header(spec.name),
                            wrapped: spec.format == .wrappedText))
                }
            case .heading, .note, .chart:
                break
            }
        }
        for (column, width) in widths.enumerated() where width > 0 {
            try WorkbookError.check(
                worksheet_set_column(worksheet.pointer, lxw_col_t(column), lxw_col_t(column), width, nil),
                "worksheet_set_column on '\(worksheet.name)'")
        }
        return widths
    }
}
