/// The cleaned transactions in compact columns (one entry per kept row, in file order) plus the interned
/// customer ids, invoices and countries they refer to.
public struct TransactionTable: Sendable {
    /// Customer index per row (into `customers`).
    public var customer: [Int32] = []
    /// Purchase key per row: the invoice index, or -1 when the input has no invoice column.
    public var invoice: [Int32] = []
    /// Local timestamp per row, seconds since 1970-01-01.
    public var time: [Int64] = []
    /// Quantity × unit price (or the amount column) per row.
    public var amount: [Double] = []
    /// Country index per row (into `countries`), -1 when unknown.
    public var country: [Int32] = []
    /// Each row's amount as an exact decimal: units of 10^-`amountScale` (`DecimalUnits`), while every amount so
    /// far was read from a decimal text of a few places (`amountScale` nil, and this empty, once one was not: then
    /// sums are compensated sums of the doubles in file order, as pandas computes them).
    public var amountUnits: [Int64] = []
    public var amountScale: Int? = 0

    /// The scale of the exact amounts when every row has one (sums are then exact), else nil.
    public var exactScale: Int? { amountUnits.count == count ? amountScale : nil }

    public var customers = ByteInterner()
    public var invoices = ByteInterner(capacity: 1 << 14)
    public var countries = ByteInterner(capacity: 64)

    /// The first cleaned rows, as text, for the report's data preview.
    public var preview: [PreviewRow] = []
    public var cleaning = CleaningReport()
    /// Inputs read, in order.
    public var inputs: [InputSummary] = []
    /// Whether every input had an invoice column (else purchases are customer-days).
    public var hasInvoices = true

    public init() {}

    public var count: Int { customer.count }

    /// The values read as Latin-1 because they were not valid UTF-8 (SPEC §2), counted here and nowhere else:
    /// distinct customer ids and countries (the texts a report shows). Computed from the interned bytes, so a table
    /// from the parse cache counts the same as one read from its file.
    public var latin1Values: Latin1Values {
        Latin1Values(customerIDs: customers.latin1Count, countries: countries.latin1Count)
    }
}

/// Distinct text values of a table that were not valid UTF-8 and were read as Latin-1.
public struct Latin1Values: Sendable, Equatable {
    public let customerIDs: Int
    public let countries: Int

    public init(customerIDs: Int, countries: Int) {
        self.customerIDs = customerIDs
        self.countries = countries
    }

    /// Customer ids and countries together (`result.json`'s `input.latin1_values`).
    public var total: Int { customerIDs + countries }
}

/// One cleaned row as text, for the data preview.
public struct PreviewRow: Sendable, Codable, Equatable {
    public let source: SourceLocation
    public let invoice: String
    public let stockCode: String
    public let description: String
    public let quantity: String
    public let date: String
    public let unitPrice: String
    public let amount: Double
    public let customer: String
    public let country: String

    public init(
        source: SourceLocation, invoice: String, stockCode: String, description: String, quantity: String,
        date: String, unitPrice: String, amount: Double, customer: String, country: String
    ) {
        self.source = source
        self.invoice = invoice
        self.stockCode = stockCode
        self.description = description
        self.quantity = quantity
        self.date = date
        self.unitPrice = unitPrice
        self.amount = amount
        self.customer = customer
        self.country = country
    }
}

/// What was read from one input file.
public struct InputSummary: Sendable, Codable, Equatable {
    public var file: String
    public var format: String
    public var sheets: [String]
    public var rows: Int
    public var columns: [String]
    public var columnsDetected: [String: String]
    public var delimiter: String?
    public var bytes: Int
    /// For a database source: the connection (no password), the SQL that ran, the columns parsed from text.
    public var database: DatabaseInput?

    /// How pages name the input: the file's name, or the database source (`table sales on postgresql://...`).
    public var shortName: String {
        if let database { return "\(database.source) on \(database.connection)" }
        return file.split(separator: "/").last.map(String.init) ?? file
    }

    public init(
        file: String, format: String, sheets: [String] = [], rows: Int = 0, columns: [String] = [],
        columnsDetected: [String: String] = [:], delimiter: String? = nil, bytes: Int = 0
    ) {
        self.file = file
        self.format = format
        self.sheets = sheets
        self.rows = rows
        self.columns = columns
        self.columnsDetected = columnsDetected
        self.delimiter = delimiter
        self.bytes = bytes
    }
}

/// What a database source was and how it was read (`rfm report --db`), for `result.json` and the data page.
public struct DatabaseInput: Sendable, Codable, Equatable {
    /// One statement that ran, with its parameters' values (the cut-off days) beside it, never inside it.
    public struct Statement: Sendable, Codable, Equatable {
        public let purpose: String
        public let sql: String
        public let parameters: [String]

        public init(purpose: String, sql: String, parameters: [String]) {
            self.purpose = purpose
            self.sql = sql
            self.parameters = parameters
        }
    }

    /// `postgresql://user@host:port/database`, as the session reports it; never a password.
    public let connection: String
    /// `table NAME` or `query: SELECT ...`.
    public let source: String
    /// The session time zone a `timestamptz` is read in.
    public let timeZone: String
    /// Text columns whose numbers or dates were parsed in SQL.
    public let parsedColumns: [String]
    /// Each column with its type, as the server describes it.
    public let columnTypes: [String]
    public let statements: [Statement]

    public init(
        connection: String, source: String, timeZone: String, parsedColumns: [String], columnTypes: [String],
        statements: [Statement]
    ) {
        self.connection = connection
        self.source = source
        self.timeZone = timeZone
        self.parsedColumns = parsedColumns
        self.columnTypes = columnTypes
        self.statements = statements
    }

    enum CodingKeys: String, CodingKey {
        case connection, source, statements
        case timeZone = "time_zone"
        case parsedColumns = "parsed_columns"
        case columnTypes = "column_types"
    }
}
