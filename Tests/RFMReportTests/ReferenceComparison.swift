import Foundation
import RFMCore
import RFMIngest
import RFMReport
import RFMSite
import TestSupport
import Testing

/// Per-customer values of the reference pipeline's `--customers-csv` output.
struct ReferenceCustomer {
    let recency: Int, frequency: Int, monetary: Double, r: Int, f: Int, m: Int, score: Int, segment: String
}

/// Reads a reference customers file (lines starting with `#` are comments).
func readReferenceCustomers(_ path: String) throws -> [String: ReferenceCustomer] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var out: [String: ReferenceCustomer] = [:]
    for line in text.split(separator: "\n").dropFirst(text.hasPrefix("#") ? 2 : 1) {
        let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        out[f[0]] = ReferenceCustomer(
            recency: Int(f[1])!, frequency: Int(f[2])!, monetary: Double(f[3])!,
            r: Int(f[4])!, f: Int(f[5])!, m: Int(f[6])!, score: Int(f[7])!, segment: f[8])
    }
    return out
}

/// The repository root.
let packageRoot = Prerequisites.repositoryRoot
/// `../shared`; the suites that read it are enabled if `Prerequisites.hasSharedData`.
let sharedData = Prerequisites.sharedFolder

func golden(_ name: String) -> String { Bundle.module.url(forResource: "Golden/\(name)", withExtension: nil)!.path }

/// Compares every customer with the reference: R, F, scores and segment exactly; monetary to 1e-9 relative
/// (both sum in file order with Kahan compensation, so they agree to the last bits) and to the cent.
func expectMatchesReference(_ a: RFMAnalysis, _ reference: [String: ReferenceCustomer]) {
    #expect(a.rfm.customers.count == reference.count)
    let names = a.rules.segments.map(\.name)
    var mismatches = 0
    for (c, s) in zip(a.rfm.customers, a.scored.scores) {
        guard let ref = reference[c.id] else {
            mismatches += 1
            continue
        }
        let ok =
            c.recency == ref.recency && c.frequency == ref.frequency
            && abs(c.monetary - ref.monetary) <= 1e-9 * max(1, abs(ref.monetary))
            && NumberFormatting.fixed(c.monetary, decimals: 2) == NumberFormatting.fixed(ref.monetary, decimals: 2)
            && s.r == ref.r && s.f == ref.f && s.m == ref.m && s.total == ref.score && names[s.segment] == ref.segment
        if !ok { mismatches += 1 }
    }
    #expect(mismatches == 0)
}

@Suite struct SampleReferenceTests {
    func analyse(_ file: String) throws -> RFMAnalysis {
        let table = try TransactionLoader().load(paths: [packageRoot.appendingPathComponent("data/\(file)").path])
        return try RFMAnalysis(transactions: table, snapshot: .dayAfterLastInvoice, rules: .standard)
    }

    @Test(arguments: ["online_retail_sample.csv", "online_retail_sample.xlsx"])
    func everyCustomerEqualsTheReference(_ file: String) throws {
        let a = try analyse(file)
        expectMatchesReference(a, try readReferenceCustomers(golden("sample_reference_customers.csv")))
        let json =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: golden("sample_reference.json")))) as! [String: Any]
        let cleaning = json["cleaning"] as! [String: Int]
        let c = a.transactions.cleaning
        #expect(c.rowsRead == cleaning["rows_in"])
        #expect(c.rowsAfter == cleaning["rows_after"])
        for rule in [
            CleaningRule.malformed, .missingCustomerID, .cancelledInvoice, .quantityNonPositive, .priceNonPositive,
            .duplicateRows,
        ] {
            #expect(c.count(rule) == cleaning[rule.rawValue], "\(rule)")
        }
        #expect(a.rfm.snapshot.description == json["snapshot_date"] as? String)
        let segments = json["segments"] as! [[String: Any]]
        #expect(a.segments.map(\.customers) == segments.map { $0["customers"] as! Int })
        for (mine, ref) in zip(a.segments, segments) {
            #expect(abs(mine.revenue - (ref["revenue"] as! Double)) < 1e-6)
            #expect(abs(mine.monetaryMedian! - (ref["monetary_median"] as! Double)) < 1e-9)
            #expect(abs(mine.recencyMean! - (ref["recency_days_mean"] as! Double)) < 1e-9)
        }
    }
}

