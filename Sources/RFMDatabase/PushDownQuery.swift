import RFMCore

/// The SQL that computes a report's per-customer totals inside the database (the cleaning rules, the cut-offs,
/// exact decimal sums), built from the source's columns and their roles. Every statement groups by the raw
/// customer column, the column a sharded table is distributed by, so each shard aggregates its own customers
/// (PostgreSQL's partitionwise aggregate with postgres_fdw, or Citus). Only rfm's own patterns and identifiers are
/// written into the text; the cut-offs are `$n` parameters; a `--query` is a subquery, never spliced.
public struct PushDownQuery: Sendable {
    /// `"schema"."table"`, or the user's query.
    public enum Source: Sendable, Equatable {
        case table(String)
        case query(String)

        /// The FROM item every statement reads, named `src`.
        var from: String {
            switch self {
            case .table(let name): return "\(name) AS src"
            case .query(let sql): return "(\(sql)) AS src"
            }
        }
    }

    public let source: Source
    public let columns: [SourceColumn]
    public let mapping: ColumnMapping
    /// The session's time zone, in which a `timestamptz` is read (as its local time there).
    public let timeZone: String

    public init(source: Source, columns: [SourceColumn], mapping: ColumnMapping, timeZone: String) {
        self.source = source
        self.columns = columns
        self.mapping = mapping
        self.timeZone = timeZone
    }

    var from: String { source.from }

    func column(_ role: ColumnRole) -> SourceColumn? { mapping.index[role].map { columns[$0] } }
    func ref(_ c: SourceColumn) -> String { "src.\(c.identifier)" }

    /// Text columns whose values are parsed in SQL (numbers or dates stored as text), by role.
    public var parsedColumns: [String] {
        let roles: [ColumnRole] = mapping.usesAmount ? [.amount, .date] : [.quantity, .price, .date]
        return roles.compactMap { role in
            column(role).flatMap { $0.kind == .text ? "\($0.name) (\(role.rawValue))" : nil }
        }
    }

    // MARK: Per-row expressions

    /// The number as aggregates use it: a typed column as it is (the rule has checked it), text parsed.
    func numberValue(_ c: SourceColumn) -> String {
        if c.kind == .integer || c.typeOID == 1700 { return ref(c) }
        return number(c)
    }

    /// The time as aggregates use it: a `timestamp` column as it is (the rule has checked its range).
    func timeValue(_ c: SourceColumn) -> String { c.kind == .timestamp ? ref(c) : time(c) }

    /// A decimal number, NULL when the value is not one (text that is not a number, NaN, infinity).
    func number(_ c: SourceColumn) -> String {
        let x = ref(c)
        switch c.kind {
        case .integer: return "\(x)::numeric"
        case .decimal:
            return "(CASE WHEN \(x)::numeric BETWEEN -1e300 AND 1e300 THEN \(x)::numeric END)"
        default:
            return
                "(CASE WHEN \(x) ~ '^[ \\t]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]{1,3})?[ \\t\\r]*$' "
                + "THEN (CASE WHEN abs(btrim(\(x), E' \\t\\r')::numeric) < 1e308 THEN btrim(\(x), E' \\t\\r')::numeric END) END)"
        }
    }

    /// The row's time as a `timestamp` (local time), NULL when it is not a date from 1900 to 9999.
    func time(_ c: SourceColumn) -> String {
        let x = ref(c)
        let value: String
        switch c.kind {
        case .timestamp: value = x
        case .timestampWithZone: value = "(\(x) AT TIME ZONE \(SQLText.literal(timeZone)))"
        case .date: value = "\(x)::timestamp"
        default: value = textTime(x)
        }
        return "(CASE WHEN \(value) >= '1900-01-01' AND \(value) < '10000-01-01' THEN \(value) END)"
    }

    /// Dates stored as text: `YYYY-MM-DD[ HH:MM[:SS]]` (or with `T`), and `M/D/YYYY[ H:MM[:SS]]`, checked field by
    /// field (month 1-12, the month's days, hours, minutes, seconds) before `make_timestamp`, so a bad date is a
    /// malformed row, not a failed query.
    func textTime(_ x: String) -> String {
        let iso =
            "^[ ]*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.][0-9]*)?)?)?[ ]*$"
        let us = "^[ ]*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:[ ]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?[ ]*$"
        func field(_ pattern: String, _ k: Int) -> String {
            // regexp_match gives the groups; a missing optional group is NULL (taken as 0)
            "coalesce((regexp_match(\(x), \(SQLText.literal(pattern))))[\(k)]::int, 0)"
        }
        func checked(_ pattern: String, y: Int, m: Int, d: Int) -> String {
            let (yy, mm, dd) = (field(pattern, y), field(pattern, m), field(pattern, d))
            let (hh, mi, ss) = (field(pattern, 4), field(pattern, 5), field(pattern, 6))
            let days =
                "(CASE \(mm) WHEN 2 THEN (CASE WHEN (\(yy) % 4 = 0 AND \(yy) % 100 <> 0) OR \(yy) % 400 = 0 THEN 29 ELSE 28 END) "
                + "WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30 ELSE 31 END)"
            return
                "WHEN \(x) ~ \(SQLText.literal(pattern)) AND \(mm) BETWEEN 1 AND 12 AND \(dd) BETWEEN 1 AND \(days) "
                + "AND \(hh) < 24 AND \(mi) < 60 AND \(ss) < 60 "
                + "THEN make_timestamp(\(yy), \(mm), \(dd), \(hh), \(mi), \(ss)::double precision)"
        }
        return "(CASE \(checked(iso, y: 1, m: 2, d: 3)) \(checked(us, y: 3, m: 1, d: 2)) END)"
    }

