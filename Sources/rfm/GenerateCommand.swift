import ArgumentParser
import Foundation
import TransactionGenerator

/// `rfm generate`: a synthetic transaction log in the Online Retail schema, for benchmarks and tests.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic transaction log in the Online Retail schema (deterministic for a seed).",
        discussion: """
            Customers have heterogeneous purchase rates and basket values; about 2% of invoices are cancellations, about \
            20% of rows have no customer id, about 1% are exact duplicates, a few are stock adjustments, free items or \
            malformed; dates cover December 2010 to December 2011. The format follows the name: .csv, .csv.gz or .xlsx \
            (sheets of at most 1,048,575 rows).
            """)

    @Option(name: .long, help: "Customers with an id.")
    var customers: Int = 4_000

    @Option(name: .long, help: "Rows (transaction lines).")
    var transactions: Int = 500_000

    @Option(name: .long, help: "Seed of every random choice.")
    var seed: UInt64 = 42

    @Option(name: .long, help: "Output file: .csv, .csv.gz or .xlsx.")
    var out: String

    func validate() throws {
        guard customers >= 1, customers <= 50_000_000 else {
            throw ValidationError("--customers \(customers): expected 1 to 50,000,000")
        }
        guard transactions >= 1, transactions <= 500_000_000 else {
            throw ValidationError("--transactions \(transactions): expected 1 to 500,000,000")
        }
        guard SyntheticLogWriter.format(of: out) != nil else {
            throw ValidationError("--out \(out): expected a name ending in .csv, .csv.gz or .xlsx")
        }
    }

    func run() throws {
        let started = Date()
        let rows = SyntheticRetailLog(customers: customers, transactions: transactions, seed: seed).rows()
        try SyntheticLogWriter.write(rows, to: out)
        let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        print(
            "Wrote \(rows.count) rows (\(customers) customers) to \(out): \(size / 1_000_000) MB in "
                + String(format: "%.1f", Date().timeIntervalSince(started)) + " s")
    }
}
