import CXLSXWriter
import Foundation

/// The one owner of an `lxw_workbook*`: created and checked here, closed at most once.
///
/// `workbook_close` writes the file and frees the workbook, so `close()` gives the pointer up
/// before calling it. A workbook abandoned after an error is freed in `deinit` with
/// `lxw_workbook_free`, which writes nothing. Worksheets, formats and charts are borrowed
/// pointers owned by the workbook; Swift never frees them.
final class WorkbookHandle {
    private var pointer: UnsafeMutablePointer<lxw_workbook>?
    /// C strings handed to libxlsxwriter, kept alive until the workbook is gone.
    private var retained: [UnsafeMutablePointer<CChar>] = []
    /// The workbook's worksheets, to release their constant-memory temporary files if abandoned.
    private var worksheets: [UnsafeMutablePointer<lxw_worksheet>] = []

    /// Creates the workbook that `close()` will write to `path`.
    init(path: String, constantMemory: Bool, zip64: Bool, temporaryDirectory: String? = nil) throws(WorkbookError) {
        let tmpdir = temporaryDirectory.flatMap { strdup($0) }
        if let tmpdir { retained.append(tmpdir) }
        var options = lxw_workbook_options(
            constant_memory: constantMemory ? 1 : 0, tmpdir: tmpdir,
            use_zip64: zip64 ? 1 : 0)
        guard let created = workbook_new_opt(path, &options) else {
            throw WorkbookError(operation: "workbook_new_opt", message: "could not create a workbook for \(path)")
        }
        pointer = created
    }

    deinit {
        if let pointer {
            // lxw_workbook_free does not close the tmpfile() a constant-memory worksheet writes
            // its rows to (measured: one descriptor leaked per sheet), so close them first.
            for sheet in worksheets {
                if let file = sheet.pointee.optimize_tmpfile {
                    fclose(file)
                    sheet.pointee.optimize_tmpfile = nil
                    sheet.pointee.file = nil
                }
            }
            lxw_workbook_free(pointer)
        }
        for pointer in retained { free(pointer) }
    }

    /// The live workbook, or an error once closed.
    func live(_ operation: String) throws(WorkbookError) -> UnsafeMutablePointer<lxw_workbook> {
        guard let pointer else { throw WorkbookError(operation: operation, message: "the workbook is already closed") }
        return pointer
    }

    /// A C copy of `text` that lives as long as the workbook.
    func cString(_ text: String) -> UnsafeMutablePointer<CChar>? {
        guard let copy = strdup(text) else { return nil }
        retained.append(copy)
        return copy
    }

    /// Adds a worksheet named `name` (validated by libxlsxwriter first).
    func addWorksheet(_ name: String) throws(WorkbookError) -> Worksheet {
        let workbook = try live("workbook_add_worksheet")
        try WorkbookError.check(workbook_validate_sheet_name(workbook, name), "sheet name '\(name)'")
        guard let sheet = workbook_add_worksheet(workbook, name) else {
            throw WorkbookError(operation: "workbook_add_worksheet", message: "could not add sheet '\(name)'")
        }
        worksheets.append(sheet)
        return Worksheet(pointer: sheet, name: name)
    }

    /// A new, empty cell format owned by the workbook.
    func addFormat() throws(WorkbookError) -> UnsafeMutablePointer<lxw_format> {
        guard let format = workbook_add_format(try live("workbook_add_format")) else {
            throw WorkbookError(operation: "workbook_add_format", message: "out of memory")
        }
        return format
    }

    /// A new chart owned by the workbook (insert it into a worksheet to show it).
    func addChart(_ type: lxw_chart_type) throws(WorkbookError) -> UnsafeMutablePointer<lxw_chart> {
        guard let chart = workbook_add_chart(try live("workbook_add_chart"), UInt8(type.rawValue)) else {
            throw WorkbookError(operation: "workbook_add_chart", message: "could not create the chart")
        }
        return chart
    }

    /// Sets title, author and comments (empty strings are left unset).
    func setProperties(_ properties: WorkbookSpec.Properties) throws(WorkbookError) {
        let workbook = try live("workbook_set_properties")
        var props = lxw_doc_properties()
        func text(_ value: String) -> UnsafeMutablePointer<CChar>? {
            value.isEmpty ? nil : cString(XMLText.clean(value))
        }
        props.title = text(properties.title)
        props.author = text(properties.author)
        props.comments = text(properties.comments)
        try WorkbookError.check(workbook_set_properties(workbook, &props), "workbook_set_properties")
    }

    /// Writes the file and frees the workbook; the handle is spent whatever the outcome.
    func close() throws(WorkbookError) {
        let workbook = try live("workbook_close")
        pointer = nil
        try WorkbookError.check(workbook_close(workbook), "workbook_close")
    }
}
