import Foundation

/// Estimates Excel column widths (character units) from the widest formatted value.
enum ColumnWidth {
    /// Widest fitted column; longer text overflows or wraps.
    static let maximum = 60.0
    /// Widest fitted wrapped-text column.
    static let maximumWrapped = 45.0
    static let minimum = 6.0

    /// Characters `value` takes when shown with `format`.
    static func characters(_ value: CellValue, _ format: ColumnFormat) -> Int {
        switch value {
        case .text(let text): return text.utf8.count <= 16 ? text.utf8.count : text.unicodeScalars.count
        case .empty: return 0
        case .bool: return 5
        case .date: return format == .date || format == .text ? 11 : 6
        case .integer(let n): return numberCharacters(Double(n), format)
        case .number(let x): return x.isFinite ? numberCharacters(x, format) : 0
        }
    }

    /// Width of a header cell: bold text plus room for an autofilter button.
    static func header(_ name: String) -> Double { Double(name.unicodeScalars.count) * 1.1 + 3 }

    /// The column width for the widest value seen (`characters`), capped.
    static func fitted(_ characters: Int, header: Double, wrapped: Bool) -> Double {
        let content = Double(characters) + 1.5
        let cap = wrapped ? maximumWrapped : maximum
        return min(max(content, header, minimum), max(cap, min(header, maximum)))
    }

    private static func numberCharacters(_ x: Double, _ format: ColumnFormat) -> Int {
        let magnitude = abs(x)
        let integerDigits = magnitude < 1 ? 1 : Int(log10(magnitude)) + 1
        let sign = x < 0 ? 1 : 0
        let grouped = integerDigits + (integerDigits - 1) / 3 + sign
        switch format {
        case .integer: return grouped
        case .decimal(let places): return grouped + (places > 0 ? places + 1 : 0)
        case .money(let symbol): return grouped + 3 + symbol.count
        case .percent(let places):
            let digits = magnitude * 100 < 1 ? 1 : Int(log10(magnitude * 100)) + 1
            return digits + sign + 1 + (places > 0 ? places + 1 : 0)
        case .date: return 11
        default: return min(integerDigits + sign + 7, 12)
        }
    }
}
