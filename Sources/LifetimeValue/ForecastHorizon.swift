/// How far ahead lifetime value looks: months (`12m`), weeks (`52w`) or days (`90d`). A month is 4.345 weeks
/// (30.415 days), the step lifetimes' `customer_lifetime_value(freq="W")` uses.
public struct ForecastHorizon: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Unit: String, Sendable, Codable {
        case month = "m"
        case week = "w"
        case day = "d"
    }

    public static let daysPerMonth = 4.345 * 7

    public let count: Int
    public let unit: Unit

    public init(count: Int, unit: Unit) {
        self.count = count
        self.unit = unit
    }

    /// `12m`, `52w`, `90d`: a whole number from 1 with its unit; nil otherwise.
    public init?(_ text: String) {
        guard let last = text.last, let unit = Unit(rawValue: String(last).lowercased()),
            let count = Int(text.dropLast()), count >= 1, count <= 100_000
        else { return nil }
        self.init(count: count, unit: unit)
    }

    public var description: String { "\(count)\(unit.rawValue)" }

    /// In words, for the pages: "12 months".
    public var words: String {
        let name: String
        switch unit {
        case .month: name = "month"
        case .week: name = "week"
        case .day: name = "day"
        }
        return "\(count) \(name)\(count == 1 ? "" : "s")"
    }

    public var days: Double {
        switch unit {
        case .month: return Double(count) * Self.daysPerMonth
        case .week: return Double(count) * 7
        case .day: return Double(count)
        }
    }
}