@Suite(.enabled(if: Prerequisites.hasSharedData, "needs ../shared/data/online_retail"))
struct FullDataReferenceTests {
    @Test(arguments: ["Online Retail.csv.gz", "Online Retail.xlsx"])
    func everyCustomerOfOnlineRetailEqualsTheReference(_ file: String) throws {
        let path = sharedData.appendingPathComponent("data/online_retail/\(file)").path
        let table = try TransactionLoader().load(paths: [path])
        let a = try RFMAnalysis(transactions: table, snapshot: .dayAfterLastInvoice, rules: .standard)
        #expect(a.rfm.customers.count == 4338)
        #expect(a.rfm.snapshot.description == "2011-12-10")
        let c = table.cleaning
        let counts: [Int] = [
            c.rowsRead, c.count(.missingCustomerID), c.count(.cancelledInvoice), c.count(.quantityNonPositive),
            c.count(.priceNonPositive), c.count(.duplicateRows), c.rowsAfter,
        ]
        #expect(counts == [541_909, 135_080, 8_905, 0, 40, 5_192, 392_692])
        #expect(a.segments.map(\.customers) == [775, 902, 601, 256, 719, 904, 181])
        expectMatchesReference(
            a, try readReferenceCustomers(sharedData.appendingPathComponent("reference/results/uci_customers.csv").path)
        )
    }
}

@Suite(.enabled(if: Prerequisites.hasSharedData, "needs ../shared/data/online_retail"))
struct MonthlyReferenceTests {
    /// `--month 2011-11` against the reference run on the rows before 2011-12-01 (its snapshot is then 2011-12-01).
    @Test func november2011EqualsTheReferenceAsOfTheFirstOfDecember() throws {
        let path = sharedData.appendingPathComponent("data/online_retail/Online Retail.csv.gz").path
        let a = try RFMAnalysis(
            transactions: TransactionLoader().load(paths: [path]), snapshot: .month(year: 2011, month: 11),
            rules: .standard)
        #expect(a.rfm.snapshot.description == "2011-12-01")
        #expect(a.segments.map(\.customers) == [732, 927, 590, 282, 692, 889, 185])
        expectMatchesReference(a, try readReferenceCustomers(golden("uci_2011-11_reference_customers.csv")))
    }

    /// The monthly report's own figures (issue 17) against pandas on the reference's cleaned rows
    /// (`Golden/uci_month_revenue_reference.json`, made by `Golden/uci_month_revenue.py`): the revenue within each
    /// month of the history (summed over its segments), and the orders and rows up to the snapshot, to the cent.
    @Test func theMonthsRevenueOrdersAndRowsEqualPandas() throws {
        let reference =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: golden("uci_month_revenue_reference.json"))))
            as! [String: [String: Any]]
        let out = temporaryFolder().appendingPathComponent("monthly-reference")
        var options = ReportOptions(
            inputs: [sharedData.appendingPathComponent("data/online_retail/Online Retail.csv.gz").path],
            outputFolder: out.path, quiet: true)
        options.snapshot = .month(year: 2011, month: 11)
        options.theme = try Theme.load(name: "default")
        _ = try ReportRun(options: options).run()
        let result =
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("result.json")))
            as! [String: Any]
        let months = (result["history"] as! [String: Any])["months"] as! [[String: Any]]
        #expect(months.count == 12)
        for point in months {
            let month = point["month"] as! String
            let expected = try #require(reference[month]?["revenue"] as? Double, "\(month)")
            let revenue = (point["month_revenue"] as! [Double]).reduce(0, +)
            #expect(abs(revenue - expected) < 0.005, "\(month): \(revenue) against \(expected)")
        }
        let november = try #require(reference["2011-11"])
        #expect(result["orders"] as? Int == november["orders_to_date"] as? Int)
        let changes = (result["changes"] as! [String: Any])["segments"] as! [[String: Any]]
        let monthRevenue = changes.reduce(0.0) { $0 + ($1["month_revenue_now"] as! Double) }
        #expect(abs(monthRevenue - (november["revenue"] as! Double)) < 0.005)
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("used: 375,666 rows up to 30 Nov 2011"))
        #expect(november["rows_to_date"] as? Int == 375_666)
    }
}
