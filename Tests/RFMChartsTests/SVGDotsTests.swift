import Foundation
import Testing

@testable import RFMCharts

/// The scatter dots written as SVG circles: found in place of Cairo's placeholder, one circle per dot in order,
/// the fallback when the placeholder is not there exactly once.
@Suite struct SVGDotsTests {
    @Test func thePlaceholderIsLearntFromThisCairo() throws {
        let marker = try #require(SVGDots.placeholderText)
        #expect(marker.hasPrefix("<") && marker.hasSuffix(">"))
        #expect(!marker.dropFirst().contains("<"), "one element: \(marker)")
    }

    @Test func theScatterChartHasOneCircleADotInPlaceOfThePlaceholder() throws {
        let chart = Fixtures.all()[6]
        guard case .scatter(let scatter) = chart.kind else {
            Issue.record("fixture 6 is not the scatter chart")
            return
        }
        let svg = try ChartRenderer.svg(chart, idPrefix: "s-")
        let marker = try #require(SVGDots.placeholderText)
        #expect(!svg.contains(marker))
        #expect(svg.components(separatedBy: "<circle ").count - 1 == scatter.points.count)
        // Every dot's colour group holds the palette colour with the chart's opacity.
        #expect(svg.contains("fill-opacity=\"\(scatter.pointAlpha)\""))
        // The circles sit between the plot's background and its axes: after the first grid line, before the last text.
        let firstCircle = try #require(svg.range(of: "<circle "))
        let lastUse = try #require(svg.range(of: "<use ", options: .backwards))
        #expect(firstCircle.lowerBound < lastUse.lowerBound)
    }

    @Test func runsKeepTheOrderAndShareAGroupPerColour() {
        let cloud = DotCloud(
            centers: [Point(x: 1, y: 2), Point(x: 3.456, y: -0.004), Point(x: 10.5, y: 7), Point(x: 0.1, y: 99.999)],
            colorIndex: [0, 0, 1, 0],
            colors: [RGBA(r: 78 / 255, g: 121 / 255, b: 167 / 255, a: 0.55), RGBA(r: 1, g: 0, b: 0)],
            radius: 2.5)
        #expect(
            SVGDots.elements(cloud) == "<g fill=\"#4E79A7\" fill-opacity=\"0.55\"><circle cx=\"1\" cy=\"2\" r=\"2.5\"/>"
                + "<circle cx=\"3.46\" cy=\"0\" r=\"2.5\"/></g><g fill=\"#FF0000\"><circle cx=\"10.5\" cy=\"7\" r=\"2.5\"/></g>"
                + "<g fill=\"#4E79A7\" fill-opacity=\"0.55\"><circle cx=\"0.1\" cy=\"100\" r=\"2.5\"/></g>")
    }

    @Test func numbersHaveAtMostTwoDecimals() {
        func text(_ v: Double) -> String {
            var out = [UInt8]()
            SVGDots.append(v, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        #expect(
            text(0) == "0" && text(12) == "12" && text(12.5) == "12.5" && text(12.345) == "12.35"
                && text(-3.01) == "-3.01")
        #expect(text(899.999) == "900" && text(.nan) == "0")
    }

    @Test func noPlaceholderOrTwoMeansNoReplacement() throws {
        let marker = try #require(SVGDots.placeholderText)
        let cloud = DotCloud(centers: [Point(x: 1, y: 1)], colorIndex: [0], colors: [.black], radius: 1)
        #expect(SVGDots.replacingPlaceholder(in: "<svg></svg>", with: cloud) == nil)
        #expect(SVGDots.replacingPlaceholder(in: "<svg>\(marker)\(marker)</svg>", with: cloud) == nil)
        #expect(
            SVGDots.replacingPlaceholder(in: "<svg>\(marker)</svg>", with: cloud)
                == "<svg><g fill=\"#000000\"><circle cx=\"1\" cy=\"1\" r=\"1\"/></g></svg>")
    }
}
