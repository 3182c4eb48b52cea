import Testing

@testable import RFMCharts

@Suite struct ValueFormatTests {
    @Test func thousands() {
        #expect(ValueFormat.integer.format(12345) == "12,345")
        #expect(ValueFormat.integer.format(1_234_567) == "1,234,567")
        #expect(ValueFormat.integer.format(999) == "999")
        #expect(ValueFormat.decimal(places: 2).format(1234.5) == "1,234.50")
    }

    @Test func money() {
        #expect(ValueFormat.money(symbol: "£").format(1234.5) == "£1,234.50")
        #expect(ValueFormat.money(symbol: "£", places: 0).format(2_960_405.4) == "£2,960,405")
        #expect(ValueFormat.money(symbol: "£").format(-3) == "-£3.00")
    }

    @Test func percent() {
        #expect(ValueFormat.percent(places: 1).format(0.179) == "17.9%")
        #expect(ValueFormat.percent(places: 0).format(1) == "100%")
    }

    @Test func neverNegativeZero() {
        #expect(ValueFormat.integer.format(-0.0) == "0")
        #expect(ValueFormat.integer.format(-0.4) == "0")
        #expect(ValueFormat.decimal(places: 2).format(-0.001) == "0.00")
        #expect(ValueFormat.money(symbol: "£").format(-0.001) == "£0.00")
        #expect(ValueFormat.percent(places: 1).format(-0.0001) == "0.0%")
        #expect(ValueFormat.integer.format(-12) == "-12")
    }

    @Test func nonFinite() {
        #expect(ValueFormat.integer.format(.nan) == "–")
        #expect(ValueFormat.money(symbol: "£").format(.infinity) == "–")
    }

    @Test func tickFormatsUseFewestDecimals() {
        #expect(ValueFormat.money(symbol: "£").tickFormat(for: [0, 500, 1000]) == .money(symbol: "£", places: 0))
        #expect(ValueFormat.integer.tickFormat(for: [0, 0.1, 0.2]) == .decimal(places: 1))
        #expect(ValueFormat.percent(places: 1).tickFormat(for: [0, 0.25, 0.5]) == .percent(places: 0))
        #expect(ValueFormat.percent(places: 0).tickFormat(for: [0, 0.025]) == .percent(places: 1))
    }
}
