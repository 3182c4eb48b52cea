import Foundation
import RFMPrimitives
import Testing

@testable import RFMCore

/// Monetary values are the exact decimal sums of the rows, rounded once: the same double in any row order, equal
/// to Foundation's `Decimal` sum; and a `CustomerLedger` (a database's per-customer totals at cut-offs) gives the
/// same RFM tables and period revenue as the rows themselves.
@Suite struct ExactSumTests {
    /// Random Online Retail-like rows: prices of 0-3 places, some customers with many rows.
    static func rows(seed: UInt64, count: Int) -> [[String]] {
        var g = SeededGenerator(seed: seed)
        var out: [[String]] = []
        for i in 0..<count {
            let customer = 12_000 + Int.random(in: 0..<60, using: &g)
            let day = Int.random(in: 0..<400, using: &g)
            let date = CivilDate(year: 2010, month: 12, day: 1)!.adding(days: day)
            let places = Int.random(in: 0...3, using: &g)
            let price = Double(Int.random(in: 1...99_999, using: &g)) / pow(10, Double(places))
            let priceText = String(format: "%.\(places)f", price)
            let quantity = Int.random(in: 1...48, using: &g)
            out.append([
                "\(500_000 + i / 3)", "S\(i % 7)", "item", "\(quantity)", "\(date) 10:\(10 + i % 40):00", priceText,
                "\(customer)", customer % 11 == 0 ? "France" : "United Kingdom",
            ])
        }
        return out
    }

    @Test func theSumDoesNotDependOnTheOrderOfTheRows() throws {
        let rows = Self.rows(seed: 3, count: 3000)
        let table = try collect(header: uciHeader, rows: rows)
        #expect(table.amountScale != nil)
        let rfm = try table.rfm(at: .dayAfterLastInvoice)
        var g = SeededGenerator(seed: 4)
        for _ in 0..<3 {
            let shuffled = try collect(header: uciHeader, rows: rows.shuffled(using: &g)).rfm(at: .dayAfterLastInvoice)
            #expect(shuffled.customers.map(\.monetary.bitPattern) == rfm.customers.map(\.monetary.bitPattern))
        }
        // Foundation's Decimal adds the same decimals exactly.
        var exact: [String: Decimal] = [:]
        for r in rows { exact[r[6], default: 0] += Decimal(string: r[3])! * Decimal(string: r[5])! }
        for c in rfm.customers {
            #expect(c.monetary == Double("\(exact[c.id]!)"), "\(c.id)")
        }
    }

    /// The ledger a database would return: per customer and cut-off, the rows, purchases, sum and latest time.
    static func ledger(_ table: TransactionTable, cutoffs: [CivilDate]) -> CustomerLedger {
        var customers: [CustomerLedger.Customer] = []
        for c in 0..<table.customers.count {
            let rows = (0..<table.count).filter { table.customer[$0] == Int32(c) }
            guard !rows.isEmpty else { continue }
            var states: [CustomerLedger.State] = []
            for limit in cutoffs.map({ Int64($0.dayNumber) * 86_400 }) + [Int64.max] {
                let before = rows.filter { table.time[$0] < limit }
                let last = before.map { table.time[$0] }.max() ?? Int64.min
                let latest = before.filter { table.time[$0] == last }.map { table.countries.string(table.country[$0]) }
                states.append(
                    CustomerLedger.State(
                        rows: before.count, purchases: Set(before.map { table.invoice[$0] }).count,
                        amountUnits: before.reduce(Int128(0)) { $0 + Int128(table.amountUnits[$1]) }, last: last,
                        country: latest.max()))
            }
            customers.append(
                CustomerLedger.Customer(
                    id: table.customers.string(Int32(c)), first: rows.map { table.time[$0] }.min()!, states: states))
        }
        return CustomerLedger(
            cutoffs: cutoffs, amountScale: table.amountScale!, customers: customers, cleaning: table.cleaning,
            inputs: table.inputs, preview: table.preview, hasInvoices: table.hasInvoices)
    }

    @Test func aLedgerGivesTheSameRFMTablesAndPeriodRevenueAsTheRows() throws {
        let table = try collect(header: uciHeader, rows: Self.rows(seed: 5, count: 2000))
        let rules: [SnapshotRule] = [
            .dayAfterLastInvoice, .asOf(CivilDate(year: 2011, month: 6, day: 30)!), .month(year: 2011, month: 9),
            .latestCompleteMonth,
        ]
        for rule in rules {
            let lastDay = LocalTimestamp(seconds: table.timeRange!.upperBound).day
            let cutoffs = LedgerCutoffs.days(snapshot: rule, lastDay: lastDay, historyMonths: 12)
            let ledger = Self.ledger(table, cutoffs: cutoffs)
            let a = try table.rfm(at: rule)
            let b = try ledger.rfm(at: rule)
            #expect(a.customers == b.customers, "\(rule)")
            #expect(a.snapshot == b.snapshot && a.rowsUsed == b.rowsUsed && a.rowsAfterCutoff == b.rowsAfterCutoff)
            #expect(a.firstTransaction == b.firstTransaction && a.lastTransaction == b.lastTransaction)
            if rule.isMonthly {
                let start = CivilDate(dayNumber: a.snapshot.dayNumber - 1)
                let monthStart = CivilDate(year: start.components.year, month: start.components.month, day: 1)!
                #expect(
                    table.periodRevenue(a, from: monthStart, to: a.snapshot)
                        == ledger.periodRevenue(b, from: monthStart, to: a.snapshot))
                #expect(
                    table.hasRows(from: monthStart, to: a.snapshot) == ledger.hasRows(from: monthStart, to: a.snapshot))
                #expect(table.hasRows(from: nil, to: monthStart) == ledger.hasRows(from: nil, to: monthStart))
                let history = MonthlyHistory(
                    table, last: (start.components.year, start.components.month), months: 12, rules: .standard)
                let fromLedger = MonthlyHistory(
                    ledger, last: (start.components.year, start.components.month), months: 12, rules: .standard)
                #expect(history.points == fromLedger.points)
            }
        }
    }
}
