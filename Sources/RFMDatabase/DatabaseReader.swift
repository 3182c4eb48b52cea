import Foundation
import RFMConcurrency
import RFMCore
import RFMPrimitives

/// Reads a report's purchases from a PostgreSQL table or query: the columns are found by name as in files, the
/// cleaning and the per-customer totals at the report's cut-offs run in the database (`PushDownQuery`), and only
/// per-customer rows come back, into a `CustomerLedger`.
public struct DatabaseReader: Sendable {
    public let target: ConnectionTarget
    public let source: DatabaseSource
    public let overrides: [ColumnRole: String]
    public let timeZone: String
    public let timeout: Double?

    public init(
        target: ConnectionTarget, source: DatabaseSource, overrides: [ColumnRole: String], timeZone: String = "UTC",
        timeout: Double? = nil
    ) {
        self.target = target
        self.source = source
        self.overrides = overrides
        self.timeZone = timeZone
        self.timeout = timeout
    }

    /// A statement that ran (with its parameters as placeholders), and how long it took (for `run.log`; the
    /// seconds stay out of `result.json`, which is byte-identical from run to run).
    public struct TimedStatement: Sendable, Equatable {
        public let statement: DatabaseInput.Statement
        public let seconds: Double
    }

    /// What was read: the ledger, and the statements.
    public struct Result: Sendable {
        public let ledger: CustomerLedger
        public let statements: [TimedStatement]
    }

