import Testing

@testable import RFMCharts

/// How narrow a chart may be shown before its smallest text is smaller than 10 px on screen.
@Suite struct ChartTextSizeTests {
    @Test func theNarrowestReadableWidthFollowsTheSmallestTextOfTheChart() throws {
        for chart in Fixtures.all(width: 620, height: 430) {
            let scene = try ChartLayout.scene(for: chart)
            let smallest = try #require(scene.texts().map(\.fontSize).min(), "\(chart.title)")
            #expect(try ChartTextSize.smallest(chart) == smallest)
            let narrowest = try ChartTextSize.narrowestReadableWidth(chart)
            // At that width the smallest text is 10 px or more, and one pixel narrower it would not be.
            #expect(smallest * narrowest / chart.width >= 10, "\(chart.title)")
            #expect(smallest * (narrowest - 1) / chart.width < 10, "\(chart.title)")
        }
        // The bar charts' value labels are 11 px: 620 px may shrink to 564 px, no further.
        #expect(try ChartTextSize.narrowestReadableWidth(Fixtures.all(width: 620, height: 430)[0]) == 564)
    }
}
