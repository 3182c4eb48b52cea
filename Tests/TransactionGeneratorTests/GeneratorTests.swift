import Foundation
import RFMCore
import RFMIngest
import TestSupport
import Testing
import TransactionGenerator

func scratch(_ name: String) -> String {
    ScratchSpace.folder("generator").appendingPathComponent(name).path
}

@Suite struct GeneratorTests {
    @Test func theSameSeedGivesTheSameFileAndAnotherSeedAnother() throws {
        let a = scratch("a.csv")
        let b = scratch("b.csv")
        let c = scratch("c.csv")
        try SyntheticLogWriter.write(SyntheticRetailLog(customers: 300, transactions: 20_000, seed: 7).rows(), to: a)
        try SyntheticLogWriter.write(SyntheticRetailLog(customers: 300, transactions: 20_000, seed: 7).rows(), to: b)
        try SyntheticLogWriter.write(SyntheticRetailLog(customers: 300, transactions: 20_000, seed: 8).rows(), to: c)
        let da = try Data(contentsOf: URL(fileURLWithPath: a))
        #expect(da == (try Data(contentsOf: URL(fileURLWithPath: b))))
        #expect(da != (try Data(contentsOf: URL(fileURLWithPath: c))))
    }

    /// The requested rows and customers, and every cleaning rule of the Online Retail schema fires (the amount rule
    /// is for files with an amount column, which this schema does not have).
    @Test(arguments: ["log.csv", "log.csv.gz", "log.xlsx"])
    func requestedCountsAndEveryCleaningRuleFires(name: String) throws {
        let path = scratch(name)
        let log = SyntheticRetailLog(customers: 500, transactions: 40_000, seed: 42)
        try SyntheticLogWriter.write(log.rows(), to: path)
        let table = try TransactionLoader().load(paths: [path])
        let c = table.cleaning
        #expect(c.rowsRead == 40_000)
        for rule in CleaningRule.allCases where rule != .amountNonPositive {
            #expect(c.count(rule) > 0, "\(rule) did not fire")
        }
        // About 20% without a customer id, about 1% duplicates, cancellations a few percent.
        let missing = Double(c.count(.missingCustomerID)) / 40_000
        #expect(missing > 0.15 && missing < 0.25)
        let duplicates = Double(c.count(.duplicateRows)) / 40_000
        #expect(duplicates > 0.005 && duplicates < 0.02)
        let cancellations = Double(c.count(.cancelledInvoice)) / 40_000
        #expect(cancellations > 0.005 && cancellations < 0.04)
        // Every requested customer has a purchase that survives cleaning (or nearly: a free item can be all of one).
        let rfm = try RFMCalculator.compute(table, snapshot: .dayAfterLastInvoice)
        #expect(rfm.customers.count >= 495 && rfm.customers.count <= 500)
        // 13 months of dates: December 2010 to December 2011.
        #expect(rfm.firstTransaction.day.description.hasPrefix("2010-12"))
        #expect(rfm.lastTransaction.day.description.hasPrefix("2011-12"))
        #expect(Set(table.country).count >= 5)
    }

    @Test func heterogeneousCustomers() throws {
        let path = scratch("h.csv.gz")
        try SyntheticLogWriter.write(
            SyntheticRetailLog(customers: 2_000, transactions: 100_000, seed: 1).rows(), to: path)
        let rfm = try RFMCalculator.compute(TransactionLoader().load(paths: [path]), snapshot: .dayAfterLastInvoice)
        let frequency = rfm.customers.map(\.frequency).sorted()
        let monetary = rfm.customers.map(\.monetary).sorted()
        // Purchase rates and spend spread over orders of magnitude, like the real data.
        #expect(frequency[frequency.count * 99 / 100] >= 10 * frequency[frequency.count / 4])
        #expect(monetary[monetary.count * 99 / 100] >= 10 * monetary[monetary.count / 4])
    }

    @Test func aFolderThatCannotBeWrittenIsAnErrorAndLeavesNoFile() {
        let path = "/proc/rfm-generator-test/log.csv"
        #expect(throws: GeneratorError.self) {
            try SyntheticLogWriter.write(SyntheticRetailLog(customers: 5, transactions: 50, seed: 1).rows(), to: path)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(throws: GeneratorError.self) {
            try SyntheticLogWriter.write(
                SyntheticRetailLog(customers: 5, transactions: 50, seed: 1).rows(), to: scratch("x.txt"))
        }
    }
}
