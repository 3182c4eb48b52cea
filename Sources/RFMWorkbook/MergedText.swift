/// Text written across several columns (a merged range, wrapped): which columns it spans and how tall its row
/// must be, since neither Excel nor LibreOffice fits the height of a merged row to its text.
enum MergedText {
    /// A note spans at least this many characters of width (more when the sheet's tables are wider).
    static let minimumNoteWidth = 100.0
    /// Excel's width of a column nobody set (Calibri 11).
    static let defaultColumnWidth = 8.43
    /// Height of one line of Calibri 11, in points.
    static let lineHeight = 15.0

    /// The last column (0-based) of a note that starts in column 0: the sheet's last table column, or further
    /// right until the note is `minimumNoteWidth` characters wide.
    static func noteLastColumn(widths: [Double], columnCount: Int) -> Int {
        var last = max(columnCount, 1) - 1
        while width(widths, 0...last) < minimumNoteWidth { last += 1 }
        return last
    }

    /// Total width of `columns`, unset columns at Excel's default.
    static func width(_ widths: [Double], _ columns: ClosedRange<Int>) -> Double {
        columns.reduce(0) { total, column in
            total + (column < widths.count && widths[column] > 0 ? widths[column] : defaultColumnWidth)
        }
    }

    /// Lines `characters` wrap to in `width` character units. A unit is the width of a digit; ordinary text
    /// averages about 1.25 characters per unit (measured in LibreOffice, whose fallback font is wider than Calibri).
    static func lines(characters: Int, width: Double) -> Int {
        let perLine = max(1, Int((width - 1) * 1.25))
        return max(1, (characters + perLine - 1) / perLine)
    }
}
