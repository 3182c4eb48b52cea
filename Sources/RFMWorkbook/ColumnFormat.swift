import Foundation

/// How a column's values are shown in Excel.
public enum ColumnFormat: Sendable, Hashable {
    /// Plain text ("@"): ids stay text.
    case text
    /// Whole numbers with thousands separators ("#,##0").
    case integer
    /// Fixed decimals with thousands separators ("#,##0.00" for 2 places).
    case decimal(places: Int)
    /// Money with a currency symbol in front ("£#,##0.00").
    case money(symbol: String)
    /// A fraction shown as a percentage ("0.0%" for 1 place).
    case percent(places: Int)
    /// A calendar date ("d mmm yyyy").
    case date
    /// Text that wraps inside its column.
    case wrappedText
    /// Any Excel number format string.
    case custom(String)

    /// The Excel number format string, or nil for the General format.
    public var excelNumberFormat: String? {
        switch self {
        case .text, .wrappedText: return "@"
        case .integer: return "#,##0"
        case .decimal(let places):
            return places > 0 ? "#,##0." + String(repeating: "0", count: min(places, 15)) : "#,##0"
        case .money(let symbol):
            let body = "#,##0.00"
            let prefix =
                symbol.count == 1 && "£$€¥".contains(symbol)
                ? symbol
                : "\"" + symbol.replacingOccurrences(of: "\"", with: "") + "\""
            return "\(prefix)\(body);-\(prefix)\(body)"
        case .percent(let places):
            return places > 0 ? "0." + String(repeating: "0", count: min(places, 15)) + "%" : "0%"
        case .date: return "d mmm yyyy"
        case .custom(let format): return format
        }
    }

    /// The number format for a chart axis showing this column: money without pence, no text format.
    var axisNumberFormat: String? {
        switch self {
        case .text, .wrappedText: return nil
        case .money(let symbol):
            let full = ColumnFormat.money(symbol: symbol).excelNumberFormat ?? ""
            return full.replacingOccurrences(of: ".00", with: "")
        default: return excelNumberFormat
        }
    }
}
