import Foundation

/// Cells holding text that reads as a number (customer ids like "12346", RFM cells like "444", digit-only
/// checksums): Excel marks each with a green triangle ("Number stored as text") unless the sheet lists them in
/// `ignoredErrors`. A sheet's ranges are collected while it is written and given to
/// `worksheet_ignore_errors` once (a second call would replace the first).
struct NumbersAsText {
    private(set) var ranges: [String] = []

    /// Whether Excel would read `text` as a number: digits with an optional sign, decimal point, thousands
    /// commas and exponent, surrounding spaces allowed.
    static func looksNumeric(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 64,
            trimmed.utf8.allSatisfy({ (48...57).contains($0) || "+-.,eE".utf8.contains($0) }),
            trimmed.utf8.contains(where: { (48...57).contains($0) })
        else { return false }
        return Double(trimmed.replacingOccurrences(of: ",", with: "")) != nil
    }

    /// Whether `value` is text that reads as a number.
    static func applies(to value: CellValue) -> Bool {
        if case .text(let text) = value { return looksNumeric(text) } else { return false }
    }

    /// Adds one cell.
    mutating func add(row: Int, column: Int) {
        ranges.append(CellName.a1(row: row, column: column))
    }

    /// Adds the cells of `column` from `firstRow` to `lastRow`.
    mutating func add(column: Int, rows firstRow: Int, _ lastRow: Int) {
        guard lastRow >= firstRow else { return }
        ranges.append(
            firstRow == lastRow
                ? CellName.a1(row: firstRow, column: column)
                : CellName.a1(row: firstRow, column: column) + ":" + CellName.a1(row: lastRow, column: column))
    }

    /// The `sqref` of the sheet's `<ignoredError>`: ranges separated by spaces.
    var sqref: String { ranges.joined(separator: " ") }
}
