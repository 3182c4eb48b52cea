import RFMPrimitives

/// Revenue of the purchases within one period (a month), as opposed to a customer's monetary value, which sums
/// every purchase up to the snapshot.
public enum PeriodRevenue {
    /// Per customer of `rfm` (in its order): the sum of the amounts of the rows dated on or after `from` and
    /// before `to` (both midnights). Customers with no purchase in the period get 0.
    public static func perCustomer(_ table: TransactionTable, _ rfm: RFMTable, from: CivilDate, to: CivilDate)
        -> [Double]
    {
        let start = Int64(from.dayNumber) * 86_400
        let end = Int64(to.dayNumber) * 86_400
        var byTableCustomer = [Double](repeating: 0, count: table.customers.count)
        if let scale = table.exactScale {
            // Exact decimal sums, rounded once (as the monetary values are).
            var units = [Int128](repeating: 0, count: table.customers.count)
            for r in 0..<table.count {
                let t = table.time[r]
                if t >= start && t < end { units[Int(table.customer[r])] &+= Int128(table.amountUnits[r]) }
            }
            for c in units.indices where units[c] != 0 {
                byTableCustomer[c] = DecimalUnits.double(units[c], scale: scale)
            }
        } else {
            for r in 0..<table.count {
                let t = table.time[r]
                if t >= start && t < end { byTableCustomer[Int(table.customer[r])] += table.amount[r] }
            }
        }
        var position: [String: Int] = [:]
        position.reserveCapacity(rfm.customers.count)
        for (i, c) in rfm.customers.enumerated() { position[c.id] = i }
        var out = [Double](repeating: 0, count: rfm.customers.count)
        for c in byTableCustomer.indices where byTableCustomer[c] != 0 {
            if let i = position[table.customers.string(Int32(c))] { out[i] = byTableCustomer[c] }
        }
        return out
    }

    /// Per segment (in rule order): the period's revenue of the customers in each segment at the snapshot.
    public static func perSegment(_ perCustomer: [Double], _ scored: ScoredCustomers, segments: Int) -> [Double] {
        var out = [Double](repeating: 0, count: segments)
        for (revenue, s) in zip(perCustomer, scored.scores) { out[s.segment] += revenue }
        return out
    }
}
