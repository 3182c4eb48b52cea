/// What a column of the transaction log means to the pipeline.
public enum ColumnRole: String, Sendable, CaseIterable, Codable, Comparable {
    case invoice, customer, quantity, price, amount, date, country, description, stockcode

    /// Header names recognised for this role, compared after `ColumnRole.normalise`.
    /// The first five spellings of SPEC §2 come first; the others are common export spellings.
    public var aliases: [String] {
        switch self {
        case .invoice: return ["InvoiceNo", "Invoice", "Invoice Number", "InvoiceID", "Order ID", "OrderNo"]
        case .customer: return ["CustomerID", "Customer ID", "Customer", "Customer No", "Customer Number", "ClientID"]
        case .quantity: return ["Quantity", "Qty"]
        case .price: return ["UnitPrice", "Price", "Unit Price"]
        case .amount: return ["Amount", "Line Total", "LineTotal", "Total", "Revenue", "Sales"]
        case .date: return ["InvoiceDate", "Date", "Order Date", "Transaction Date"]
        case .country: return ["Country"]
        case .description: return ["Description"]
        case .stockcode: return ["StockCode", "Stock Code", "SKU"]
        }
    }

    /// Header comparison key: case-insensitive, with spaces, underscores and hyphens removed.
    public static func normalise(_ header: String) -> String {
        String(
            header.lowercased().unicodeScalars.filter {
                !($0 == " " || $0 == "_" || $0 == "-" || $0 == "\t" || $0 == "\u{FEFF}" || $0 == "\u{A0}")
            })
    }

    public static func < (lhs: ColumnRole, rhs: ColumnRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
