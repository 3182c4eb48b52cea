import Foundation
import LifetimeValue
import RFMPrimitives
import Testing

@testable import RFMCore

/// The lifetime-value inputs per customer (x, t_x, T, mean repeat spend) equal a plain recount of the rows by
/// customer and day with `Decimal` sums, in any row order.
@Suite struct RepeatPurchaseTests {
    @Test func sameDayOrdersMergeAndTheFirstDayIsNotARepeat() throws {
        let rows = [
            ["1", "A", "a", "2", "2011-01-03 09:00:00", "1.50", "7", "UK"],
            ["2", "A", "a", "1", "2011-01-03 15:00:00", "2.25", "7", "UK"],  // same day: one purchase day
            ["3", "A", "a", "4", "2011-01-10 10:00:00", "0.10", "7", "UK"],
            ["4", "A", "a", "3", "2011-01-17 10:00:00", "1.00", "7", "UK"],
            ["5", "A", "a", "1", "2011-01-05 10:00:00", "9.99", "8", "UK"],  // one day only
            ["6", "A", "a", "1", "2011-01-31 10:00:00", "5.00", "9", "UK"],  // the last day: T = 0
        ]
        let table = try collect(header: uciHeader, rows: rows)
        let rfm = try table.rfm(at: .asOf(CivilDate(year: 2011, month: 1, day: 31)!))
        let data = RepeatPurchaseCounter.compute(table, rfm)
        #expect(rfm.customers.map(\.id) == ["7", "8", "9"])
        #expect(data.repeats == [2, 0, 0])
        #expect(data.lastRepeat == [14, 0, 0])
        #expect(data.age == [28, 26, 0])
        #expect(data.meanRepeatSpend == [(0.4 + 3.0) / 2, 0, 0])
    }

    @Test func equalsARecountByCustomerAndDay() throws {
        let rows = ExactSumTests.rows(seed: 11, count: 4000)
        let table = try collect(header: uciHeader, rows: rows)
        let rfm = try table.rfm(at: .asOf(CivilDate(year: 2011, month: 9, day: 30)!))
        let data = RepeatPurchaseCounter.compute(table, rfm)
        let cutoff = rfm.snapshot
        var byCustomer: [String: [Int: Decimal]] = [:]
        for row in rows {
            let day = CivilDate(iso: String(row[4].prefix(10)))!
            guard day < cutoff else { continue }
            let amount = Decimal(string: row[3])! * Decimal(string: row[5])!
            byCustomer[row[6], default: [:]][day.dayNumber, default: 0] += amount
        }
        for (i, customer) in rfm.customers.enumerated() {
            let days = byCustomer[customer.id]!
            let sorted = days.keys.sorted()
            #expect(data.repeats[i] == days.count - 1)
            #expect(data.lastRepeat[i] == Double(sorted.last! - sorted.first!))
            #expect(data.age[i] == Double(cutoff.dayNumber - 1 - sorted.first!))
            if days.count > 1 {
                let repeatSpend = sorted.dropFirst().reduce(Decimal(0)) { $0 + days[$1]! }
                let expected = (repeatSpend as NSDecimalNumber).doubleValue / Double(days.count - 1)
                #expect(abs(data.meanRepeatSpend[i] - expected) <= 1e-12 * expected, "\(customer.id)")
            } else {
                #expect(data.meanRepeatSpend[i] == 0)
            }
        }
        var g = SeededGenerator(seed: 12)
        let shuffled = try collect(header: uciHeader, rows: rows.shuffled(using: &g))
        let again = RepeatPurchaseCounter.compute(shuffled, try shuffled.rfm(at: .asOf(cutoff.adding(days: -1))))
        #expect(again.meanRepeatSpend.map(\.bitPattern) == data.meanRepeatSpend.map(\.bitPattern))
        #expect(again == data)
    }
}
