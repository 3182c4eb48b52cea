import RFMPrimitives

/// Per-customer purchase totals at a few cut-off days, computed where the transactions are (a database's
/// `GROUP BY` customer), instead of the rows themselves: enough for the RFM table at any of those cut-offs and the
/// revenue between two of them. Memory grows with customers × cut-offs, never with rows.
///
/// A state at cut-off `d` covers the kept rows dated before `d`'s midnight; the last state covers every kept row.
/// The sums are exact decimals (units of 10^-`amountScale`), so the monetary values are the same doubles as
/// `RFMCalculator`'s exact sums over the same rows.
public struct CustomerLedger: Sendable {
    /// One customer's totals at one cut-off.
    public struct State: Sendable, Equatable {
        /// Kept rows before the cut-off.
        public var rows: Int
        /// Distinct purchases (invoices, or purchase days) with a row before the cut-off.
        public var purchases: Int
        /// Sum of the amounts, in units of 10^-`amountScale`.
        public var amountUnits: Int128
        /// The latest row's time before the cut-off (seconds), `Int64.min` when none.
        public var last: Int64
        /// The country of the latest row before the cut-off that has one.
        public var country: String?

        public init(rows: Int, purchases: Int, amountUnits: Int128, last: Int64, country: String?) {
            self.rows = rows
            self.purchases = purchases
            self.amountUnits = amountUnits
            self.last = last
            self.country = country
        }
    }

    /// One customer: its id (canonical, as files' ids are), first purchase and a state per cut-off.
    public struct Customer: Sendable, Equatable {
        public var id: String
        /// The first kept row's time (seconds).
        public var first: Int64
        /// One state per `cutoffs` entry, then one for all rows.
        public var states: [State]

        public init(id: String, first: Int64, states: [State]) {
            self.id = id
            self.first = first
            self.states = states
        }
    }

    /// The cut-off days, ascending.
    public let cutoffs: [CivilDate]
    public let amountScale: Int
    public let customers: [Customer]
    public var cleaning: CleaningReport
    public var inputs: [InputSummary]
    public var preview: [PreviewRow]
    public var hasInvoices: Bool
    /// The first and last kept row's time, computed once (every snapshot, period and month-end asks for it).
    public let timeRange: ClosedRange<Int64>?
    /// Kept rows before each state's cut-off, summed over the customers once.
    private let rowsPerState: [Int]

    public init(
        cutoffs: [CivilDate], amountScale: Int, customers: [Customer], cleaning: CleaningReport,
        inputs: [InputSummary], preview: [PreviewRow], hasInvoices: Bool
    ) {
        self.cutoffs = cutoffs
        self.amountScale = amountScale
        self.customers = customers
        self.cleaning = cleaning
        self.inputs = inputs
        self.preview = preview
        self.hasInvoices = hasInvoices
        var low = Int64.max
        var high = Int64.min
        var rows = [Int](repeating: 0, count: cutoffs.count + 1)
        for c in customers {
            for (k, state) in c.states.enumerated() { rows[k] += state.rows }
            if c.states[c.states.count - 1].rows > 0 {
                low = min(low, c.first)
                high = max(high, c.states[c.states.count - 1].last)
            }
        }
        timeRange = low <= high ? low...high : nil
        rowsPerState = rows
    }

    /// The state index for rows before `day`: a listed cut-off, all rows (`cutoffs.count`) when `day` is after
    /// every row, -1 when it is on or before the first row (no rows before it). Nil when the ledger cannot answer
    /// (a day it was not computed at, inside the data).
    func stateIndex(before day: CivilDate) -> Int? {
        if let k = cutoffs.firstIndex(of: day) { return k }
        guard let range = timeRange else { return cutoffs.count }
        let midnight = Int64(day.dayNumber) * 86_400
        if midnight > range.upperBound { return cutoffs.count }
        if midnight <= range.lowerBound { return -1 }
        return nil
    }

    /// A customer's amount units before the state `k` (-1: none).
    func units(_ c: Customer, _ k: Int) -> Int128 { k < 0 ? 0 : c.states[k].amountUnits }

    /// Kept rows before each state's cut-off (the last: all kept rows).
    func rows(at k: Int) -> Int { k < 0 ? 0 : rowsPerState[k] }
}

extension CustomerLedger: PurchaseHistory {
    public var latin1Values: Latin1Values { Latin1Values(customerIDs: 0, countries: 0) }

    public func rfm(at rule: SnapshotRule) throws(InputError) -> RFMTable {
        guard let range = timeRange else {
            throw .noCustomers(
                reason: "no transactions are left after cleaning (\(cleaning.rowsRead) rows read); nothing to segment")
        }
        let snapshot = rule.snapshotDay(lastDay: LocalTimestamp(seconds: range.upperBound).day)
        if LocalTimestamp(seconds: range.lowerBound).day >= snapshot {
            throw .noCustomers(
                reason: "no transactions on or before \(snapshot.adding(days: -1)) (the data starts on "
                    + "\(LocalTimestamp(seconds: range.lowerBound).day)); choose a later --as-of or --month")
        }
        guard let k = stateIndex(before: snapshot), k >= 0 else {
            throw .noCustomers(reason: "the database's totals were not computed at the snapshot \(snapshot)")
        }
        var ids: [String] = []
        var kept: [Int] = []
        var used = 0
        var usedFirst = Int64.max
        var usedLast = Int64.min
        for (i, c) in customers.enumerated() where c.states[k].rows > 0 {
            ids.append(c.id)
            kept.append(i)
            used += c.states[k].rows
            usedFirst = min(usedFirst, c.first)
            usedLast = max(usedLast, c.states[k].last)
        }
        guard !kept.isEmpty else {
            throw .noCustomers(reason: "no customers have transactions before the snapshot \(snapshot)")
        }
        let (order, permutation) = CustomerOrder.sort(ids)
        let out = permutation.map { p -> CustomerRFM in
            let c = customers[kept[p]]
            let s = c.states[k]
            let lastDay = LocalTimestamp(seconds: s.last).day
            return CustomerRFM(
                id: c.id, country: s.country ?? "", recency: snapshot.dayNumber - lastDay.dayNumber,
                frequency: s.purchases, monetary: DecimalUnits.double(s.amountUnits, scale: amountScale),
                firstPurchase: LocalTimestamp(seconds: c.first).day, lastPurchase: lastDay)
        }
        return RFMTable(
            customers: out, snapshot: snapshot, order: order, rowsUsed: used,
            rowsAfterCutoff: rows(at: cutoffs.count) - used, firstTransaction: LocalTimestamp(seconds: usedFirst),
            lastTransaction: LocalTimestamp(seconds: usedLast))
    }

    public func periodRevenue(_ rfm: RFMTable, from: CivilDate, to: CivilDate) -> [Double] {
        let end = stateIndex(before: to)
        let start = stateIndex(before: from) ?? -1
        var position: [String: Int] = [:]
        position.reserveCapacity(rfm.customers.count)
        for (i, c) in rfm.customers.enumerated() { position[c.id] = i }
        var out = [Double](repeating: 0, count: rfm.customers.count)
        guard let end else { return out }
        for c in customers {
            guard let i = position[c.id] else { continue }
            let units = self.units(c, end) - self.units(c, start)
            if units != 0 { out[i] = DecimalUnits.double(units, scale: amountScale) }
        }
        return out
    }

    public func hasRows(from: CivilDate?, to: CivilDate) -> Bool {
        guard let end = stateIndex(before: to) else { return false }
        let before = from.flatMap { stateIndex(before: $0) }.map { rows(at: $0) } ?? 0
        return rows(at: end) > before
    }
}
