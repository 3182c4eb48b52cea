import CXLSXWriter
import Foundation

/// Writes a `WorkbookSpec` to an .xlsx file with libxlsxwriter.
///
/// Memory: when any table has more than `WriterOptions.constantMemoryThreshold` data rows the
/// whole workbook is written in libxlsxwriter's constant-memory mode (it is a workbook option).
/// Every sheet is written strictly row by row anyway, so nothing else changes, except that
/// strings are stored inline (no shared-string table) and charts carry no cached values
/// (Excel and LibreOffice read the cells when they open the file). libxlsxwriter has no
/// worksheet tables in that mode, so tables asked for as Excel tables are written as plain
/// tables with an autofilter (`WriteReport.plainTables` lists them).
///
/// Atomicity: the workbook is written to a hidden temporary file in the destination folder and
/// renamed over `path` only after `workbook_close` succeeded; on any failure it is deleted.
public enum WorkbookWriter {
    /// Writes `spec` to `path` and reports the sheets written and which were split.
    @discardableResult
    public static func write(
        _ spec: WorkbookSpec, to path: String,
        options: WriterOptions = WriterOptions()
    ) throws(WorkbookError) -> WriteReport {
        try write(spec, to: path, options: options, forceZip64: false)
    }

    private static func write(
        _ spec: WorkbookSpec, to path: String, options: WriterOptions,
        forceZip64: Bool
    ) throws(WorkbookError) -> WriteReport {
        let headerColour = try HexColour.parse(spec.headerColour)
        let layout = try SheetLayout(spec, rowLimit: options.rowLimit)
        let charted = Set(
            spec.sheets.flatMap(\.blocks).flatMap { block -> [String] in
                guard case .chart(let chart) = block else { return [] }
                return [chart.categories.table] + chart.series.map(\.values.table)
            })
        let tables = spec.sheets.flatMap(\.blocks).compactMap { block -> SheetTable? in
            if case .table(let table) = block { return table } else { return nil }
        }
        let constantMemory = (tables.map(\.rows.count).max() ?? 0) > options.constantMemoryThreshold
        // ZIP64 is needed once libxlsxwriter's package passes 4 GB; ~100 bytes of XML per cell is a generous bound.
        // Tables whose rows RowSplicer writes give libxlsxwriter two rows each; ZipPartReplacement checks the
        // spliced package itself and comes back here with ZIP64 (and no splicing) when it would pass 4 GiB.
        let libraryCells = tables.reduce(0) { total, table in
            let spliced = SheetWriter.splices(
                table, rows: table.rows.count, threshold: options.spliceThreshold, charted: charted)
            return total + (spliced ? 2 : table.rows.count) * table.columns.count
        }
        let zip64 = forceZip64 || libraryCells > 40_000_000

        let destination = URL(fileURLWithPath: path)
        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(
                ".\(destination.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
            ).path
        let clock = ContinuousClock()
        let started = clock.now
        var closing = started
        var splices: [RowSplice] = []
        // Fail before the (possibly long) write if the folder is missing or not writable; this
        // also keeps libxlsxwriter off its close-failure path, which leaks constant-memory tmpfiles.
        let probe = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard probe >= 0 else {
            throw WorkbookError(operation: "creating \(path)", message: String(cString: strerror(errno)))
        }
        close(probe)
        do throws(WorkbookError) {
            let workbook = try WorkbookHandle(
                path: temporary, constantMemory: constantMemory, zip64: zip64,
                temporaryDirectory: options.temporaryDirectory)
            try workbook.setProperties(spec.properties)
            let formats = FormatCache(workbook: workbook, headerColour: headerColour)
            let writer = SheetWriter(
                workbook: workbook, formats: formats, layout: layout, options: options,
                excelTables: !constantMemory, chartedTables: charted, splicing: !zip64)
            for (index, sheet) in layout.sheets.enumerated() {
                try writer.write(sheet, number: index + 1)
            }
            closing = clock.now
            try workbook.close()
            splices = writer.splices.list
            if !splices.isEmpty {
                let spliced = temporary + ".rows"
                defer { unlink(spliced) }
                do {
                    try RowSplicer.apply(
                        splices, source: temporary, destination: spliced,
                        compressionLevel: options.compressionLevel, threads: options.threads)
                } catch is ZipPartReplacement.Overflow {
                    // Too large for a plain ZIP: write every row with libxlsxwriter and ZIP64 (which splices nothing).
                    unlink(temporary)
                    return try write(spec, to: path, options: options, forceZip64: true)
                } catch let error as WorkbookError {
                    throw error
                } catch {
                    throw WorkbookError(operation: "splicing rows into \(path)", message: "\(error)")
                }
                guard rename(spliced, temporary) == 0 else {
                    throw WorkbookError(operation: "rename to \(temporary)", message: String(cString: strerror(errno)))
                }
            }
            guard rename(temporary, path) == 0 else {
                throw WorkbookError(operation: "rename to \(path)", message: String(cString: strerror(errno)))
            }
        } catch {
            unlink(temporary)
            throw error
        }
        let downgraded =
            constantMemory
            ? spec.sheets.flatMap(\.blocks).compactMap { block -> String? in
                if case .table(let table) = block, table.asExcelTable { return table.id } else { return nil }
            } : []
        return WriteReport(
            sheetNames: layout.sheets.map(\.name), splitSheets: layout.splitSheets,
            constantMemory: constantMemory, plainTables: downgraded,
            splicedRows: splices.reduce(0) { $0 + $1.rows.count },
            cellSeconds: seconds(closing - started), closeSeconds: seconds(clock.now - closing))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
