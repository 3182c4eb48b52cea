import Foundation
import Testing

@testable import RFMCore

/// R rfm 0.3.0's scoring: `bins(mtcars, "mpg", 5)` is 16.20, 18.92, 22.00, 25.08. Those are the type-7 quantiles
/// 15.20, 17.92, 21.00, 24.08 (numpy's `percentile(mpg, [20, 40, 60, 80])` agrees), each plus 1.
@Suite struct QuantileBinScorerTests {
    static let mpg: [Double] = [
        21.0, 21.0, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4, 22.8, 19.2, 17.8, 16.4, 17.3, 15.2, 10.4, 10.4, 14.7, 32.4,
        30.4, 33.9, 21.5, 15.5, 15.2, 13.3, 19.2, 27.3, 26.0, 30.4, 15.8, 19.7, 15.0, 21.4,
    ]

    @Test func mtcarsCutPointsAreRfmsBins() {
        let scorer = QuantileBinScorer(Self.mpg, bins: 5)
        let expected = [16.20, 18.92, 22.00, 25.08]
        for (cut, want) in zip(scorer.cuts, expected) { #expect(abs(cut - want) < 1e-12, "\(scorer.cuts)") }
        #expect(scorer.lower.first == 10.4)
        #expect(scorer.upper.last == 34.9)
    }

    @Test func binsAreHalfOpenAndTiesShareAScore() {
        let scorer = QuantileBinScorer(Self.mpg, bins: 5)
        #expect(scorer.score(16.2) == 2)  // a cut point opens the next bin
        #expect(scorer.score(16.19) == 1)
        #expect(scorer.score(33.9) == 5)
        #expect(scorer.recencyScore(10.4) == 5)
        #expect(scorer.recencyScore(33.9) == 1)
        let scores = Self.mpg.map(scorer.score)
        for (i, a) in Self.mpg.enumerated() {
            for (j, b) in Self.mpg.enumerated() where a == b { #expect(scores[i] == scores[j]) }
        }
        // monotone in the value
        let sorted = Self.mpg.sorted()
        #expect(zip(sorted, sorted.dropFirst()).allSatisfy { scorer.score($0) <= scorer.score($1) })
    }

    @Test func manyTiesGiveUnevenOrEmptyBins() {
        // 80% of the customers bought once: the bins of 1 hold them all, and the next cut points coincide
        let values = [Double](repeating: 1, count: 80) + (2...21).map(Double.init)
        let scorer = QuantileBinScorer(values, bins: 5)
        let counts = (1...5).map { s in values.filter { scorer.score($0) == s }.count }
        #expect(counts.reduce(0, +) == 100)
        #expect(values.filter { $0 == 1 }.allSatisfy { scorer.score($0) == scorer.score(1) })
        #expect(counts.contains(0))
    }
}

/// R rfm's README: `rfm_table_order(rfm_data_orders, ..., analysis_date = as.Date("2006-12-31"))` scores its first
/// customers 343, 412, 323, 544, 433 (R, F, M with 5 bins). The orders per customer are in
/// Fixtures/rfm_orders_customers.csv (made by Fixtures/make_rfm_orders.py from the package's data). The README's
/// segments for them (Potential Loyalist, New Customers, Loyal Customers, Potential Loyalist, Potential Loyalist) are
/// for the `r-rfm` preset, still to come.
@Suite struct RPackageScoringTests {
    @Test func theReadmesFirstCustomersScoreAsInR() throws {
        let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        let text = try String(contentsOf: dir.appendingPathComponent("rfm_orders_customers.csv"), encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(rows.count == 995)
        let recency = rows.map { Double($0[1])! }
        let frequency = rows.map { Double($0[2])! }
        let monetary = rows.map { Double($0[3])! }
        let r = QuantileBinScorer(recency, bins: 5)
        let f = QuantileBinScorer(frequency, bins: 5)
        let m = QuantileBinScorer(monetary, bins: 5)
        let expected = [
            "Abbey O'Reilly": 343, "Add Senger": 412, "Aden Lesch": 323, "Aden Murphy": 544, "Admiral Senger": 433,
        ]
        for (i, row) in rows.enumerated() {
            guard let want = expected[row[0]] else { continue }
            let score = r.recencyScore(recency[i]) * 100 + f.score(frequency[i]) * 10 + m.score(monetary[i])
            #expect(score == want, "\(row[0])")
        }
        #expect(rows.filter { expected[$0[0]] != nil }.count == 5)
    }
}
