import Testing

@testable import RFMCore

@Suite struct QuartileScorerTests {
    // Golden values from pandas 3.1.1:
    //   pd.qcut(pd.Series(x).rank(method="first"), 4, labels=[1, 2, 3, 4])
    //   with x = np.random.RandomState(7).randint(0, 4, size=n) for n in (2, 3, 4, 5, 7, 8, 9, 13).
    // pandas refuses n = 1 (duplicate bin edges); rfm gives that single customer score 1 (4 when reversed).
    static let cases: [([Int], [Int])] = [
        ([3], [1]),
        ([0, 1], [1, 4]),
        ([2, 3, 3], [1, 2, 4]),
        ([3, 3, 0, 1], [3, 4, 1, 2]),
        ([2, 3, 0, 1, 2], [2, 4, 1, 1, 3]),
        ([2, 2, 0, 3, 2, 0, 0], [2, 3, 1, 4, 4, 1, 2]),
        ([3, 3, 0, 0, 3, 3, 2, 2], [3, 3, 1, 1, 4, 4, 2, 2]),
        ([3, 0, 0, 3, 1, 0, 0, 3, 1], [3, 1, 1, 4, 2, 1, 2, 4, 3]),
        ([0, 3, 1, 0, 2, 0, 1, 2, 2, 0, 2, 1, 3], [1, 4, 2, 1, 3, 1, 2, 3, 3, 1, 4, 2, 4]),
    ]

    @Test(arguments: cases)
    func matchesPandasQcutOfFirstRank(_ values: [Int], _ expected: [Int]) {
        #expect(QuartileScorer.scores(values) == expected)
        #expect(QuartileScorer.scores(values, reversed: true) == expected.map { 5 - $0 })
    }

    @Test func equalCountBins() {
        let scores = QuartileScorer.scores(Array(0..<4338).map { _ in 1 })
        #expect([1, 2, 3, 4].map { s in scores.filter { $0 == s }.count } == [1085, 1084, 1084, 1085])
    }
}

@Suite struct CustomerOrderTests {
    @Test func integersSortNumerically() {
        let (order, p) = CustomerOrder.sort(["17850", "9", "12346", "100"])
        #expect(order == .numeric)
        #expect(p == [1, 3, 2, 0])
    }

    @Test func anyTextIdMakesTheOrderTextual() {
        let (order, p) = CustomerOrder.sort(["17850", "9", "C12", "100"])
        #expect(order == .text)
        #expect(p == [3, 0, 1, 2])
    }
}

@Suite struct SegmentRuleSetTests {
    @Test func standardRulesMatchTheSpecTable() {
        let rules = SegmentRuleSet.standard
        let names = rules.segments.map(\.name)
        func name(_ r: Int, _ f: Int, _ m: Int) -> String { names[rules.segment(r: r, f: f, m: m)] }
        #expect(name(4, 4, 4) == "Champions")
        #expect(name(4, 3, 3) == "Champions")
        #expect(name(4, 4, 2) == "Potential Loyalists")
        #expect(name(2, 3, 3) == "Loyal Customers")
        #expect(name(3, 1, 4) == "Promising")
        #expect(name(2, 1, 1) == "At Risk")
        #expect(name(1, 2, 4) == "Lost")
        #expect(name(1, 3, 1) == "Others")
        #expect(name(1, 4, 4) == "Others")
        #expect(rules.unreachableRules.isEmpty)
        // R = 1 with F ≥ 3 and not (F, M ≥ 3 with R ≥ 2): 1 3 1, 1 3 2, ... all R=1, F=3..4 cells.
        #expect(rules.uncoveredCells == ["131", "132", "133", "134", "141", "142", "143", "144"])
    }

    @Test func detectsRulesThatCanNeverMatch() throws {
        let yaml = """
            segments:
              - name: Everyone recent
                r: 3-4
                f: any
                m: [1, 4]
              - name: Champions
                r: 4
                f: 3-4
                m: {min: 3, max: 4}
            """
        let rules = try RulesFileLoader.parse(yaml, file: "rules.yaml", json: false)
        #expect(rules.unreachableRules == ["Champions"])
        #expect(rules.uncoveredCells.count == 32)
        #expect(rules.fallback.name == "Others")
    }

    @Test func readsJSONWithAFallback() throws {
        let json = """
            {"segments": [{"name": "Best", "r": [4, 4], "f": [4, 4], "m": [4, 4], "description": "d", "strategy": "s",
              "colour": "#1B7837"}], "fallback": {"name": "Rest", "strategy": "wait"}}
            """
        let rules = try RulesFileLoader.parse(json, file: "rules.json", json: true)
        #expect(rules.segments.map(\.name) == ["Best", "Rest"])
        #expect(rules.rules[0].colour == "#1b7837")
        #expect(rules.uncoveredCells.count == 63)
    }

    @Test(arguments: [
        ("segments:\n  - name: A\n    r: 5\n    f: 1\n    m: 1\n", "segments[0].r: score 5 is outside 1-4"),
        ("segments:\n  - name: ''\n    r: 1\n    f: 1\n    m: 1\n", "segments[0].name: the name is empty"),
        (
            "segments:\n  - name: A\n    r: 1\n    f: 1\n    m: 1\n    colour_of_sky: blue\n",
            "segments[0].colour_of_sky: unknown field"
        ),
        ("segments:\n  - name: A\n    r: 4-2\n    f: 1\n    m: 1\n", "segments[0].r: the range 4-2 is empty"),
        ("segments:\n  - name: A\n    f: 1\n    m: 1\n", "segments[0].r: missing"),
        ("segments: []\n", "segments: the list is empty"),
        ("rules:\n  - name: A\n", "rules: unknown field"),
        (
            "segments:\n  - name: A\n    r: 1\n    f: 1\n    m: 1\n  - name: A\n    r: 2\n    f: 1\n    m: 1\n",
            "used twice"
        ),
        ("segments: [\n", "not valid YAML"),
    ])
    func rejectsInvalidRules(_ text: String, _ message: String) {
        #expect {
            _ = try RulesFileLoader.parse(text, file: "rules.yaml", json: false)
        } throws: { error in
            let e = error as? RulesFileError
            return e?.description.contains(message) == true && e?.file == "rules.yaml"
        }
    }
}
