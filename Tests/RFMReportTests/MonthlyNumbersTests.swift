import Foundation
import RFMCore
import RFMReport
import RFMSite
import Testing

/// Numbers that say what they are (issue 17), end to end on a monthly report of the sample: orders and rows kept
/// apart, the same statistic under the same name on every page, each figure's change against the previous month,
/// and the month-ends with a short look-back marked in the page, the chart and result.json.
@Suite struct MonthlyNumbersTests {
    static let report: URL = {
        let out = temporaryFolder().appendingPathComponent("monthly-numbers")
        var options = ReportOptions(inputs: [sampleCSV], outputFolder: out.path, quiet: true)
        options.theme = try? Theme.load(name: "default")
        options.snapshot = .month(year: 2011, month: 11)
        _ = try? ReportRun(options: options).run()
        return out
    }()

    func page(_ name: String) throws -> String {
        try String(contentsOf: Self.report.appendingPathComponent(name), encoding: .utf8)
    }

    func result() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: Self.report.appendingPathComponent("result.json")))
            as! [String: Any]
    }

    @Test func keyFiguresCountOrdersAndSayWhichRowsAreUsed() throws {
        let index = try page("index.html")
        let json = try result()
        let orders = PeopleFormat.integer(json["orders"] as! Int)
        let rowsUsed = PeopleFormat.integer(json["rows_used"] as! Int)
        let rowsRead = PeopleFormat.integer((json["cleaning"] as! [String: Any])["rows_in"] as! Int)
        #expect(index.contains("<dt>Orders</dt><dd>\(orders)"))
        #expect(index.contains("<dt>Rows removed</dt>"))
        #expect(!index.contains("Rows cleaned"))
        #expect(!index.contains(" transactions</small>"))
        #expect(index.contains("used: \(rowsUsed) rows up to 30 Nov 2011 of \(rowsRead) in the file"))
        // Orders are the customers' distinct invoices, summed: never the rows.
        let frequency = (json["rfm_describe"] as! [String: Any])["Frequency"] as! [String: Any]
        let sum = Int(((frequency["mean"] as! Double) * Double(frequency["count"] as! Int)).rounded())
        #expect(json["orders"] as? Int == sum)
        #expect(sum != json["rows_used"] as? Int)
    }

    @Test func everyKeyFigureAndSegmentRowShowsItsChangeAgainstOctober() throws {
        let index = try page("index.html")
        let json = try result()
        let changes = (json["changes"] as! [String: Any])["segments"] as! [[String: Any]]
        let before = changes.reduce(0) { $0 + ($1["customers_before"] as! Int) }
        let now = json["customers"] as! Int
        #expect(index.contains("<small class=\"change\">\(PeopleFormat.signedInteger(now - before)) vs Oct</small>"))
        #expect(index.contains("<dt>Revenue in November 2011</dt>"))
        #expect(index.contains("<th scope=\"col\" class=\"num\">Revenue in Nov</th>"))
        for c in changes {
            let delta = PeopleFormat.signedInteger((c["customers_now"] as! Int) - (c["customers_before"] as! Int))
            #expect(
                index.contains(
                    "\(PeopleFormat.integer(c["customers_now"] as! Int))<small class=\"change\">\(delta)</small>"))
            #expect(c["month_revenue_now"] is Double && c["month_revenue_before"] is Double)
        }
        // Revenue of the month: the month's purchases only, so at most the revenue to date, and it adds up to the
        // difference of the revenue to date of the customers who were there before and are still.
        for c in changes {
            #expect((c["month_revenue_now"] as! Double) <= (c["revenue_now"] as! Double) + 1e-6)
        }
        let monthTotal = changes.reduce(0.0) { $0 + ($1["month_revenue_now"] as! Double) }
        let lastHistory = try #require(((json["history"] as! [String: Any])["months"] as! [[String: Any]]).last)
        #expect(abs(monthTotal - (lastHistory["month_revenue"] as! [Double]).reduce(0, +)) < 1e-6)
        // The sentences lead with each segment's net change.
        let sentences = (json["changes"] as! [String: Any])["sentences"] as! [String]
        let first = try #require(changes.first)
        let net = (first["customers_now"] as! Int) - (first["customers_before"] as! Int)
        let verb = net > 0 ? "grew by \(net)" : net < 0 ? "shrank by \(-net)" : "held at"
        #expect(sentences.first?.hasPrefix("Champions \(verb)") == true, "\(sentences.first ?? "")")
        #expect(
            sentences.count >= changes.count && sentences.prefix(changes.count).allSatisfy { $0.contains(" joined, ") })
        #expect(index.contains("<li>\(sentences[0])</li>"))
        let changesPage = try page("changes.html")
        #expect(changesPage.contains("<th scope=\"col\" class=\"num\">Revenue in Oct</th>"))
        #expect(changesPage.contains("<th scope=\"col\" class=\"num\">In Oct</th>"))
    }

    @Test func theSameStatisticHasTheSameNameOnEveryPage() throws {
        let index = try page("index.html")
        for name in ["Mean recency", "Mean orders", "Mean spend"] {
            #expect(index.contains("<th scope=\"col\" class=\"num\">\(name)</th>"))
        }
        let segment = try page("segments/champions.html")
        for name in ["Mean recency", "Mean orders", "Mean spend"] {
            #expect(segment.contains("<dt>\(name)</dt>"), "\(name)")
        }
        #expect(!segment.contains("<dt>Days since last purchase</dt>"))
        let json = try result()
        let champions = (json["segments"] as! [[String: Any]])[0]
        let mean = PeopleFormat.decimal(champions["recency_days_mean"] as! Double, decimals: 0)
        #expect(segment.contains("<dt>Mean recency</dt><dd>\(mean) days"))
        #expect(index.contains("<td class=\"num\">\(mean) days</td>"))
    }

    @Test func monthEndsWithAShortLookBackAreMarked() throws {
        let json = try result()
        let history = json["history"] as! [String: Any]
        let needed = try #require(history["look_back_needed_days"] as? Int)
        let recency = (json["score_cut_points"] as! [String: Any])["recency"] as! [[String: Any]]
        let lapsed = try #require(recency.first { $0["score"] as? Int == 1 })
        #expect(Double(needed) == (lapsed["min"] as! Double).rounded(.up))
        let months = history["months"] as! [[String: Any]]
        #expect(months.count == 12)
        for m in months {
            #expect(m["short_look_back"] as? Bool == ((m["look_back_days"] as! Int) < needed), "\(m["month"]!)")
        }
        // The sample starts on 1 Dec 2010: its first month-ends are short, the last is not.
        #expect(months.first?["short_look_back"] as? Bool == true)
        #expect(months.last?["short_look_back"] as? Bool == false)
        let short = months.filter { $0["short_look_back"] as! Bool }.map { $0["month"] as! String }
        let changes = try page("changes.html")
        #expect(changes.contains("Marked month-ends (\(short.joined(separator: ", ")))"))
        #expect(changes.components(separatedBy: "class=\"short-look-back\"").count - 1 == short.count)
        let method = try page("method.html")
        #expect(method.contains("<dt id=\"look-back\">Look-back (monthly reports)</dt>"))
        // The chart says which bars are hatched (its drawing is tested in RFMChartsTests).
        #expect(changes.contains("Hatched, lighter bars (\(short.joined(separator: ", ")))"))
        #expect(changes.contains("Hatched month-ends are too close to the start of the data"))
    }
}
