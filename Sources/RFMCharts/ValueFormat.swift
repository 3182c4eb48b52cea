import Foundation

/// How a number is written on a label: always with thousands separators, never "-0".
public enum ValueFormat: Sendable, Equatable {
    /// "12,345"
    case integer
    /// "1,234.5" with a fixed number of decimals.
    case decimal(places: Int)
    /// "£1,234.50"; the sign goes before the symbol: "-£3.00".
    case money(symbol: String, places: Int = 2)
    /// A fraction written as a percentage: 0.179 → "17.9%".
    case percent(places: Int = 1)

    /// Formats one value; non-finite values print as "–".
    public func format(_ value: Double) -> String {
        switch self {
        case .integer: return Self.grouped(value, places: 0)
        case .decimal(let p): return Self.grouped(value, places: p)
        case .money(let symbol, let p):
            let body = Self.grouped(abs(value), places: p)
            guard value.isFinite else { return body }
            return (Self.isNegativeAfterRounding(value, places: p) ? "-" : "") + symbol + body
        case .percent(let p):
            guard value.isFinite else { return Self.grouped(value, places: p) }
            return Self.grouped(value * 100, places: p) + "%"
        }
    }

    /// Decimal places this format writes.
    var places: Int {
        switch self {
        case .integer: 0
        case .decimal(let p), .money(_, let p), .percent(let p): p
        }
    }

    /// The same kind of format with the fewest decimals that write every tick exactly (e.g. "£0", "£500"; "0.1", "0.2").
    func tickFormat(for ticks: [Double]) -> ValueFormat {
        let shown = ticks.map { self.isPercent ? $0 * 100 : $0 }
        let needed =
            (0...6).first { p in
                let f = pow(10, Double(p))
                return shown.allSatisfy { v in
                    let s = v * f
                    return abs(s - s.rounded()) <= 1e-6 * max(1, abs(s))
                }
            } ?? 6
        switch self {
        case .integer, .decimal: return needed == 0 ? .integer : .decimal(places: needed)
        case .money(let symbol, _): return .money(symbol: symbol, places: needed)
        case .percent: return .percent(places: needed)
        }
    }

    private var isPercent: Bool { if case .percent = self { return true } else { return false } }

    private static func isNegativeAfterRounding(_ value: Double, places: Int) -> Bool {
        value < 0 && (abs(value) * pow(10, Double(max(0, min(places, 9))))).rounded() != 0
    }

    /// Rounds half away from zero to `places` and groups thousands with ",".
    static func grouped(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "–" }
        let p = max(0, min(places, 9))
        let factor = pow(10, Double(p))
        let scaled = (abs(value) * factor).rounded()
        guard scaled < 9.0e15 else { return String(format: "%.3g", value) }
        let n = UInt64(scaled)
        let unit = UInt64(factor)
        let digits = String(n / unit)
        var out = ""
        out.reserveCapacity(digits.count + digits.count / 3 + p + 2)
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        if p > 0 {
            let frac = String(n % unit)
            out += "." + String(repeating: "0", count: p - frac.count) + frac
        }
        return (value < 0 && n != 0 ? "-" : "") + out
    }
}
