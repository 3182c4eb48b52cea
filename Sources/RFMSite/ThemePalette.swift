import Foundation
import RFMCharts
import RFMCore

/// `palette.json` of a theme: page colours for the HTML, chart colours for Cairo, and segment colours for both.
public struct ThemePalette: Sendable, Codable, Equatable {
    public struct Page: Sendable, Codable, Equatable {
        public var background: String
        public var surface: String
        public var text: String
        public var mutedText: String
        public var border: String
        public var accent: String
        public var accentText: String
        public var positive: String
        public var negative: String
    }

    public var name: String
    public var page: Page
    public var chart: ChartPalette
    /// Colours by segment name; segments without one take the chart series colours in order.
    public var segments: [String: String]

    /// CSS custom properties for the pages (`--text: #1F2937; ...`).
    public var cssVariables: String {
        let zebra = Self.mix(page.surface, page.text, 0.035)
        let highlight = Self.mix(page.surface, page.accent, 0.12)
        return [
            ("page-background", page.background), ("surface", page.surface), ("text", page.text),
            ("muted-text", page.mutedText), ("border", page.border), ("accent", page.accent),
            ("accent-text", page.accentText), ("positive", page.positive), ("negative", page.negative),
            ("zebra", zebra), ("highlight", highlight),
        ].map { "--\($0.0): \($0.1);" }.joined(separator: " ")
    }

    /// The colour of a segment: the rules file's, else the palette's, else a series colour.
    public func colour(segment name: String, index: Int, ruleColour: String?) -> String {
        ruleColour ?? segments[name] ?? chart.series[index % max(1, chart.series.count)]
    }

    /// Every segment's colour, in rule order: the one list the pages, the charts and the workbook draw with.
    public func segmentColours(_ rules: SegmentRuleSet) -> [String] {
        rules.segments.enumerated().map { colour(segment: $1.name, index: $0, ruleColour: $1.colour) }
    }

    /// `a` moved towards `b` by `t` (0...1), as `#RRGGBB`.
    static func mix(_ a: String, _ b: String, _ t: Double) -> String {
        guard let x = rgb(a), let y = rgb(b) else { return a }
        func channel(_ i: Int) -> Int { Int((Double(x[i]) * (1 - t) + Double(y[i]) * t).rounded()) }
        return "#" + (0..<3).map { String(format2hex(channel($0))) }.joined()
    }

    static func rgb(_ hex: String) -> [Int]? {
        guard hex.count == 7, hex.first == "#", let v = Int(hex.dropFirst(), radix: 16) else { return nil }
        return [(v >> 16) & 255, (v >> 8) & 255, v & 255]
    }

    /// Black or white, whichever reads better on `hex` (WCAG relative luminance).
    public static func readableText(on hex: String) -> String {
        guard let c = rgb(hex) else { return "#000000" }
        func linear(_ v: Int) -> Double {
            let s = Double(v) / 255
            return s <= 0.03928 ? s / 12.92 : Foundation.pow((s + 0.055) / 1.055, 2.4)
        }
        let l = 0.2126 * linear(c[0]) + 0.7152 * linear(c[1]) + 0.0722 * linear(c[2])
        return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? "#111111" : "#FFFFFF"
    }
}

private func format2hex(_ v: Int) -> String {
    let s = String(max(0, min(255, v)), radix: 16, uppercase: true)
    return s.count == 1 ? "0" + s : s
}