    /// Connects, checks the source and its columns, and computes the ledger for the report's cut-offs.
    public func read(snapshot: SnapshotRule, historyMonths: Int, months: [(year: Int, month: Int)] = [])
        throws -> Result
    {
        let connection = try PostgresConnection(target, timeZone: timeZone, timeout: timeout)
        defer { connection.close() }
        let (sourceSQL, label) = try resolve(connection)
        let described = try connection.describe("SELECT * FROM \(sourceSQL.from) LIMIT 0")
        let types = try typeNames(connection, described.map(\.type))
        let columns = described.map {
            SourceColumn(name: $0.name, typeOID: $0.type, typeName: types[$0.type] ?? "oid \($0.type)")
        }
        let mapping = try ColumnMapping.resolve(header: columns.map(\.name), overrides: overrides, file: label)
        try check(columns, mapping, label: label)
        let query = PushDownQuery(source: sourceSQL, columns: columns, mapping: mapping, timeZone: timeZone)
        var statements: [TimedStatement] = []
        func timed<T>(_ purpose: String, _ sql: String, _ parameters: [String], _ body: () throws -> T) rethrows -> T {
            let start = Date()
            let value = try body()
            statements.append(
                TimedStatement(
                    statement: .init(purpose: purpose, sql: sql, parameters: parameters),
                    seconds: Date().timeIntervalSince(start)))
            return value
        }

        // Every statement reads one snapshot of the data (a live table may change between them): this
        // connection's, exported to the connections that run beside it.
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        let snapshotID = try connection.execute("SELECT pg_export_snapshot()").first?[0] ?? nil

        // `--month latest` needs the last day before the cut-offs are known.
        var lastDay: CivilDate?
        if snapshot == .latestCompleteMonth {
            let sql = query.lastTimes
            var latest = Int64.min
            try timed("the last purchase (for --month latest)", sql, []) {
                try connection.stream(sql) { row in
                    if let t = row[1].flatMap(Self.seconds) { latest = max(latest, t) }
                }
            }
            if latest > Int64.min { lastDay = LocalTimestamp(seconds: latest).day }
        }
        let cutoffs = LedgerCutoffs.days(
            snapshot: snapshot, lastDay: lastDay, historyMonths: historyMonths, months: months)
        let parameters = cutoffs.map { "\($0) 00:00:00" }

        // The duplicates run on a connection of their own, beside the totals.
        let k = cutoffs.count + 1
        let duplicatesSQL = query.duplicates
        let duplicatesJob = SideStatement<DuplicateRow>(self, snapshot: snapshotID, sql: duplicatesSQL, parameters: [])
        { row in
            guard let raw = row[0], let t = row[1].flatMap(Self.seconds), let amount = row[2],
                let repeats = row.integer(3)
            else { return nil }
            return DuplicateRow(
                id: TransactionCollector.canonicalID(raw), time: t, amount: amount, repeats: Int(repeats))
        }

        // Per raw customer value: rule counts and the totals at each cut-off.
        var groups: [String: Group] = [:]
        var cleaning = CleaningReport()
        var rowsRead = 0
        var counts = [Int](repeating: 0, count: 7)
        let totalsSQL = query.totals(cutoffs: cutoffs.count)
        let hasCountry = query.country != nil
        try timed("per-customer totals, cleaning counts", totalsSQL, parameters) {
            try connection.stream(totalsSQL, parameters) { row in
                let rule = Int(row.integer(1) ?? 1)
                let n = Int(row.integer(2) ?? 0)
                rowsRead += n
                guard rule == 0 else {
                    if (1...6).contains(rule) { counts[rule] += n }
                    return
                }
                guard n > 0, let raw = row[0] else { return }
                let id = TransactionCollector.canonicalID(raw)
                var states: [RawState] = []
                for j in 0..<k {
                    let base = 4 + 4 * j
                    states.append(
                        RawState(
                            rows: Int(row.integer(base) ?? 0), purchases: Int(row.integer(base + 1) ?? 0),
                            sum: row[base + 2] ?? "0", last: row[base + 3].flatMap(Self.seconds) ?? Int64.min))
                }
                let first = row[3].flatMap(Self.seconds) ?? Int64.max
                groups[id, default: Group(first: Int64.max, states: [])].merge(first: first, states: states)
                if hasCountry {
                    let c = 4 + 4 * k
                    if let low = row[c], low == row[c + 1], row.integer(c + 2) == Int64(n) {
                        groups[id]?.soleCountries.insert(low)
                    } else if row[c] != nil {
                        groups[id]?.mixedCountries = true
                    }
                    groups[id]?.raws.append(raw)
                }
            }
        }
        // Countries: a customer's one country; for the few with several (or rows without one), the latest row's
        // per cut-off, from a statement over those customers only.
        var mixed: [String] = []
        for (id, g) in groups {
            if !g.mixedCountries && g.soleCountries.count == 1 {
                for j in 0..<k where g.states[j].rows > 0 { groups[id]?.states[j].country = g.soleCountries.first }
            } else if g.mixedCountries || g.soleCountries.count > 1 {
                mixed += g.raws
            }
        }
        if !mixed.isEmpty, let sql = query.countries(cutoffs: cutoffs.count) {
            let list = Self.textArray(mixed.sorted())
            try timed(
                "the country of the latest purchase, for the \(mixed.count) customers with several", sql,
                parameters + ["(\(mixed.count) customer ids)"]
            ) {
                try connection.stream(sql, parameters + [list]) { row in
                    guard let raw = row[0], let stored = row[1] else { return }
                    let id = TransactionCollector.canonicalID(raw)
                    let country = Self.trimmedCountry(stored)
                    for j in 0..<k {
                        guard let t = row[2 + j].flatMap(Self.seconds) else { continue }
                        groups[id]?.offerCountry(country, at: t, state: j)
                    }
                }
            }
        }
        // Exact duplicates: their amounts and rows come off the totals.
        var duplicates = 0
        let (duplicateRows, duplicateSeconds) = try duplicatesJob.result()
        statements.append(
            TimedStatement(
                statement: .init(
                    purpose: "exact duplicate rows, beside the totals", sql: duplicatesSQL, parameters: []),
                seconds: duplicateSeconds))
        for r in duplicateRows {
            duplicates += r.repeats
            for j in 0..<k where j == k - 1 || r.time < Int64(cutoffs[j].dayNumber) * 86_400 {
                groups[r.id]?.remove(repeats: r.repeats, amount: r.amount, state: j)
            }
        }
        // The preview and the first malformed rows, for the data page.
        var preview: [PreviewRow] = []
        let previewSQL = query.preview(limit: TransactionCollector.previewRows)
        let location = SourceLocation(file: label)
        try timed("the first kept rows (the data page's preview)", previewSQL, []) {
            try connection.stream(previewSQL) { row in
                preview.append(
                    PreviewRow(
                        source: location, invoice: row[0] ?? "", stockCode: row[1] ?? "", description: row[2] ?? "",
                        quantity: row[3].map(Self.plainNumber) ?? "", date: row[4].map(Self.dateText) ?? "",
                        unitPrice: row[5].map(Self.plainNumber) ?? "", amount: row[6].flatMap(Double.init) ?? 0,
                        customer: row[7] ?? "", country: row[8] ?? ""))
            }
        }
        if counts[1] > 0 {
            let sql = query.malformed(limit: CleaningReport.malformedExamplesKept)
            let roles = mapping.usesAmount ? [ColumnRole.date, .amount] : [.date, .quantity, .price]
            try timed("the first malformed rows", sql, []) {
                try connection.stream(sql) { row in
                    for (n, role) in roles.enumerated() where row[2 * n + 1] == "f" {
                        let value = row[2 * n]
                        var at = location
                        at.column = columns[mapping.index[role]!].name
                        cleaning.malformedExamples.append(
                            MalformedRow(
                                location: at,
                                expected: role == .date
                                    ? "a date from 1900 to 9999 (\(DateParser.expectation))" : "a number",
                                found: value.map { "\"\(TerminalText.escape(String($0.prefix(57))))\"" } ?? "NULL"))
                        break
                    }
                }
            }
        }

        // Exact sums at one scale, within the total a report can compute with (as for files).
        var scale = 0
        var total = 0.0
        for g in groups.values {
            for s in g.states { scale = max(scale, Self.places(s.sum)) }
            total += Double(g.states[k - 1].sum) ?? .infinity
        }
        if !(total <= TransactionCollector.largestAmountTotal) {
            var at = location
            at.column = columns[mapping.index[mapping.usesAmount ? .amount : .price]!].name
            throw InputError.malformedRow(
                location: at,
                expected:
                    "amounts whose total stays within \(NumberFormatting.plain(TransactionCollector.largestAmountTotal)) (where sums would overflow)",
                found: "a total of \(NumberFormatting.plain(total))")
        }
        var customers: [CustomerLedger.Customer] = []
        customers.reserveCapacity(groups.count)
        var kept = 0
        for (id, g) in groups.sorted(by: { $0.key < $1.key }) {
            var states: [CustomerLedger.State] = []
            for s in g.states {
                guard let units = DecimalUnits.parse(Substring(s.sum), scale: scale) else {
                    throw DatabaseError.queryFailed(
                        target: target.display, sqlState: "22003",
                        reason: "the sum of \(id)'s amounts (\(s.sum)) has more digits than rfm keeps exactly")
                }
                states.append(
                    CustomerLedger.State(
                        rows: s.rows, purchases: s.purchases, amountUnits: units - g.removedUnits(s, scale: scale),
                        last: s.last, country: s.country))
            }
            for j in states.indices { states[j].rows -= g.states[j].removedRows }
            kept += states[k - 1].rows
            customers.append(CustomerLedger.Customer(id: id, first: g.first, states: states))
        }
        cleaning.rowsRead = rowsRead
        cleaning.removed[.malformed] = counts[1]
        cleaning.removed[.missingCustomerID] = counts[2]
        cleaning.removed[.cancelledInvoice] = counts[3]
        cleaning.removed[.quantityNonPositive] = counts[4]
        cleaning.removed[.priceNonPositive] = counts[5]
        cleaning.removed[.amountNonPositive] = counts[6]
        cleaning.removed[.duplicateRows] = duplicates
        cleaning.rowsAfter = kept
        if rowsRead == 0 {
            throw InputError.empty(file: label, reason: "it has no rows")
        }
        var input = InputSummary(
            file: label, format: "postgresql", rows: rowsRead, columns: columns.map(\.name),
            columnsDetected: Dictionary(
                uniqueKeysWithValues: mapping.index.map { ($0.key.rawValue, columns[$0.value].name) }))
        input.database = DatabaseInput(
            connection: connection.sessionDisplay, source: source.description, timeZone: timeZone,
            parsedColumns: query.parsedColumns,
            columnTypes: columns.map { "\($0.name) \($0.typeName)" },
            statements: statements.map(\.statement))
        let ledger = CustomerLedger(
            cutoffs: cutoffs, amountScale: scale, customers: customers, cleaning: cleaning, inputs: [input],
            preview: preview, hasInvoices: mapping.hasInvoice)
        return Result(ledger: ledger, statements: statements)
    }

