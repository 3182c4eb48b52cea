/// One cell of an input row as a reader hands it to the pipeline: text bytes (borrowed for the call), a number
/// (XLSX numeric cells), a boolean, or nothing.
public enum RawCell {
    case empty
    case text(UnsafeRawBufferPointer)
    case number(Double)
    case bool(Bool)

    /// The cell as text, for messages and previews.
    public var displayText: String {
        switch self {
        case .empty: return ""
        case .text(let bytes): return TextDecoding.decode(bytes)
        case .number(let v): return NumberFormatting.plain(v)
        case .bool(let b): return b ? "TRUE" : "FALSE"
        }
    }
}

/// Number-to-text conversions that do not depend on locale.
public enum NumberFormatting {
    /// Integers without a decimal point (`17850`), other values in Swift's shortest round-trip form.
    public static func plain(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Fixed decimals without grouping (`1234.50`), half away from zero on the decimal representation.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        var scaled = (abs(value) * pow10(decimals)).rounded(.toNearestOrAwayFromZero)
        if scaled == 0 { return decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals) }
        let negative = value < 0
        var digits = ""
        if scaled < 9e15 {
            digits = String(Int64(scaled))
        } else {
            digits = String(format0: scaled)
            scaled = 0
        }
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return (negative ? "-" : "") + digits
    }

    private static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }
}

extension String {
    fileprivate init(format0 value: Double) {
        var v = value
        var out: [Character] = []
        repeat {
            let d = v.truncatingRemainder(dividingBy: 10)
            out.append(Character(String(Int(d))))
            v = (v - d) / 10
        } while v >= 1
        self = String(out.reversed())
    }
}
