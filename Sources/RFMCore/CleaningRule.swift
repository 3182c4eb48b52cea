/// The cleaning rules of SPEC §3, in the order they are applied. Every rule counts the rows it removes.
public enum CleaningRule: String, Sendable, CaseIterable, Codable {
    case malformed
    case missingCustomerID = "missing_customer_id"
    case cancelledInvoice = "cancelled_invoice"
    case quantityNonPositive = "quantity_nonpositive"
    case priceNonPositive = "price_nonpositive"
    case amountNonPositive = "amount_nonpositive"
    case duplicateRows = "duplicate_rows"

    /// What the rule removes, for people.
    public var label: String {
        switch self {
        case .malformed: return "Malformed rows (could not be parsed)"
        case .missingCustomerID: return "Missing customer id"
        case .cancelledInvoice: return "Cancellations (invoice starts with C)"
        case .quantityNonPositive: return "Quantity ≤ 0"
        case .priceNonPositive: return "Unit price ≤ 0"
        case .amountNonPositive: return "Amount ≤ 0 (files with an amount column)"
        case .duplicateRows: return "Exact duplicate rows (first kept)"
        }
    }
}

/// A row that could not be parsed, with where it is and what was wrong.
public struct MalformedRow: Sendable, Codable, Equatable {
    public let location: SourceLocation
    public let expected: String
    public let found: String

    public init(location: SourceLocation, expected: String, found: String) {
        self.location = location
        self.expected = expected
        self.found = found
    }
}

/// Rows read, rows removed by each rule, rows kept, and the first malformed rows.
public struct CleaningReport: Sendable, Codable, Equatable {
    public var rowsRead = 0
    public var removed: [CleaningRule: Int] = Dictionary(uniqueKeysWithValues: CleaningRule.allCases.map { ($0, 0) })
    public var rowsAfter = 0
    /// The first `MalformedRow.keep` malformed rows.
    public var malformedExamples: [MalformedRow] = []

    public static let malformedExamplesKept = 20

    public init() {}

    public func count(_ rule: CleaningRule) -> Int { removed[rule] ?? 0 }
}
