import CXLSXWriter

/// The workbook's cell formats, made once each and shared (borrowed from the workbook).
final class FormatCache {
    /// Fill of highlighted rows (pale amber, Excel's "Neutral" family).
    static let highlightFill: lxw_color_t = 0xFFF2CC

    private let workbook: WorkbookHandle
    private let headerColour: lxw_color_t
    private var cells: [CellKey: UnsafeMutablePointer<lxw_format>] = [:]
    private var named: [String: UnsafeMutablePointer<lxw_format>] = [:]

    private struct CellKey: Hashable {
        var format: ColumnFormat
        var highlighted: Bool
    }

    /// Formats for `workbook`, with headers filled in `headerColour` (0xRRGGBB).
    init(workbook: WorkbookHandle, headerColour: lxw_color_t) {
        self.workbook = workbook
        self.headerColour = headerColour
    }

    /// Bold white text on the header colour, thin bottom border.
    func header() throws(WorkbookError) -> UnsafeMutablePointer<lxw_format> {
        try named("header") { f in
            format_set_bold(f)
            format_set_font_color(f, LXW_COLOR_WHITE.rawValue)
            format_set_bg_color(f, headerColour)
            format_set_pattern(f, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bottom(f, UInt8(LXW_BORDER_THIN.rawValue))
            format_set_text_wrap(f)
            format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        }
    }

    /// Bold, slightly larger caption text above a table.
    func caption() throws(WorkbookError) -> UnsafeMutablePointer<lxw_format> {
        try named("caption") { f in
            format_set_bold(f)
            format_set_font_size(f, 12)
        }
    }

    /// Bold label of a key-value line, at the top of its row (the value beside it may wrap).
    func label() throws(WorkbookError) -> UnsafeMutablePointer<lxw_format> {
        try named("label") { f in
            format_set_bold(f)
            format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        }
    }

    /// Italic note text, wrapped at the top of its (merged) cell.
    func note() throws(WorkbookError) -> UnsafeMutablePointer<lxw_format> {
        try named("note") { f in
            format_set_italic(f)
            format_set_text_wrap(f)
            format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        }
    }

    /// The value of a key-value line: `format`'s number format, left-aligned (text and numbers start at the
    /// same place), wrapped at the top of its (merged) cell.
    func keyValue(_ format: ColumnFormat) throws(WorkbookError) -> UnsafeMutablePointer<lxw_format> {
        try named("keyValue \(format)") { f in
            if let numberFormat = format.excelNumberFormat { format_set_num_format(f, numberFormat) }
            format_set_align(f, UInt8(LXW_ALIGN_LEFT.rawValue))
            format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
            format_set_text_wrap(f)
        }
    }

    /// The format of a data cell in a column of `format`, optionally highlighted.
    func cell(_ format: ColumnFormat, highlighted: Bool = false) throws(WorkbookError) -> UnsafeMutablePointer<
        lxw_format
    > {
        let key = CellKey(format: format, highlighted: highlighted)
        if let made = cells[key] { return made }
        let f = try workbook.addFormat()
        if let numberFormat = format.excelNumberFormat {
            format_set_num_format(f, numberFormat)
        }
        if format == .wrappedText {
            format_set_text_wrap(f)
            format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        }
        if highlighted {
            format_set_bold(f)
            format_set_bg_color(f, Self.highlightFill)
            format_set_pattern(f, UInt8(LXW_PATTERN_SOLID.rawValue))
        }
        cells[key] = f
        return f
    }

    private func named(_ name: String, _ configure: (UnsafeMutablePointer<lxw_format>) -> Void)
        throws(WorkbookError) -> UnsafeMutablePointer<lxw_format>
    {
        if let made = named[name] { return made }
        let f = try workbook.addFormat()
        configure(f)
        named[name] = f
        return f
    }
}