    struct CountryRow: Sendable {
        let id: String
        let country: String
        let times: [Int64?]
    }

    struct DuplicateRow: Sendable {
        let id: String
        let time: Int64
        let amount: String
        let repeats: Int
    }

    // MARK: Checks

    /// The table named (resolved by the server, so `schema.name`, quoting and the search_path work as in psql), or
    /// the query as a subquery; and how messages name it.
    func resolve(_ connection: PostgresConnection) throws(DatabaseError) -> (PushDownQuery.Source, String) {
        switch source {
        case .table(let name):
            let rows = try connection.execute(
                "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                    + "ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)", [name])
            guard let row = rows.first, let schema = row[0], let relation = row[1] else {
                throw .missingTable(target: target.display, table: name)
            }
            return (.table("\(SQLText.identifier(schema)).\(SQLText.identifier(relation))"), "table \(name)")
        case .query(let sql):
            return (.query(sql), "the query")
        }
    }

    func typeNames(_ connection: PostgresConnection, _ oids: [UInt32]) throws(DatabaseError) -> [UInt32: String] {
        let list = Set(oids).map(String.init).joined(separator: ",")
        var out: [UInt32: String] = [:]
        for row in try connection.execute(
            "SELECT oid::text, format_type(oid, NULL) FROM pg_catalog.pg_type WHERE oid = ANY($1::oid[])", ["{\(list)}"]
        ) {
            if let oid = row[0].flatMap(UInt32.init), let name = row[1] { out[oid] = name }
        }
        return out
    }