    /// Text with the spaces around it removed as the file reader removes them, for ids.
    func trimmed(_ c: SourceColumn) -> String { "rtrim(ltrim(\(ref(c))::text, E' \\t'), E' \\t\\r')" }

    /// An id as files' ids are canonical: trimmed, an integer's `.0` dropped. An id of letters, digits and `-`
    /// only (the usual one) is already canonical, and a cheap test spares it the trimming and the replacement.
    func canonical(_ c: SourceColumn) -> String {
        let x = "\(ref(c))::text"
        return
            "(CASE WHEN \(x) ~ '^[0-9A-Za-z-]+$' THEN \(x) ELSE regexp_replace(\(trimmed(c)), '^(-?[0-9]+)[.]0*$', '\\1') END)"
    }

    /// The cleaning rule a row fails first (SPEC §3: 1 malformed, 2 missing customer id, 3 cancellation,
    /// 4 quantity ≤ 0, 5 price ≤ 0, 6 amount ≤ 0), 0 for a kept row.
    var rule: String {
        var parsed = ["\(time(column(.date)!)) IS NOT NULL"]
        if mapping.usesAmount {
            parsed.append("\(number(column(.amount)!)) IS NOT NULL")
        } else {
            parsed.append("\(number(column(.quantity)!)) IS NOT NULL")
            parsed.append("\(number(column(.price)!)) IS NOT NULL")
        }
        let customer = column(.customer)!
        var cases = [
            "WHEN NOT (\(parsed.joined(separator: " AND "))) THEN 1",
            "WHEN \(ref(customer)) IS NULL OR \(trimmed(customer)) = '' THEN 2",
        ]
        if let invoice = column(.invoice) { cases.append("WHEN ltrim(\(ref(invoice))::text, ' ') ILIKE 'c%' THEN 3") }
        if mapping.usesAmount {
            cases.append("WHEN NOT (\(number(column(.amount)!)) > 0) THEN 6")
        } else {
            cases.append("WHEN NOT (\(number(column(.quantity)!)) > 0) THEN 4")
            cases.append("WHEN NOT (\(number(column(.price)!)) > 0) THEN 5")
        }
        return "(CASE \(cases.joined(separator: " ")) ELSE 0 END)"
    }

    /// quantity × price (or the amount), exact.
    var amount: String {
        mapping.usesAmount
            ? numberValue(column(.amount)!)
            : "(\(numberValue(column(.quantity)!)) * \(numberValue(column(.price)!)))"
    }

    /// What one purchase is: the canonical invoice, or the calendar day.
    var purchase: String {
        column(.invoice).map(canonical) ?? "(\(timeValue(column(.date)!)))::date"
    }

    var country: String? { column(.country).map { "rtrim(ltrim(\(ref($0))::text, ' '), E' \\r')" } }

    /// The per-row subquery every statement aggregates: the raw customer (the group key), the rule, the time.
    var rows: String {
        var select = [
            "\(ref(column(.customer)!)) AS k", "\(rule) AS rule", "\(timeValue(column(.date)!)) AS t", "\(amount) AS a",
            "\(purchase) AS p",
        ]
        if let country, let raw = column(.country) {
            select.append("\(country) AS country")
            select.append("\(ref(raw)) AS cr")
        }
        return "SELECT \(select.joined(separator: ", ")) FROM \(from)"
    }

    // MARK: Statements

