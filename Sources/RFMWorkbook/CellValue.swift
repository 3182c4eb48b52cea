import RFMPrimitives

/// One cell's value; the column's `ColumnFormat` decides how it is shown.
public enum CellValue: Sendable, Hashable {
    /// Written as a string cell even when it looks like a number ("012345" keeps its zero).
    case text(String)
    /// A number; NaN and infinities are written as blank cells (Excel cannot store them).
    case number(Double)
    /// An integer, stored as an Excel number.
    case integer(Int)
    /// A calendar date as days since 1970-01-01, stored as an Excel date serial.
    case date(daysSince1970: Int)
    /// TRUE / FALSE.
    case bool(Bool)
    /// No value (a formatted blank where the row is highlighted).
    case empty

    /// A date from its proleptic Gregorian year, month (1-12) and day (1-31).
    public static func date(year: Int, month: Int, day: Int) -> CellValue {
        .date(daysSince1970: CivilDate.daysSince1970(year: year, month: month, day: day))
    }
}