    /// Every role's column must have a type the SQL can read.
    func check(_ columns: [SourceColumn], _ mapping: ColumnMapping, label: String) throws(DatabaseError) {
        for (role, i) in mapping.index.sorted(by: { $0.key < $1.key }) {
            let c = columns[i]
            let ok: Bool
            let expected: String
            switch role {
            case .quantity, .price, .amount:
                ok = [.integer, .decimal, .text].contains(c.kind)
                expected = "a number (integer, numeric, real or double precision) or text holding numbers"
            case .date:
                ok = [.timestamp, .timestampWithZone, .date, .text].contains(c.kind)
                expected = "timestamp, timestamptz, date, or text holding dates (YYYY-MM-DD HH:MM:SS or M/D/YYYY H:MM)"
            default:
                continue  // ids, invoices and texts are read as text, whatever their type
            }
            if !ok {
                throw .unusableType(
                    target: target.display, source: label, column: c.name, type: c.typeName, role: role.rawValue,
                    expected: expected)
            }
        }
    }

    // MARK: Values

    /// `2011-12-09 12:50:00[.123]` (the session's ISO DateStyle) as local seconds since 1970.
    static func seconds(_ text: String) -> Int64? {
        let whole = text.split(separator: ".", maxSplits: 1).first.map(String.init) ?? text
        return DateParser.parse(whole)?.seconds
    }

    static func dateText(_ text: String) -> String {
        (seconds(text).map { LocalTimestamp(seconds: $0).description }) ?? text
    }

    /// A numeric's text as files' numbers print (`2.550` → `2.55`).
    static func plainNumber(_ text: String) -> String {
        guard let v = Double(text) else { return text }
        return NumberFormatting.plain(v)
    }

