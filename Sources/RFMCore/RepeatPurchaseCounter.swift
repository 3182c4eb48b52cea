import LifetimeValue
import RFMPrimitives

/// What the lifetime-value models read, from the cleaned transactions at an RFM table's snapshot, per customer in
/// the table's order (times in days): x = distinct purchase days − 1 (orders on one day merge, as lifetimes'
/// `summary_data_from_transaction_data(freq="D")`), t_x = last − first purchase day, T = the `--as-of` day (the day
/// before the snapshot) − the first purchase day, and the mean spend of the repeat days: (monetary − the first
/// day's spend) / x, exact from the decimal amounts when the table has them.
///
/// Rows are bucketed by customer (a counting sort, 4 bytes a row) and each customer's days sorted on their own,
/// so the cost is linear in rows with a small sort per customer.
public enum RepeatPurchaseCounter {
    public static func compute(_ table: TransactionTable, _ rfm: RFMTable) -> RepeatPurchases {
        let cutoff = Int64(rfm.snapshot.dayNumber) * 86_400
        let n = table.customers.count
        var start = [Int](repeating: 0, count: n + 1)
        var firstTime = [Int64](repeating: Int64.max, count: n)
        for r in 0..<table.count where table.time[r] < cutoff {
            let c = Int(table.customer[r])
            start[c + 1] += 1
            if table.time[r] < firstTime[c] { firstTime[c] = table.time[r] }
        }
        for c in 0..<n { start[c + 1] += start[c] }
        let firstDay = firstTime.map { $0 == Int64.max ? Int.min : LocalTimestamp(seconds: $0).day.dayNumber }
        var fill = start
        var days = [Int32](repeating: 0, count: start[n])
        let exactScale = table.exactScale
        var firstUnits = [Int128](repeating: 0, count: exactScale != nil ? n : 0)
        var totalUnits = firstUnits
        var firstSum = [Double](repeating: 0, count: exactScale == nil ? n : 0)
        var firstCompensation = firstSum
        for r in 0..<table.count where table.time[r] < cutoff {
            let c = Int(table.customer[r])
            let day = LocalTimestamp(seconds: table.time[r]).day.dayNumber
            days[fill[c]] = Int32(truncatingIfNeeded: day)
            fill[c] += 1
            if exactScale != nil { totalUnits[c] &+= Int128(table.amountUnits[r]) }
            guard day == firstDay[c] else { continue }
            if exactScale != nil {
                firstUnits[c] &+= Int128(table.amountUnits[r])
            } else {
                let y = table.amount[r] - firstCompensation[c]
                let s = firstSum[c] + y
                firstCompensation[c] = (s - firstSum[c]) - y
                firstSum[c] = s
            }
        }
        var position: [String: Int] = [:]
        position.reserveCapacity(rfm.customers.count)
        for (i, customer) in rfm.customers.enumerated() { position[customer.id] = i }
        let m = rfm.customers.count
        var repeats = [Int](repeating: 0, count: m)
        var lastRepeat = [Double](repeating: 0, count: m)
        var age = [Double](repeating: 0, count: m)
        var meanSpend = [Double](repeating: 0, count: m)
        let asOf = rfm.snapshot.dayNumber - 1
        for c in 0..<n where start[c + 1] > start[c] {
            guard let i = position[table.customers.string(Int32(c))] else { continue }
            days[start[c]..<start[c + 1]].sort()
            var distinct = 0
            var previous = Int32.min
            for d in days[start[c]..<start[c + 1]] where d != previous {
                distinct += 1
                previous = d
            }
            let first = Int(days[start[c]])
            let x = distinct - 1
            repeats[i] = x
            lastRepeat[i] = Double(Int(previous) - first)
            age[i] = Double(asOf - first)
            guard x > 0 else { continue }
            let repeatSpend: Double
            if let scale = exactScale {
                repeatSpend = DecimalUnits.double(totalUnits[c] - firstUnits[c], scale: scale)
            } else {
                repeatSpend = rfm.customers[i].monetary - firstSum[c]
            }
            meanSpend[i] = repeatSpend / Double(x)
        }
        return RepeatPurchases(repeats: repeats, lastRepeat: lastRepeat, age: age, meanRepeatSpend: meanSpend)
    }
}