    /// Per raw customer value and cleaning rule (0: kept): the rows, the first time, and at each cut-off ($1, $2,
    /// ... as timestamps) and over all rows: rows, distinct purchases, the exact sum, the last time. Grouping by the
    /// rule evaluates it once per row (an aggregate's FILTER would evaluate it again for each aggregate).
    public func totals(cutoffs: Int) -> String {
        var select = ["r.k", "r.rule", "count(*)", "min(r.t)"]
        for j in 0...cutoffs {
            let filter = j < cutoffs ? " FILTER (WHERE r.t < $\(j + 1)::timestamp)" : ""
            select.append("count(*)\(filter)")
            select.append("count(DISTINCT r.p)\(filter)")
            select.append("sum(r.a)\(filter)")
            select.append("max(r.t)\(filter)")
        }
        // A customer whose kept rows all have one country (the usual case) needs nothing more for its country.
        if country != nil { select += ["min(r.country)", "max(r.country)", "count(r.country)"] }
        return "SELECT \(select.joined(separator: ", ")) FROM (\(rows)) AS r GROUP BY r.k, r.rule"
    }

    /// For the customers (raw values, the text array `$cutoffs+1`) whose rows have more than one country, or rows
    /// without one: per customer and raw country value (grouped as stored, trimmed by the reader: an expression
    /// among the grouping keys keeps postgres_fdw from aggregating on the shards), the latest kept row's time at each cut-off and over all rows (the
    /// country of a customer is the one of its latest row; among rows at the same time, the greatest country text).
    public func countries(cutoffs: Int) -> String? {
        guard country != nil else { return nil }
        var select = ["r.k", "r.cr"]
        for j in 0...cutoffs {
            select.append(j < cutoffs ? "max(r.t) FILTER (WHERE r.t < $\(j + 1)::timestamp)" : "max(r.t)")
        }
        return
            "SELECT \(select.joined(separator: ", ")) FROM (\(rows)) AS r WHERE r.rule = 0 AND r.cr IS NOT NULL "
            + "AND r.k::text = ANY($\(cutoffs + 1)::text[]) GROUP BY r.k, r.cr"
    }

    /// The kept rows that repeat an earlier row (SPEC §3 rule 5: every column equal, numbers and dates as values,
    /// the other columns as the database compares them):
    /// per group of equal rows, the raw customer, the time, the amount and how many repeats it has.
    public var duplicates: String {
        var keys = ["\(ref(column(.customer)!))"]
        var parsed: Set<Int> = [mapping.index[.customer]!, mapping.index[.date]!]
        keys.append(timeValue(column(.date)!))
        if mapping.usesAmount {
            keys.append(numberValue(column(.amount)!))
            parsed.insert(mapping.index[.amount]!)
        } else {
            keys.append(numberValue(column(.quantity)!))
            keys.append(numberValue(column(.price)!))
            parsed.formUnion([mapping.index[.quantity]!, mapping.index[.price]!])
        }
        if let i = mapping.index[.invoice] {
            keys.append(canonical(columns[i]))
            parsed.insert(i)
        }
        // The other columns as they are: an expression with a constant (coalesce(x, '')) among the grouping keys
        // keeps postgres_fdw from running the aggregate on the shards. So a NULL and an empty text differ here,
        // where a file has no such difference.
        for (i, c) in columns.enumerated() where !parsed.contains(i) { keys.append(ref(c)) }
        return
            "SELECT \(ref(column(.customer)!)), min(\(timeValue(column(.date)!))), min(\(amount)), count(*) - 1 FROM \(from) "
            + "WHERE \(rule) = 0 GROUP BY \(keys.joined(separator: ", ")) HAVING count(*) > 1"
    }

    /// The latest kept row's time, per raw customer (for `--month latest`, before the cut-offs are known).
    public var lastTimes: String {
        "SELECT r.k, max(r.t) FROM (\(rows)) AS r WHERE r.rule = 0 GROUP BY r.k"
    }

    /// The first kept rows, for the data page.
    public func preview(limit: Int) -> String {
        func text(_ role: ColumnRole) -> String { column(role).map { "\(ref($0))::text" } ?? "NULL" }
        let select = [
            text(.invoice), text(.stockcode), text(.description),
            mapping.usesAmount ? "NULL" : "\(number(column(.quantity)!))::text", "\(time(column(.date)!))::text",
            mapping.usesAmount ? "NULL" : "\(number(column(.price)!))::text", "(\(amount))::text",
            "\(canonical(column(.customer)!))", country ?? "NULL",
        ]
        return "SELECT \(select.joined(separator: ", ")) FROM \(from) WHERE \(rule) = 0 LIMIT \(limit)"
    }

    /// The first rows the cleaning counts as malformed, with the values of the parsed columns.
    public func malformed(limit: Int) -> String {
        var select: [String] = []
        for role in mapping.usesAmount ? [ColumnRole.date, .amount] : [.date, .quantity, .price] {
            let c = column(role)!
            let ok = role == .date ? "\(time(c)) IS NOT NULL" : "\(number(c)) IS NOT NULL"
            select.append("\(ref(c))::text")
            select.append("(\(ok))")
        }
        return "SELECT \(select.joined(separator: ", ")) FROM \(from) WHERE \(rule) = 1 LIMIT \(limit)"
    }
}