    /// Decimal places of a numeric's text.
    static func places(_ text: String) -> Int {
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: text.index(after: dot), to: text.endIndex)
    }

    struct RawState {
        var rows: Int
        var purchases: Int
        var sum: String
        var last: Int64
        var country: String?
        var countryTime = Int64.min
        var removedRows = 0
        var removedSums: [(repeats: Int, amount: String)] = []
    }

    /// A country as files' countries are kept: leading spaces, trailing spaces and carriage returns removed.
    static func trimmedCountry(_ text: String) -> String {
        var scalars = Substring(text)
        while scalars.first == " " { scalars = scalars.dropFirst() }
        while scalars.last == " " || scalars.last == "\r" { scalars = scalars.dropLast() }
        return String(scalars)
    }

    /// A PostgreSQL text array literal (`{"a","b\\"c"}`), passed as a parameter.
    static func textArray(_ values: [String]) -> String {
        "{"
            + values.map {
                "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
            }
            .joined(separator: ",") + "}"
    }

    /// One canonical customer id's totals (two raw values, `17850` and `17850.0`, make one id).
    struct Group {
        var first: Int64
        var states: [RawState]
        /// The country when every kept row of a raw value has the same one.
        var soleCountries: Set<String> = []
        /// Some raw value's rows have several countries, or rows without one.
        var mixedCountries = false
        /// The raw values of this id.
        var raws: [String] = []

        mutating func merge(first: Int64, states new: [RawState]) {
            self.first = min(self.first, first)
            if states.isEmpty {
                states = new
                return
            }
            for j in states.indices {
                states[j].rows += new[j].rows
                states[j].purchases += new[j].purchases
                states[j].sum = DatabaseReader.add(states[j].sum, new[j].sum)
                states[j].last = max(states[j].last, new[j].last)
            }
        }

        mutating func offerCountry(_ country: String, at t: Int64, state j: Int) {
            guard j < states.count else { return }
            if t > states[j].countryTime || (t == states[j].countryTime && country > (states[j].country ?? "")) {
                states[j].countryTime = t
                states[j].country = country
            }
        }

        mutating func remove(repeats: Int, amount: String, state j: Int) {
            guard j < states.count else { return }
            states[j].removedRows += repeats
            states[j].removedSums.append((repeats, amount))
        }

        func removedUnits(_ s: RawState, scale: Int) -> Int128 {
            s.removedSums.reduce(Int128(0)) { total, r in
                total + Int128(r.repeats) * (DecimalUnits.parse(Substring(r.amount), scale: scale) ?? 0)
            }
        }
    }

    /// Two numerics' texts added exactly (two raw ids of one customer).
    static func add(_ a: String, _ b: String) -> String {
        let scale = max(places(a), places(b))
        guard let x = DecimalUnits.parse(Substring(a), scale: scale),
            let y = DecimalUnits.parse(Substring(b), scale: scale)
        else { return a }
        let sum = x + y
        let digits = String(sum.magnitude)
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        let text = scale == 0 ? padded : padded.dropLast(scale) + "." + padded.suffix(scale)
        return (sum < 0 ? "-" : "") + text
    }
}

/// A database source: a table (or view) by name, or a query.
public enum DatabaseSource: Sendable, Equatable, CustomStringConvertible {
    case table(String)
    case query(String)

    public var description: String {
        switch self {
        case .table(let name): return "table \(name)"
        case .query(let sql): return "query: \(sql)"
        }
    }
}

/// A statement run on a connection of its own, on a thread of its own, reading the snapshot `snapshot` exported
/// by the main connection (so it sees exactly the data the other statements see). Its rows are turned into values
/// as they arrive; `result()` waits for them.
final class SideStatement<Value: Sendable>: Sendable {
    private let outcome = Locked<Result<([Value], Double), DatabaseError>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(
        _ reader: DatabaseReader, snapshot: String?, sql: String, parameters: [String],
        _ transform: @escaping @Sendable (borrowing PostgresConnection.Row) -> Value?
    ) {
        let outcome = self.outcome
        let done = self.done
        let thread = Thread {
            let start = Date()
            let result: Result<([Value], Double), DatabaseError>
            do throws(DatabaseError) {
                let connection = try PostgresConnection(
                    reader.target, timeZone: reader.timeZone, timeout: reader.timeout)
                defer { connection.close() }
                try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                if let snapshot { try connection.execute("SET TRANSACTION SNAPSHOT \(SQLText.literal(snapshot))") }
                var values: [Value] = []
                try connection.stream(sql, parameters.map { $0 }) { row in
                    if let v = transform(row) { values.append(v) }
                }
                try connection.execute("COMMIT")
                result = .success((values, Date().timeIntervalSince(start)))
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The values and the seconds the statement took, or its error.
    func result() throws(DatabaseError) -> ([Value], Double) {
        done.wait()
        done.signal()
        return try outcome.withLock { $0! }.get()
    }
}
