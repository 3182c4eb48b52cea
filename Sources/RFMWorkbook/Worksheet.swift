import CXLSXWriter
import RFMPrimitives

/// A borrowed `lxw_worksheet*` (owned and freed by its workbook) with checked writes.
struct Worksheet {
    let pointer: UnsafeMutablePointer<lxw_worksheet>
    let name: String

    /// Writes one value; blanks are written only when `blankFormat` asks for a formatted blank.
    @inline(__always)
    func write(
        _ value: CellValue, row: Int, column: Int, format: UnsafeMutablePointer<lxw_format>?,
        formattedBlank: Bool = false
    ) throws(WorkbookError) {
        let r = lxw_row_t(row)
        let c = lxw_col_t(column)
        let status: lxw_error
        switch value {
        case .text(let text):
            status = XMLText.clean(text).withCString { worksheet_write_string(pointer, r, c, $0, format) }
        case .number(let x):
            status =
                x.isFinite
                ? worksheet_write_number(pointer, r, c, x, format)
                : worksheet_write_blank(pointer, r, c, format)
        case .integer(let n):
            status = worksheet_write_number(pointer, r, c, Double(n), format)
        case .date(let days):
            status = worksheet_write_number(pointer, r, c, Double(days + CivilDate.excelSerialOf1970), format)
        case .bool(let flag):
            status = worksheet_write_boolean(pointer, r, c, flag ? 1 : 0, format)
        case .empty:
            status = formattedBlank ? worksheet_write_blank(pointer, r, c, format) : LXW_NO_ERROR
        }
        if status != LXW_NO_ERROR {
            try WorkbookError.check(status, "writing \(CellName.a1(row: row, column: column)) on '\(name)'")
        }
    }
}
