/// Where a report's purchases come from, as the analysis needs them: the cleaned transactions of files
/// (`TransactionTable`, every row), or the per-customer totals a database computed at the report's cut-offs
/// (`CustomerLedger`). Either gives the RFM table at a snapshot, the revenue of a period, and what was read.
public protocol PurchaseHistory: Sendable {
    /// What the cleaning removed and kept.
    var cleaning: CleaningReport { get }
    /// The inputs read, in order.
    var inputs: [InputSummary] { get }
    /// The first cleaned rows, as text, for the data page.
    var preview: [PreviewRow] { get }
    /// Whether purchases are invoices (else customer-days).
    var hasInvoices: Bool { get }
    /// Values read as Latin-1 (files only).
    var latin1Values: Latin1Values { get }
    /// The first and last kept row's time (seconds since 1970-01-01, local), nil when no row was kept.
    var timeRange: ClosedRange<Int64>? { get }

    /// Recency, frequency and monetary value of every customer at the snapshot `rule` gives.
    func rfm(at rule: SnapshotRule) throws(InputError) -> RFMTable
    /// Per customer of `rfm` (in its order): the revenue of the rows dated on or after `from` and before `to`.
    func periodRevenue(_ rfm: RFMTable, from: CivilDate, to: CivilDate) -> [Double]
    /// Whether any kept row is dated on or after `from` (nil: from the start) and before `to`.
    func hasRows(from: CivilDate?, to: CivilDate) -> Bool
}

extension TransactionTable: PurchaseHistory {
    public var timeRange: ClosedRange<Int64>? {
        guard let low = time.min(), let high = time.max() else { return nil }
        return low...high
    }

    public func rfm(at rule: SnapshotRule) throws(InputError) -> RFMTable {
        try RFMCalculator.compute(self, snapshot: rule)
    }

    public func periodRevenue(_ rfm: RFMTable, from: CivilDate, to: CivilDate) -> [Double] {
        PeriodRevenue.perCustomer(self, rfm, from: from, to: to)
    }

    public func hasRows(from: CivilDate?, to: CivilDate) -> Bool {
        let start = from.map { Int64($0.dayNumber) * 86_400 } ?? Int64.min
        let end = Int64(to.dayNumber) * 86_400
        return time.contains { $0 >= start && $0 < end }
    }
}
