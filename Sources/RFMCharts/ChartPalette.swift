/// Colours and font of a chart, as `#RRGGBB` strings, so a theme file can carry them.
public struct ChartPalette: Sendable, Codable, Equatable {
    public var background: String
    public var text: String
    public var mutedText: String
    public var grid: String
    public var axis: String
    /// Categorical colours, used in order and repeated when there are more categories.
    public var series: [String]
    /// Sequential ramp, low to high, for heatmaps.
    public var sequential: [String]
    /// Font family for Cairo's toy font API; only DejaVu Sans is installed by default.
    public var fontFamily: String

    /// Creates a palette; `sequential` and `fontFamily` have report defaults.
    public init(
        background: String, text: String, mutedText: String, grid: String, axis: String,
        series: [String], sequential: [String] = ChartPalette.blues, fontFamily: String = "DejaVu Sans"
    ) {
        self.background = background
        self.text = text
        self.mutedText = mutedText
        self.grid = grid
        self.axis = axis
        self.series = series
        self.sequential = sequential
        self.fontFamily = fontFamily
    }

    private enum CodingKeys: String, CodingKey {
        case background, text, mutedText, grid, axis, series, sequential, fontFamily
    }

    /// Decodes a palette; `sequential` and `fontFamily` may be omitted.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            background: try c.decode(String.self, forKey: .background),
            text: try c.decode(String.self, forKey: .text),
            mutedText: try c.decode(String.self, forKey: .mutedText),
            grid: try c.decode(String.self, forKey: .grid),
            axis: try c.decode(String.self, forKey: .axis),
            series: try c.decode([String].self, forKey: .series),
            sequential: try c.decodeIfPresent([String].self, forKey: .sequential) ?? ChartPalette.blues,
            fontFamily: try c.decodeIfPresent(String.self, forKey: .fontFamily) ?? "DejaVu Sans")
    }

    /// ColorBrewer "Blues" (5 classes), light to dark.
    public static let blues = ["#F7FBFF", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B"]

    /// The report palette: white background, near-black text (contrast 14.7:1), muted text 7.6:1,
    /// Tableau 10 series colours.
    public static let standard = ChartPalette(
        background: "#FFFFFF", text: "#1F2937", mutedText: "#4B5563", grid: "#E5E7EB", axis: "#9CA3AF",
        series: [
            "#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#EDC948", "#B07AA1", "#FF9DA7",
            "#9C755F", "#BAB0AC",
        ])
}
