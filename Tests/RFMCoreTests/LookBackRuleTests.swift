import Testing

@testable import RFMCore

/// The look-back rule (issue 17): a month-end is short when the data before it covers fewer days than the lowest
/// recency of recency score 1 in the report's cut points.
@Suite struct LookBackRuleTests {
    func cutPoints(lapsedFrom days: Double?) -> ScoreCutPoints {
        var bands = [ScoreCutPoints.Band(score: 4, count: 10, min: 1, max: 10)]
        if let days { bands.append(ScoreCutPoints.Band(score: 1, count: 10, min: days, max: 365)) }
        let empty = ScoreBoundaries(order: .text, recency: [], frequency: [], monetary: [])
        return ScoreCutPoints(recency: bands, frequency: [], monetary: [], boundaries: empty)
    }

    @Test func neededDaysAreWhereRecencyScoreOneBegins() throws {
        let rule = try #require(LookBackRule(cutPoints: cutPoints(lapsedFrom: 146)))
        #expect(rule.neededDays == 146)
        #expect(rule.isShort(lookBackDays: 145))
        #expect(!rule.isShort(lookBackDays: 146))
        #expect(!rule.isShort(lookBackDays: 365))
        // A fractional boundary (a saved model's cut points) needs the whole day above it.
        #expect(LookBackRule(cutPoints: cutPoints(lapsedFrom: 70.5))?.neededDays == 71)
        // Without recency score 1 nothing is marked.
        #expect(LookBackRule(cutPoints: cutPoints(lapsedFrom: nil)) == nil)
    }

    @Test func lookBackIsTheDaysFromTheDataStartToTheSnapshot() {
        let start = CivilDate(year: 2010, month: 12, day: 1)!
        // Online Retail starts on 1 Dec 2010: the month-ends of Dec to Mar have 31, 62, 90 and 121 days.
        let days = [(2011, 1), (2011, 2), (2011, 3), (2011, 4), (2011, 5), (2011, 12)].map {
            LookBackRule.lookBackDays(dataStart: start, snapshot: CivilDate(year: $0.0, month: $0.1, day: 1)!)
        }
        #expect(days == [31, 62, 90, 121, 151, 365])
        let rule = LookBackRule(neededDays: 146)
        #expect(days.map(rule.isShort) == [true, true, true, true, false, false])
    }
}
