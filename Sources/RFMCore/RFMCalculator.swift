import RFMPrimitives

/// Recency, Frequency and Monetary value per customer (SPEC §4).
public struct CustomerRFM: Sendable, Equatable {
    public let id: String
    public let country: String
    /// Whole days from the last purchase day to the snapshot day (≥ 1).
    public let recency: Int
    /// Distinct invoices (or purchase days without an invoice column).
    public let frequency: Int
    /// Sum of quantity × unit price, full precision.
    public let monetary: Double
    public let firstPurchase: CivilDate
    public let lastPurchase: CivilDate
}

/// The RFM table: customers sorted as `CustomerOrder` says, with the snapshot they were measured at.
public struct RFMTable: Sendable {
    public let customers: [CustomerRFM]
    public let snapshot: CivilDate
    public let order: CustomerOrder
    /// Rows used (on or before the cut-off) and rows ignored because they are after it.
    public let rowsUsed: Int
    public let rowsAfterCutoff: Int
    public let firstTransaction: LocalTimestamp
    public let lastTransaction: LocalTimestamp

    public var revenue: Double { customers.reduce(0) { $0 + $1.monetary } }
    /// Orders: the customers' distinct invoices (frequencies) summed.
    public var orders: Int { customers.reduce(0) { $0 + $1.frequency } }
}

/// Computes the RFM table from cleaned transactions.
public enum RFMCalculator {
    public static func compute(_ table: TransactionTable, snapshot rule: SnapshotRule) throws(InputError) -> RFMTable {
        guard table.count > 0 else {
            throw .noCustomers(
                reason:
                    "no transactions are left after cleaning (\(table.cleaning.rowsRead) rows read); nothing to segment"
            )
        }
        var lastSecond = Int64.min
        var firstSecond = Int64.max
        for t in table.time {
            if t > lastSecond { lastSecond = t }
            if t < firstSecond { firstSecond = t }
        }
        let dataLastDay = LocalTimestamp(seconds: lastSecond).day
        let snapshot = rule.snapshotDay(lastDay: dataLastDay)
        let cutoff = Int64(snapshot.dayNumber) * 86_400  // rows at or after the snapshot's midnight are ignored
        if LocalTimestamp(seconds: firstSecond).day >= snapshot {
            throw .noCustomers(
                reason: "no transactions on or before \(snapshot.adding(days: -1)) (the data starts on "
                    + "\(LocalTimestamp(seconds: firstSecond).day)); choose a later --as-of or --month")
        }
        let n = table.customers.count
        var last = [Int64](repeating: Int64.min, count: n)
        var first = [Int64](repeating: Int64.max, count: n)
        var sum = [Double](repeating: 0, count: n)
        var compensation = [Double](repeating: 0, count: n)
        // Exact decimal sums when every amount is a short decimal (`TransactionTable.amountUnits`): the monetary
        // value is then the decimal sum rounded once, whatever the rows' order (a database's `numeric` sum gives
        // the same double); otherwise Kahan summation in file order, as pandas' groupby().sum() does.
        let exactScale = table.exactScale
        let exact = exactScale != nil
        var units = [Int128](repeating: 0, count: exact ? n : 0)
        var country = [Int32](repeating: -1, count: n)
        var used = 0
        var usedLast = Int64.min
        var usedFirst = Int64.max
        for r in 0..<table.count {
            let t = table.time[r]
            if t >= cutoff { continue }
            used += 1
            if t > usedLast { usedLast = t }
            if t < usedFirst { usedFirst = t }
            let c = Int(table.customer[r])
            if t >= last[c] {
                last[c] = t
                if table.country[r] >= 0 { country[c] = table.country[r] }
            }
            if t < first[c] { first[c] = t }
            if exact {
                units[c] &+= Int128(table.amountUnits[r])
            } else {
                let y = table.amount[r] - compensation[c]
                let s = sum[c] + y
                compensation[c] = (s - sum[c]) - y
                sum[c] = s
            }
        }
        if exact {
            let scale = exactScale ?? 0
            for c in 0..<n where last[c] != Int64.min { sum[c] = DecimalUnits.double(units[c], scale: scale) }
        }
        let frequency = purchaseCounts(table, customers: n, cutoff: cutoff)
        var ids: [String] = []
        var kept: [Int] = []
        for c in 0..<n where last[c] != Int64.min {
            ids.append(table.customers.string(Int32(c)))
            kept.append(c)
        }
        guard !kept.isEmpty else {
            throw .noCustomers(reason: "no customers have transactions before the snapshot \(snapshot)")
        }
        let (order, permutation) = CustomerOrder.sort(ids)
        let customers = permutation.map { k -> CustomerRFM in
            let c = kept[k]
            let lastDay = LocalTimestamp(seconds: last[c]).day
            return CustomerRFM(
                id: ids[k], country: country[c] >= 0 ? table.countries.string(country[c]) : "",
                recency: snapshot.dayNumber - lastDay.dayNumber, frequency: frequency[c], monetary: sum[c],
                firstPurchase: LocalTimestamp(seconds: first[c]).day, lastPurchase: lastDay)
        }
        return RFMTable(
            customers: customers, snapshot: snapshot, order: order, rowsUsed: used,
            rowsAfterCutoff: table.count - used, firstTransaction: LocalTimestamp(seconds: usedFirst),
            lastTransaction: LocalTimestamp(seconds: usedLast))
    }

    /// Distinct purchases per customer among the rows before `cutoff`: a purchase is an invoice, or a
    /// customer-day for a row without an invoice.
    ///
    /// When every row has an invoice and no invoice is shared by two customers (the normal case), each
    /// invoice is counted once for its customer with one array indexed by invoice; otherwise, or as soon as
    /// a shared invoice shows up, the (customer, purchase) pairs are counted with a set. Both give the same
    /// counts; the array avoids ten million hash inserts at ten million rows.
    static func purchaseCounts(_ table: TransactionTable, customers n: Int, cutoff: Int64) -> [Int] {
        var frequency = [Int](repeating: 0, count: n)
        if table.invoice.allSatisfy({ $0 >= 0 }) {
            var owner = [Int32](repeating: -1, count: table.invoices.count)
            var shared = false
            for r in 0..<table.count where table.time[r] < cutoff {
                let invoice = Int(table.invoice[r])
                let c = table.customer[r]
                if owner[invoice] < 0 {
                    owner[invoice] = c
                    frequency[Int(c)] += 1
                } else if owner[invoice] != c {
                    shared = true
                    break
                }
            }
            if !shared { return frequency }
            frequency = [Int](repeating: 0, count: n)
        }
        var purchases = UInt64Set(capacity: max(1024, table.invoices.count * 2))
        for r in 0..<table.count {
            let t = table.time[r]
            if t >= cutoff { continue }
            let c = Int(table.customer[r])
            let purchase = table.invoice[r] >= 0 ? UInt64(table.invoice[r]) : UInt64(t / 86_400 + 1_000_000_000)
            if purchases.insert(UInt64(c) << 32 ^ purchase) { frequency[c] += 1 }
        }
        return frequency
    }
}
